/**
 * `pingcli config get`: values with their sources, every precedence path (flag > env > file >
 * default) and every env alias family.
 */
import assert from "node:assert/strict";
import { envelope, Sandbox } from "./harness.ts";

const ENV_ID = "66666666-7777-8888-9999-000000000000";
const OTHER_ID = "11111111-2222-3333-4444-555555555555";

const FILE = `configModelVersion: 2
activeProfile: default
default:
  description: Default profile created by Ping CLI
  outputFormat: text
  service:
    pingOne:
      endpoint:
        environmentID: ${ENV_ID}
dev:
  description: Development
  outputFormat: json
  detailedExitCode: true
`;

Deno.test("config get: a value from the file shows the file and profile as its source", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(FILE);
  const r = await box.run(["config", "get", "service.pingOne.endpoint.environmentID"]);
  assert.equal(r.stderr, "");
  assert.equal(r.code, 0);
  assert.equal(
    r.stdout,
    "KEY                                     VALUE                                 SOURCE\n" +
      `service.pingOne.endpoint.environmentID  ${ENV_ID}  file ~/.pingcli/config.yaml (profile default)\n`,
  );
});

Deno.test("config get: precedence is flag > env > file > default", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(FILE);
  const get = async (args: string[], env: Record<string, string> = {}) => {
    const r = await box.run([...args, "-O", "json", "config", "get", "outputFormat"], { env });
    assert.equal(r.code, 0, r.stderr);
    return envelope(r).data;
  };
  // -O is itself the flag for outputFormat, so the flag always wins here.
  assert.deepEqual(await get([], { PINGCLI_OUTPUT_FORMAT: "ndjson" }), [
    { key: "outputFormat", value: "json", source: "flag --output-format" },
  ]);
  const noFlag = async (env: Record<string, string>, profile?: string) => {
    const args = profile ? ["-P", profile] : [];
    const r = await box.run([...args, "config", "get", "detailedExitCode"], { env });
    assert.equal(r.stderr, "");
    return r.stdout.split("\n")[1]!.replace(/\s+/g, " ");
  };
  assert.equal(await noFlag({}), "detailedExitCode false default");
  assert.equal(
    await noFlag({ PINGCLI_DETAILED_EXITCODE: "true" }),
    "detailedExitCode true env PINGCLI_DETAILED_EXITCODE",
  );
  const dev = await box.run(["-P", "dev", "-O", "text", "config", "get", "detailedExitCode"]);
  assert.equal(
    dev.stdout.split("\n")[1]!.replace(/\s+/g, " "),
    "detailedExitCode true file ~/.pingcli/config.yaml (profile dev)",
  );
  const envBeatsFile = await box.run([
    "-P",
    "dev",
    "-O",
    "text",
    "config",
    "get",
    "detailedExitCode",
  ], {
    env: { PINGCLI_DETAILED_EXITCODE: "no" },
  });
  assert.equal(
    envBeatsFile.stdout.split("\n")[1]!.replace(/\s+/g, " "),
    "detailedExitCode false env PINGCLI_DETAILED_EXITCODE",
  );
  const flagBeatsEnv = await box.run(["-D", "config", "get", "detailedExitCode"], {
    env: { PINGCLI_DETAILED_EXITCODE: "false" },
  });
  assert.equal(
    flagBeatsEnv.stdout.split("\n")[1]!.replace(/\s+/g, " "),
    "detailedExitCode true flag --detailed-exitcode",
  );
});

Deno.test("config get: PINGCLI_PROFILE and -P pick the profile; -P wins", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(FILE);
  const source = async (args: string[], env: Record<string, string> = {}) => {
    const r = await box.run([...args, "config", "get", "description"], { env });
    return r.stdout.split("\n")[1]!.replace(/\s+/g, " ");
  };
  assert.equal(
    await source(["-O", "text"], { PINGCLI_PROFILE: "dev" }),
    "description Development file ~/.pingcli/config.yaml (profile dev)",
  );
  assert.equal(
    await source(["-O", "text", "-P", "default"], { PINGCLI_PROFILE: "dev" }),
    "description Default profile created by Ping CLI file ~/.pingcli/config.yaml (profile default)",
  );
  // -P never changes activeProfile.
  assert.match(await box.readConfig(), /^activeProfile: default$/m);
});

Deno.test("config get: every PingOne env family sets the key, in documented order", async () => {
  await using box = await Sandbox.create();
  const families = [
    "PINGONE_ENVIRONMENT_ID",
    "PINGCLI_PINGONE_ENVIRONMENT_ID",
    "PINGCLI_SERVICE_PINGONE_ENDPOINT_ENVIRONMENTID",
  ];
  for (const name of families) {
    const r = await box.run([
      "-O",
      "json",
      "config",
      "get",
      "service.pingOne.endpoint.environmentID",
    ], {
      env: { [name]: OTHER_ID },
    });
    assert.equal(r.code, 0, r.stdout);
    assert.deepEqual(envelope(r).data, [
      { key: "service.pingOne.endpoint.environmentID", value: OTHER_ID, source: `env ${name}` },
    ]);
  }
  // The alias key of grantType has its own generic name too.
  const alias = await box.run([
    "-O",
    "json",
    "config",
    "get",
    "service.pingOne.authentication.type",
  ], {
    env: { PINGCLI_SERVICE_PINGONE_AUTHENTICATION_TYPE: "device_code" },
  });
  assert.deepEqual(envelope(alias).data, [{
    key: "service.pingOne.authentication.grantType",
    value: "device_code",
    source: "env PINGCLI_SERVICE_PINGONE_AUTHENTICATION_TYPE",
  }]);
});

