/**
 * A key pingcli does not know in the profile in use (a typo, or a Go CLI leftover such as
 * `export` or `request`): commands that use the profile stop at it with path:line:col and the
 * nearest key; `config get|set|unset` and `profiles show` warn and carry on, and
 * `config unset <that key>` removes it.
 */
import assert from "node:assert/strict";
import { envelope, Sandbox } from "./harness.ts";

const ENV_ID = "11111111-2222-4333-8444-555555555555";
const ENV_KEY = "service.pingOne.endpoint.environmentID";

const GO_CLI = `activeProfile: default
default:
  description: Default profile created by Ping CLI
  export:
    format: HCL
    outputDirectory: /tmp/export
  request:
    fail: false
  service:
    pingOne:
      authentication.worker.clientID: abc # worker app
      endpoint:
        enviromentID: ${ENV_ID}
`;

const LIST_KEYS = "Run 'pingcli config list-keys' to see every key.";

/** The warnings for GO_CLI, in file order. */
function warnings(box: Sandbox): string {
  const at = (where: string, key: string, suggestion = "") =>
    `WARNING: ${box.configPath}:${where}: unknown key '${key}'. ${suggestion}` +
    `To remove it: pingcli config unset -P default ${key}. ${LIST_KEYS}\n`;
  return at("4:3", "export") + at("7:3", "request") +
    at(
      "11:7",
      "service.pingOne.authentication.worker.clientID",
      "Did you mean 'service.pingOne.authentication.clientCredentials.clientID'? ",
    ) +
    at("13:9", "service.pingOne.endpoint.enviromentID", `Did you mean '${ENV_KEY}'? `);
}

Deno.test("an unknown key stops commands that use the profile, with the nearest key", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(GO_CLI.replace(/ {2}export:\n.*\n.*\n {2}request:\n.*\n/, ""));
  const r = await box.run(["auth", "status"]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "");
  assert.equal(
    r.stderr,
    `ERROR: ${box.configPath}:6:7: unknown key 'service.pingOne.authentication.worker.clientID'\n` +
      "Hint: Did you mean 'service.pingOne.authentication.clientCredentials.clientID'? To remove it: pingcli config unset -P " +
      `default service.pingOne.authentication.worker.clientID. ${LIST_KEYS}\n`,
  );
  // Profile management still works (so the user can switch away), with the problem as a warning.
  const json = await box.run(["-O", "json", "config", "profiles", "list"]);
  assert.equal(json.code, 0);
  assert.equal(envelope(json).warnings[0]!.code, "CONFIG_INVALID");
  // Another profile is not bothered by it.
  await box.writeConfig(GO_CLI + "dev:\n  noColor: true\n");
  const dev = await box.run(["-P", "dev", "auth", "status"]);
  assert.match(dev.stderr, /^ERROR: no Ping service is configured for profile 'dev'\n/);
});

Deno.test("config get, set and profiles show warn about unknown keys and carry on", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(GO_CLI);
  const get = await box.run(["config", "get", "description"]);
  assert.equal(get.code, 0);
  assert.equal(get.stderr, warnings(box));
  assert.match(get.stdout, /^description +Default profile created by Ping CLI +file /m);
  const show = await box.run(["config", "profiles", "show"]);
  assert.equal(show.code, 0);
  assert.equal(show.stderr, warnings(box));
  assert.equal(await box.readConfig(), GO_CLI);
  // Setting the key the typo meant: written, and the typo is still reported until removed.
  const set = await box.run(["config", "set", `${ENV_KEY}=${ENV_ID}`]);
  assert.equal(set.stderr, warnings(box));
  assert.equal(set.code, 0);
  assert.equal(
    await box.readConfig(),
    GO_CLI + `        environmentID: ${ENV_ID}\n`,
  );
});

Deno.test("config unset removes an unknown key from the file", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(GO_CLI);
  const r = await box.run(["config", "unset", "export"]);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, warnings(box));
  assert.equal(r.stdout, "Unknown key 'export' removed from profile 'default'.\n");
  assert.equal(await box.readConfig(), GO_CLI.replace(/ {2}export:\n.*\n.*\n/, ""));
  for (
    const key of [
      "REQUEST",
      "service.pingOne.authentication.worker.clientID",
      "service.pingOne.endpoint.enviromentID",
    ]
  ) {
    const unset = await box.run(["-O", "json", "config", "unset", key]);
    assert.equal(unset.code, 0, key);
    assert.deepEqual(envelope(unset).data, {
      profile: "default",
      key: key === "REQUEST" ? "request" : key,
      value: null,
      removed: true,
    });
  }
  assert.equal(
    await box.readConfig(),
    "activeProfile: default\ndefault:\n  description: Default profile created by Ping CLI\n",
  );
  // Once it is gone, it is an unknown name again.
  const again = await box.run(["config", "unset", "export"]);
  assert.equal(again.code, 1);
  assert.equal(
    again.stderr,
    `ERROR: unknown configuration key 'export'\nHint: ${LIST_KEYS}\n`,
  );
  assert.equal((await box.run(["auth", "status"])).stderr.includes("unknown key"), false);
});

