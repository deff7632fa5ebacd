/**
 * No home directory (HOME unset or empty, as in some containers): there is no default config
 * file, so defaults and env apply and env-only use works; only a command that must write the
 * default file fails, naming what to set. -C and PINGCLI_CONFIG work as ever.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { runPingcli as spawnPingcli } from "../support/cli.ts";
import { envelope, runPingcli } from "./harness.ts";

const ENV_ID = "11111111-2222-4333-8444-555555555555";
const ENV_KEY = "service.pingOne.endpoint.environmentID";
const NO_HOME = "ERROR: cannot find the home directory for ~/.pingcli/config.yaml\n" +
  "Hint: Set HOME (USERPROFILE on Windows), or name a config file with -C/--config or " +
  "PINGCLI_CONFIG.\n";

Deno.test("without a home, reads see defaults and env, and nothing is written", async () => {
  const get = await runPingcli(["config", "get", "description"]);
  assert.equal(get.stderr, "");
  assert.equal(get.code, 0);
  assert.equal(get.stdout, "KEY          VALUE  SOURCE\ndescription         not set\n");
  const env = await runPingcli(["-O", "json", "config", "get", ENV_KEY], {
    env: { PINGONE_ENVIRONMENT_ID: ENV_ID },
  });
  assert.equal(env.code, 0, env.stderr);
  assert.deepEqual(envelope(env).data, [
    { key: ENV_KEY, value: ENV_ID, source: "env PINGONE_ENVIRONMENT_ID" },
  ]);
  const list = await runPingcli(["config", "profiles", "list"]);
  assert.equal(list.code, 0, list.stderr);
  assert.equal(
    list.stdout,
    "NAME     DESCRIPTION                          ACTIVE\n" +
      "default  Default profile created by Ping CLI  yes\n",
  );
  const unset = await runPingcli(["config", "unset", "noColor"]);
  assert.equal(unset.code, 0, unset.stderr);
  assert.equal(unset.stdout, "noColor is not set in profile 'default'; nothing changed.\n");
});

Deno.test("without a home, env-only auth status gets as far as the token request", async () => {
  const r = await runPingcli(["-O", "json", "auth", "status"], {
    env: {
      PINGONE_ENVIRONMENT_ID: ENV_ID,
      PINGONE_CLIENT_CREDENTIALS_CLIENT_ID: "22222222-2222-4333-8444-555555555555",
      PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET: "secret",
    },
  });
  assert.equal(r.stderr, "");
  // The harness has no network: failing there shows the config was resolved from env alone.
  assert.equal(envelope(r).errors[0]!.code, "NETWORK_ERROR");
});

Deno.test("without a home, commands that write the default file say what to set", async () => {
  for (
    const argv of [
      ["config", "set", "description=x"],
      ["config", "profiles", "create", "dev"],
      ["config", "profiles", "use", "default"],
    ]
  ) {
    const r = await runPingcli(argv);
    assert.equal(r.code, 1, argv.join(" "));
    assert.equal(r.stdout, "");
    assert.equal(r.stderr, NO_HOME);
  }
});

Deno.test("without a home, -C and PINGCLI_CONFIG still name a file to read and change", async () => {
  const dir = await Deno.makeTempDir({ prefix: "pingcli-test-" });
  try {
    const file = join(dir, "config.yaml");
    await Deno.writeTextFile(file, "default:\n  noColor: true\n");
    const set = await runPingcli(["-C", file, "config", "set", "description=x"]);
    assert.equal(set.code, 0, set.stderr);
    const get = await runPingcli(["config", "get", "description"], {
      env: { PINGCLI_CONFIG: file },
    });
    assert.equal(get.code, 0, get.stderr);
    assert.match(get.stdout, /^description +x +file .*config\.yaml \(profile default\)\n/m);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("with HOME empty, the real binary reads env and never creates a '~' directory", async () => {
  const cwd = await Deno.makeTempDir({ prefix: "pingcli-test-" });
  try {
    const get = await spawnPingcli(["config", "get", ENV_KEY], {
      env: { HOME: "", PINGONE_ENVIRONMENT_ID: ENV_ID },
      cwd,
    });
    assert.equal(get.stderr, "");
    assert.equal(get.code, 0);
    assert.match(
      get.stdout,
      new RegExp(`^${ENV_KEY} +${ENV_ID} +env PINGONE_ENVIRONMENT_ID\n`, "m"),
    );
    const set = await spawnPingcli(["config", "set", "description=x"], { env: { HOME: "" }, cwd });
    assert.equal(set.code, 1);
    assert.equal(set.stderr, NO_HOME);
    assert.deepEqual([...Deno.readDirSync(cwd)], []);
  } finally {
    await Deno.remove(cwd, { recursive: true });
  }
});