Deno.test("config get: PingFederate env names and their OAUTH_ twins", async () => {
  await using box = await Sandbox.create();
  const key = "service.pingFederate.authentication.oauth.clientCredentials.clientID";
  for (
    const name of [
      "PINGCLI_PINGFEDERATE_CLIENT_ID",
      "PINGCLI_PINGFEDERATE_OAUTH_CLIENT_ID",
      "PINGCLI_SERVICE_PINGFEDERATE_AUTHENTICATION_OAUTH_CLIENTCREDENTIALS_CLIENTID",
    ]
  ) {
    const r = await box.run(["-O", "json", "config", "get", key], { env: { [name]: "pingcli" } });
    assert.deepEqual(envelope(r).data, [{ key, value: "pingcli", source: `env ${name}` }]);
  }
});

Deno.test("config get: an empty env var does not count", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(FILE);
  const r = await box.run(
    ["-O", "json", "config", "get", "service.pingOne.endpoint.environmentID"],
    {
      env: { PINGONE_ENVIRONMENT_ID: "", PINGCLI_PINGONE_ENVIRONMENT_ID: "  " },
    },
  );
  assert.deepEqual(envelope(r).data, [{
    key: "service.pingOne.endpoint.environmentID",
    value: ENV_ID,
    source: "file ~/.pingcli/config.yaml (profile default)",
  }]);
});

Deno.test("config get: two env names disagreeing warn, the first wins, -D exits 2", async () => {
  await using box = await Sandbox.create();
  const env = { PINGONE_ENVIRONMENT_ID: ENV_ID, PINGCLI_PINGONE_ENVIRONMENT_ID: OTHER_ID };
  const text = await box.run(["config", "get", "service.pingOne.endpoint.environmentID"], { env });
  assert.equal(text.code, 0);
  assert.equal(
    text.stderr,
    "WARNING: env PINGONE_ENVIRONMENT_ID and env PINGCLI_PINGONE_ENVIRONMENT_ID both set " +
      "service.pingOne.endpoint.environmentID with different values; using PINGONE_ENVIRONMENT_ID\n",
  );
  assert.match(text.stdout, new RegExp(`${ENV_ID}  env PINGONE_ENVIRONMENT_ID\n$`));
  const detailed = await box.run(["-D", "config", "get", "pingone"], { env });
  assert.equal(detailed.code, 2);
  const json = await box.run(["-O", "json", "config", "get", "pingone"], { env });
  const e = envelope(json);
  assert.equal(e.status, "warning");
  assert.deepEqual(e.warnings, [{
    code: "CONFIG_CONFLICT",
    message: "env PINGONE_ENVIRONMENT_ID and env PINGCLI_PINGONE_ENVIRONMENT_ID both set " +
      "service.pingOne.endpoint.environmentID with different values; using PINGONE_ENVIRONMENT_ID",
  }]);
  // The same value twice is no conflict.
  const same = await box.run(["config", "get", "pingone"], {
    env: { PINGONE_ENVIRONMENT_ID: ENV_ID, PINGCLI_PINGONE_ENVIRONMENT_ID: ENV_ID },
  });
  assert.equal(same.stderr, "");
});

Deno.test("config get: a prefix lists every key under it, case-insensitively", async () => {
  await using box = await Sandbox.create();
  const r = await box.run(["-O", "json", "config", "get", "SERVICE.PINGONE.ENDPOINT"]);
  const keys = (envelope(r).data as { key: string }[]).map((d) => d.key);
  assert.deepEqual(keys, [
    "service.pingOne.endpoint.environmentID",
    "service.pingOne.endpoint.rootDomain",
    "service.pingOne.endpoint.customDomain",
    "service.pingOne.endpoint.authHostname",
    "service.pingOne.endpoint.apiHostname",
  ]);
  const shorthand = await box.run(["-O", "json", "config", "get", "pingfederate"]);
  const pf = (envelope(shorthand).data as { key: string }[]).map((d) => d.key);
  assert.ok(pf.length > 10);
  assert.ok(pf.every((k) => k.startsWith("service.pingFederate.")));
});