Deno.test("a value where a mapping of keys belongs: a problem of the profile, removable", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig("default:\n  noColor: true\n  service:\n    pingOne: enabled\n");
  const message = `${box.configPath}:4:14: service.pingOne must be a mapping of keys (such as ` +
    "service.pingOne.enabled)";
  const hint = "To remove it: pingcli config unset -P default service.pingOne";
  const status = await box.run(["auth", "status"]);
  assert.equal(status.code, 1);
  assert.equal(status.stderr, `ERROR: ${message}\nHint: ${hint}\n`);
  const get = await box.run(["config", "get", "noColor"]);
  assert.equal(get.code, 0);
  assert.equal(get.stderr, `WARNING: ${message}. ${hint}\n`);
  // Nothing goes under it until it is removed: what was written there is not lost.
  const set = await box.run(["config", "set", "service.pingOne.endpoint.rootDomain=pingone.eu"]);
  assert.equal(set.code, 1);
  assert.equal(
    set.stderr,
    `WARNING: ${message}. ${hint}\n` +
      "ERROR: service.pingOne holds a value where a mapping of keys belongs, so " +
      "service.pingOne.endpoint.rootDomain cannot be added under it\n" +
      "Hint: Remove it first: pingcli config unset -P default service.pingOne\n",
  );
  assert.equal(
    await box.readConfig(),
    "default:\n  noColor: true\n  service:\n    pingOne: enabled\n",
  );
  const unset = await box.run(["config", "unset", "service.pingOne"]);
  assert.equal(unset.code, 0, unset.stderr);
  assert.equal(await box.readConfig(), "default:\n  noColor: true\n");
});

Deno.test("the pre-1.0 regionCode key and codes still work, as the root domain", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(
    "activeProfile: default\ndefault:\n  service:\n    pingOne:\n      regionCode: EU\n",
  );
  const r = await box.run(["config", "get", "service.pingOne.endpoint.rootDomain"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^service\.pingOne\.endpoint\.rootDomain +pingone\.eu +file /m);
  const env = await box.run(
    ["-O", "json", "config", "get", "service.pingOne.endpoint.rootDomain"],
    {
      env: { PINGCLI_PINGONE_REGION_CODE: "AP" },
    },
  );
  // deno-lint-ignore no-explicit-any
  assert.deepEqual((envelope(env).data as any)[0], {
    key: "service.pingOne.endpoint.rootDomain",
    value: "pingone.asia",
    source: "env PINGCLI_PINGONE_REGION_CODE",
  });
});

const WORKER = `activeProfile: default
default:
  service:
    pingOne:
      authentication:
        type: worker
        worker:
          clientID: ${ENV_ID}
          clientSecret: go-secret
`;

Deno.test("a Go CLI worker mapping points to clientCredentials, and its keys unset one by one", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(WORKER);
  const warning = `WARNING: ${box.configPath}:7:9: unknown key ` +
    "'service.pingOne.authentication.worker'. Did you mean " +
    "'service.pingOne.authentication.clientCredentials'? To remove it: pingcli config unset " +
    `-P default service.pingOne.authentication.worker. ${LIST_KEYS}\n`;
  const leaf = "service.pingOne.authentication.worker.clientID";
  const r = await box.run(["config", "unset", leaf]);
  assert.equal(r.stderr, warning);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, `Unknown key '${leaf}' removed from profile 'default'.\n`);
  assert.equal(await box.readConfig(), WORKER.replace(/ +clientID: .*\n/, ""));
  // The last key under it goes with the mapping it leaves empty.
  const last = await box.run([
    "-O",
    "json",
    "config",
    "unset",
    "service.pingone.authentication.WORKER.clientSecret",
  ]);
  assert.equal(last.code, 0, last.stderr);
  assert.deepEqual(envelope(last).data, {
    profile: "default",
    key: "service.pingOne.authentication.worker.clientSecret",
    value: null,
    removed: true,
  });
  assert.equal(
    await box.readConfig(),
    "activeProfile: default\ndefault:\n  service:\n    pingOne:\n      authentication:\n" +
      "        type: worker\n",
  );
  // A leaf under a known mapping that is not a key is still an unknown name.
  const typo = await box.run(["config", "unset", "service.pingOne.authentication.clientID"]);
  assert.equal(typo.code, 1);
  assert.match(typo.stderr, /^ERROR: unknown configuration key /);
});

Deno.test("the legacy worker keys suggest their clientCredentials successors", async () => {
  await using box = await Sandbox.create();
  for (
    const [leaf, successor] of [
      ["worker.clientSecret", "clientCredentials.clientSecret"],
      ["worker.scopes", "clientCredentials.scopes"],
      ["worker.nonsense", "clientCredentials"],
    ]
  ) {
    const r = await box.run(["config", "get", `service.pingOne.authentication.${leaf}`]);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      `ERROR: unknown configuration key 'service.pingOne.authentication.${leaf}'\n` +
        `Hint: Did you mean 'service.pingOne.authentication.${successor}'? ${LIST_KEYS}\n`,
    );
  }
});

Deno.test("a key that is not a plain name is quoted in the command that removes it", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig("default:\n  noColor: true\n  $HOME: /root\n  team's note: x\n");
  const r = await box.run(["config", "get", "noColor"]);
  assert.equal(r.code, 0);
  assert.equal(
    r.stderr,
    `WARNING: ${box.configPath}:3:3: unknown key '$HOME'. To remove it: pingcli config unset ` +
      `-P default '$HOME'. ${LIST_KEYS}\n` +
      `WARNING: ${box.configPath}:4:3: unknown key 'team's note'. To remove it: pingcli config unset ` +
      `-P default 'team'\\''s note'. ${LIST_KEYS}\n`,
  );
  // The quoted word is what the shell hands to pingcli: the key itself.
  for (const key of ["$HOME", "team's note"]) {
    const unset = await box.run(["config", "unset", key]);
    assert.equal(unset.code, 0, unset.stderr);
  }
  assert.equal(await box.readConfig(), "default:\n  noColor: true\n");
});
