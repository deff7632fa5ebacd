/**
 * `pingcli config` through the real entry point, with the permission set the compiled binary
 * gets (tests/support/cli.ts): concurrent writers, secrets from stdin, a read-only home.
 */
import assert from "node:assert/strict";
import YAML from "yaml";
import { runPingcli } from "../support/cli.ts";
import { Sandbox } from "./harness.ts";

const CANARY = "canary-secret-9d3b1f";

Deno.test("20 concurrent config set processes on one file lose no update", async () => {
  await using box = await Sandbox.create();
  const names = Array.from({ length: 20 }, (_, i) => `p${i}`);
  await box.writeConfig(
    "activeProfile: default\ndefault: {}\n" + names.map((n) => `${n}: {}\n`).join(""),
  );
  const results = await Promise.all(
    names.map((name, i) =>
      runPingcli(["-P", name, "config", "set", `description=value ${i}`], {
        env: { HOME: box.home },
      })
    ),
  );
  for (const r of results) assert.equal(r.code, 0, r.stderr);
  const text = await box.readConfig();
  const parsed = YAML.parse(text);
  for (const [i, name] of names.entries()) assert.equal(parsed[name].description, `value ${i}`);
  assert.equal(YAML.parseDocument(text).errors.length, 0);
  const left = [...Deno.readDirSync(box.configDir)].map((e) => e.name);
  assert.deepEqual(left, ["config.yaml"], "no lock or temp file is left behind");
});

Deno.test("a secret set from stdin never shows in output", async () => {
  await using box = await Sandbox.create();
  const env = { HOME: box.home };
  const key = "service.pingOne.authentication.clientCredentials.clientSecret";
  const set = await runPingcli(["config", "set", key, "-"], { env, stdin: CANARY + "\n" });
  assert.equal(set.code, 0, set.stderr);
  assert.equal(set.stdout, `Configuration set successfully:\n${key}=********\n`);
  assert.match(await box.readConfig(), new RegExp(`clientSecret: ${CANARY}\n`));
  for (
    const argv of [
      ["config", "get"],
      ["-O", "json", "config", "get", "pingone"],
      ["config", "profiles", "show"],
      ["--debug", "config", "get", key],
    ]
  ) {
    const r = await runPingcli(argv, { env });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!(r.stdout + r.stderr).includes(CANARY), argv.join(" "));
    assert.match(r.stdout, /\*{8}/);
  }
  const unmasked = await runPingcli(["config", "get", "-U", key], { env });
  assert.match(unmasked.stdout, new RegExp(CANARY));
});

Deno.test({
  name: "a read-only home: reads work, writes fail cleanly with exit 1",
  // Permission bits do not stop root; config_get_test.ts covers that case in-process.
  ignore: Deno.build.os === "windows" || Deno.uid() === 0,
  async fn() {
    await using box = await Sandbox.create();
    await box.writeConfig("default:\n  outputFormat: text\n");
    await Deno.chmod(box.configDir, 0o500);
    await Deno.chmod(box.home, 0o500);
    const env = { HOME: box.home };
    for (
      const argv of [["config", "get"], ["config", "profiles", "list"], ["config", "list-keys"]]
    ) {
      const r = await runPingcli(argv, { env });
      assert.equal(r.code, 0, r.stderr);
    }
    const set = await runPingcli(["config", "set", "noColor=true"], { env });
    assert.equal(set.code, 1);
    assert.match(set.stderr, /^ERROR: cannot (create lock|write) /);
    assert.doesNotMatch(set.stderr, /\n\s+at /, "no stack trace without --debug");
  },
});

Deno.test("exit codes through the real entry point: 0, 1, and 2 with -D", async () => {
  await using box = await Sandbox.create();
  const env = {
    HOME: box.home,
    PINGONE_ROOT_DOMAIN: "pingone.eu",
    PINGCLI_PINGONE_ROOT_DOMAIN: "pingone.ca",
  };
  assert.equal((await runPingcli(["config", "get", "noColor"], { env })).code, 0);
  const unknown = await runPingcli(["confg"], { env });
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /^ERROR: unknown command 'confg'\nHint: Did you mean config\?/);
  const warned = await runPingcli(["-D", "config", "get", "pingone"], { env });
  assert.equal(warned.code, 2);
  assert.match(
    warned.stderr,
    /^WARNING: env PINGONE_ROOT_DOMAIN and env PINGCLI_PINGONE_ROOT_DOMAIN/,
  );
});