Deno.test("config get: no argument lists only the keys that are set", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(FILE);
  const r = await box.run(["config", "get"], { env: { PINGONE_ROOT_DOMAIN: "pingone.eu" } });
  assert.equal(
    r.stdout,
    "KEY                                     VALUE                                 SOURCE\n" +
      "description                             Default profile created by Ping CLI   file ~/.pingcli/config.yaml (profile default)\n" +
      "outputFormat                            text                                  file ~/.pingcli/config.yaml (profile default)\n" +
      `service.pingOne.endpoint.environmentID  ${ENV_ID}  file ~/.pingcli/config.yaml (profile default)\n` +
      "service.pingOne.endpoint.rootDomain     pingone.eu                            env PINGONE_ROOT_DOMAIN\n",
  );
});

Deno.test("config get: with no config file, nothing is set and nothing is written", async () => {
  await using box = await Sandbox.create();
  const r = await box.run(["config", "get"]);
  assert.equal(r.code, 0);
  assert.equal(
    r.stdout,
    "No settings are set for profile 'default'; defaults apply.\n" +
      "Run 'pingcli config list-keys' to see every key.\n",
  );
  assert.equal(await box.configExists(), false);
  // In JSON, the -O flag itself is a setting that is set.
  const json = await box.run(["-O", "json", "config", "get"]);
  assert.deepEqual(envelope(json).data, [
    { key: "outputFormat", value: "json", source: "flag --output-format" },
  ]);
});

Deno.test("config get activeProfile prints just the name", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(FILE.replace("activeProfile: default", "activeProfile: dev"));
  const r = await box.run(["-O", "text", "config", "get", "activeProfile"]);
  assert.equal(r.stdout, "dev\n");
  const viaP = await box.run(["-O", "text", "-P", "default", "config", "get", "activeprofile"]);
  assert.equal(viaP.stdout, "dev\n");
  const json = await box.run(["-O", "json", "config", "get", "activeProfile"]);
  assert.deepEqual(envelope(json).data, [
    { key: "activeProfile", value: "dev", source: "file ~/.pingcli/config.yaml" },
  ]);
});

Deno.test("config get: an unknown key suggests the nearest one", async () => {
  await using box = await Sandbox.create();
  const r = await box.run(["config", "get", "service.pingOne.endpoint.enviromentID"]);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "");
  assert.equal(
    r.stderr,
    "ERROR: unknown configuration key 'service.pingOne.endpoint.enviromentID'\n" +
      "Hint: Did you mean 'service.pingOne.endpoint.environmentID'? " +
      "Run 'pingcli config list-keys' to see every key.\n",
  );
  const bySuffix = await box.run(["config", "get", "environmentID"]);
  assert.match(bySuffix.stderr, /Did you mean 'service.pingOne.endpoint.environmentID'\?/);
});

Deno.test("config get: -P naming no profile is an error that lists the profiles", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig(FILE);
  const r = await box.run(["-P", "prod", "config", "get"]);
  assert.equal(r.code, 1);
  assert.equal(
    r.stderr,
    `ERROR: profile 'prod' not found in ${box.configPath}\n` +
      "Hint: Profiles: default, dev. Create it with 'pingcli config profiles create --name prod'.\n",
  );
  // Creating it is suggested only for a name that `profiles create` accepts.
  const path = await box.run(["-P", "../../x", "config", "get"]);
  assert.equal(path.code, 1);
  assert.equal(
    path.stderr,
    `ERROR: profile '../../x' not found in ${box.configPath}\n` +
      "Hint: Profiles: default, dev. Profile names use only letters, digits, '_' and '-'.\n",
  );
  const reserved = await box.run(["config", "set", "noColor=true"], {
    env: { PINGCLI_PROFILE: "activeProfile" },
  });
  assert.equal(reserved.code, 1);
  assert.equal(
    reserved.stderr,
    `ERROR: profile 'activeProfile' not found in ${box.configPath}\nHint: Profiles: default, dev.\n`,
  );
});

Deno.test("a home that cannot be written: reads work and write nothing, writes fail cleanly", async () => {
  await using box = await Sandbox.create();
  let home = box.home;
  if (Deno.build.os !== "windows" && Deno.uid() !== 0) {
    await box.writeConfig("default:\n  outputFormat: text\n");
    await Deno.chmod(box.configDir, 0o500);
    await Deno.chmod(box.home, 0o500);
  } else {
    // Permission bits do not stop root: a HOME that is a plain file is unwritable to all.
    home = `${box.home}/home-is-a-file`;
    await Deno.writeTextFile(home, "");
  }
  const env = { HOME: home };
  for (
    const argv of [
      ["config", "get"],
      ["config", "get", "outputFormat"],
      ["config", "profiles", "list"],
      ["config", "profiles", "show"],
      ["config", "list-keys"],
      ["config", "unset", "noColor"],
    ]
  ) {
    const r = await box.run(argv, { env });
    assert.equal(r.code, 0, `${argv.join(" ")}: ${r.stderr}`);
  }
  const set = await box.run(["config", "set", "noColor=true"], { env });
  assert.equal(set.code, 1);
  assert.match(set.stderr, /^ERROR: cannot (create directory|create lock|write) /);
  assert.doesNotMatch(set.stderr, /\n\s+at /);
});
