/**
 * A bad value stored in the config file: `config get`, `config set`, `config unset` and
 * `profiles show` warn about it and carry on, so the user can see it and repair it with pingcli;
 * other commands still fail on it, and nothing pingcli writes adds a bad value.
 */
import assert from "node:assert/strict";
import { envelope, Sandbox } from "./harness.ts";

const ENV_ID = "11111111-2222-4333-8444-555555555555";
const ENV_KEY = "service.pingOne.endpoint.environmentID";

const BROKEN = `activeProfile: default
default:
  description: Default profile created by Ping CLI
  service:
    pingOne:
      endpoint:
        environmentID: not-a-uuid # from the portal
        rootDomain: pingone.eu
`;

/** The warning for the bad environment ID in BROKEN. */
function badEnvId(box: Sandbox): string {
  return `WARNING: ${box.configPath}:7:24: invalid value for ${ENV_KEY} from file ` +
    "(profile default): 'not-a-uuid' is not a valid UUID. Allowed: a UUID such as " +
    "00000000-0000-0000-0000-000000000000\n";
}

Deno.test("config set repairs a bad value in the file, keeping the rest as written", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(BROKEN);
  const r = await box.run(["config", "set", `${ENV_KEY}=${ENV_ID}`]);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, badEnvId(box));
  assert.equal(r.stdout, `Configuration set successfully:\n${ENV_KEY}=${ENV_ID}\n`);
  assert.equal(await box.readConfig(), BROKEN.replace("not-a-uuid", ENV_ID));
  const after = await box.run(["config", "get", ENV_KEY]);
  assert.equal(after.stderr, "");
  assert.equal(after.code, 0);
});

Deno.test("config unset removes a bad value from the file", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(BROKEN);
  const r = await box.run(["config", "unset", ENV_KEY]);
  assert.equal(r.stderr, badEnvId(box));
  assert.equal(r.code, 0);
  assert.equal(r.stdout, `Configuration unset successfully:\n${ENV_KEY}=\n`);
  assert.equal(await box.readConfig(), BROKEN.replace(/ +environmentID: .*\n/, ""));
});

Deno.test("config get and profiles show report a bad value and show the rest", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(BROKEN);
  const get = await box.run(["config", "get", "service.pingOne.endpoint"]);
  assert.equal(get.stderr, badEnvId(box));
  assert.equal(get.code, 0);
  assert.match(get.stdout, /\nservice\.pingOne\.endpoint\.environmentID +not set\n/);
  assert.match(get.stdout, /\nservice\.pingOne\.endpoint\.rootDomain +pingone\.eu +file /);
  // The env applies while the file's value is unusable.
  const env = await box.run(["-O", "json", "config", "get", ENV_KEY], {
    env: { PINGONE_ENVIRONMENT_ID: ENV_ID },
  });
  assert.equal(env.code, 0);
  assert.deepEqual(envelope(env).data, [
    { key: ENV_KEY, value: ENV_ID, source: "env PINGONE_ENVIRONMENT_ID" },
  ]);
  assert.deepEqual(envelope(env).warnings.map((w) => w.code), ["CONFIG_INVALID"]);
  const show = await box.run(["config", "profiles", "show"]);
  assert.equal(show.stderr, badEnvId(box));
  assert.equal(show.code, 0);
  assert.equal(
    show.stdout,
    "KEY                                  VALUE\n" +
      "description                          Default profile created by Ping CLI\n" +
      "service.pingOne.endpoint.rootDomain  pingone.eu\n",
  );
});

Deno.test("fixing one bad value works while another is still there", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(BROKEN + "  noColor: maybe\n");
  const r = await box.run(["config", "set", `${ENV_KEY}=${ENV_ID}`]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stderr,
    badEnvId(box) +
      `WARNING: ${box.configPath}:9:12: invalid value for noColor from file (profile default): ` +
      "'maybe' is not a boolean. Allowed: true, false, 1, 0, yes, no\n",
  );
  assert.equal(await box.readConfig(), BROKEN.replace("not-a-uuid", ENV_ID) + "  noColor: maybe\n");
  const unset = await box.run(["config", "unset", "noColor"]);
  assert.equal(unset.code, 0, unset.stderr);
  assert.equal(await box.readConfig(), BROKEN.replace("not-a-uuid", ENV_ID));
});

Deno.test("a mapping where a value belongs can be replaced with config set", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig("default:\n  noColor:\n    value: true\n");
  const r = await box.run(["config", "set", "noColor=true"]);
  assert.equal(
    r.stderr,
    `WARNING: ${box.configPath}:3:5: noColor must be a single value, not a mapping\n`,
  );
  assert.equal(r.code, 0);
  assert.equal(await box.readConfig(), "default:\n  noColor: true\n");
});

