/**
 * A key may be written flat (`service.pingOne.endpoint.environmentID: …`) or partly flat, in any
 * case, as other tools and hand edits leave it: `config set` and `config unset` change it
 * where it is written.
 */
import assert from "node:assert/strict";
import { envelope, Sandbox } from "./harness.ts";

const OLD = "11111111-2222-4333-8444-555555555555";
const NEW = "66666666-7777-4888-9999-000000000000";
const KEY = "service.pingOne.endpoint.environmentID";

const LAYOUTS: [string, string][] = [
  [
    "flat, lower case",
    `activeProfile: default
default:
  description: Default profile created by Ping CLI
  service.pingone.endpoint.environmentid: ${OLD} # from the portal
  outputFormat: text
`,
  ],
  [
    "partly flat",
    `activeProfile: default
default:
  description: Default profile created by Ping CLI
  service:
    pingOne.endpoint.environmentID: ${OLD} # from the portal
  outputFormat: text
`,
  ],
  [
    "flat parent",
    `activeProfile: default
default:
  description: Default profile created by Ping CLI
  Service.PingOne:
    endpoint:
      environmentID: ${OLD} # from the portal
  outputFormat: text
`,
  ],
];

/** The file without the line holding the environment ID, and parents it leaves empty. */
function withoutKey(text: string): string {
  return text.replace(/\n {2}service:\n {4}pingOne[^\n]*/, "")
    .replace(/\n {2}Service\.PingOne:\n.*\n.*# from the portal/, "")
    .replace(/\n[^\n]*# from the portal/, "");
}

for (const [layout, text] of LAYOUTS) {
  for (const newline of ["\n", "\r\n"]) {
    const file = text.replaceAll("\n", newline);
    const name = `${layout}${newline === "\r\n" ? ", CRLF" : ""}`;

    Deno.test(`config set changes a key written ${name} in place`, async () => {
      await using box = await Sandbox.create();
      await box.writeConfig(file);
      const before = await box.run(["-O", "json", "config", "get", KEY]);
      assert.deepEqual(envelope(before).data, [
        { key: KEY, value: OLD, source: "file ~/.pingcli/config.yaml (profile default)" },
      ]);
      const r = await box.run(["config", "set", `${KEY}=${NEW}`]);
      assert.equal(r.stderr, "");
      assert.equal(r.code, 0);
      assert.equal(r.stdout, `Configuration set successfully:\n${KEY}=${NEW}\n`);
      assert.equal(await box.readConfig(), file.replace(OLD, NEW));
      const after = await box.run(["-O", "json", "config", "get", KEY]);
      assert.equal(after.stderr, "");
      assert.equal((envelope(after).data as { value: string }[])[0]!.value, NEW);
    });

    Deno.test(`config unset removes a key written ${name}`, async () => {
      await using box = await Sandbox.create();
      await box.writeConfig(file);
      const r = await box.run(["config", "unset", KEY]);
      assert.equal(r.stderr, "");
      assert.equal(r.code, 0);
      assert.equal(r.stdout, `Configuration unset successfully:\n${KEY}=\n`);
      assert.equal(await box.readConfig(), withoutKey(text).replaceAll("\n", newline));
    });
  }
}

Deno.test("config set adds a key beside a partly flat one, under the mapping it shares", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(
    `default:\n  service.pingOne:\n    endpoint:\n      environmentID: ${OLD}\n`,
  );
  const r = await box.run(["config", "set", "service.pingOne.endpoint.rootDomain=pingone.eu"]);
  assert.equal(r.stderr, "");
  assert.equal(r.code, 0);
  assert.equal(
    await box.readConfig(),
    `default:\n  service.pingOne:\n    endpoint:\n      environmentID: ${OLD}\n` +
      "      rootDomain: pingone.eu\n",
  );
});

Deno.test("config set of a key written twice (nested and flat) leaves one", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(
    `default:\n  service.pingOne.endpoint.environmentID: ${OLD}\n` +
      `  service:\n    pingOne:\n      endpoint:\n        environmentID: ${OLD}\n`,
  );
  // The profile in use holds the key twice: a normal command stops there.
  const status = await box.run(["auth", "status"]);
  assert.equal(status.code, 1);
  assert.equal(
    status.stderr,
    `ERROR: ${box.configPath}:6:9: ${KEY} is set twice (also on line 2)\n` +
      "Hint: Remove one of them by hand, or set the key again with 'pingcli config set'.\n",
  );
  const r = await box.run(["config", "set", `${KEY}=${NEW}`]);
  assert.equal(r.code, 0);
  assert.equal(
    await box.readConfig(),
    `default:\n  service.pingOne.endpoint.environmentID: ${NEW}\n`,
  );
  assert.equal((await box.run(["config", "get", KEY])).stderr, "");
});