Deno.test("other commands still fail on a bad value, and leave the file alone", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(BROKEN);
  // Profile management works, warning about the value, so the user can switch away from it.
  const list = await box.run(["config", "profiles", "list"]);
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stderr, /^WARNING: \S+:7:24: invalid value for /);
  for (const argv of [["auth", "status"], ["pingone", "api", "environments"]]) {
    const r = await box.run(argv);
    assert.equal(r.code, 1, argv.join(" "));
    assert.equal(r.stdout, "");
    assert.equal(
      r.stderr,
      `ERROR: ${box.configPath}:7:24: invalid value for ${ENV_KEY} from file (profile default): ` +
        "'not-a-uuid' is not a valid UUID\n" +
        "Hint: Allowed: a UUID such as 00000000-0000-0000-0000-000000000000\n",
    );
  }
  assert.equal(await box.readConfig(), BROKEN);
});

const TWO_PROFILES = `activeProfile: dev
default:
  outputFormat: xml
dev:
  noColor: true
`;

const BAD_FORMAT = "invalid value for outputFormat from file (profile default): 'xml' is not " +
  "allowed";
const ALLOWED_FORMATS = "Allowed: json, ndjson, ndjson-wrapped, text";

Deno.test("a bad value in another profile does not matter to the profile in use", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(TWO_PROFILES);
  const status = await box.run(["auth", "status"]);
  assert.match(status.stderr, /^ERROR: no Ping service is configured for profile 'dev'\n/);
  assert.doesNotMatch(status.stderr, /xml/);
  const get = await box.run(["config", "get", "noColor"]);
  assert.equal(get.stderr, "");
  assert.equal(get.code, 0);
  const set = await box.run(["config", "set", "noColor=false"]);
  assert.equal(set.stderr, "");
  assert.equal(set.code, 0);
  assert.equal(await box.readConfig(), TWO_PROFILES.replace("noColor: true", "noColor: false"));
  // The profile that holds it: normal commands stop, repair commands warn.
  const other = await box.run(["-P", "default", "auth", "status"]);
  assert.equal(other.code, 1);
  assert.equal(
    other.stderr,
    `ERROR: ${box.configPath}:3:17: ${BAD_FORMAT}\nHint: ${ALLOWED_FORMATS}\n`,
  );
  const warning = `WARNING: ${box.configPath}:3:17: ${BAD_FORMAT}. ${ALLOWED_FORMATS}\n`;
  const list = await box.run(["config", "profiles", "list"]);
  assert.equal(list.code, 0);
  assert.equal(list.stderr, warning);
  const show = await box.run(["config", "profiles", "show", "default"]);
  assert.equal(show.code, 0);
  assert.equal(show.stderr, warning);
  assert.equal(show.stdout, "Profile 'default' has no settings.\n");
  const repair = await box.run(["-P", "default", "config", "set", "outputFormat=text"]);
  assert.equal(repair.code, 0);
  assert.equal(repair.stderr, warning);
  assert.equal((await box.run(["config", "profiles", "list"])).stderr, "");
});

const GRANT = "service.pingOne.authentication.grantType";

Deno.test("the Go CLI's authentication type 'worker' reads as client_credentials", async () => {
  await using box = await Sandbox.create();
  const text = "default:\n  service:\n    pingOne:\n      authentication:\n        type: worker\n";
  await box.writeConfig(text);
  const get = await box.run(["-O", "json", "config", "get", GRANT]);
  assert.deepEqual(envelope(get).warnings, []);
  assert.deepEqual(envelope(get).data, [
    {
      key: GRANT,
      value: "client_credentials",
      source: "file ~/.pingcli/config.yaml (profile default)",
    },
  ]);
  const env = await box.run(["-O", "json", "config", "get", GRANT], {
    env: { PINGONE_AUTH_GRANT_TYPE: "Worker" },
  });
  assert.equal((envelope(env).data as { value: string }[])[0]!.value, "client_credentials");
  const set = await box.run(["config", "set", "service.pingOne.authentication.type=worker"]);
  assert.equal(set.stderr, "");
  assert.equal(set.stdout, `Configuration set successfully:\n${GRANT}=client_credentials\n`);
  assert.equal(await box.readConfig(), text.replace("worker", "client_credentials"));
  // Not offered as an allowed value: pingcli never writes it.
  const bad = await box.run(["config", "set", `${GRANT}=workers`]);
  assert.equal(bad.code, 1);
  assert.match(
    bad.stderr,
    /\nHint: Allowed: authorization_code, client_credentials, device_code\n$/,
  );
});
