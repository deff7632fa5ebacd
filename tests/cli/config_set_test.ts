/**
 * `pingcli config set` and `config unset`: validation, profiles, stdin, file modes, and the
 * user's comments surviving every change.
 */
import assert from "node:assert/strict";
import { envelope, Sandbox } from "./harness.ts";

const SECRET = "s3cr3t-canary-7f1e";

Deno.test("config set: the seed page's commands work as written", async () => {
  await using box = await Sandbox.create();
  const pf = await box.run([
    "config",
    "set",
    "service.pingFederate.authentication.type=client_credentials",
  ]);
  assert.equal(pf.stderr, "");
  assert.equal(pf.code, 0);
  assert.equal(
    pf.stdout,
    "Configuration set successfully:\nservice.pingFederate.authentication.type=client_credentials\n",
  );
  const p1 = await box.run([
    "config",
    "set",
    "service.pingOne.authentication.type=client_credentials",
  ]);
  assert.equal(
    p1.stdout,
    "Configuration set successfully:\nservice.pingOne.authentication.grantType=client_credentials\n",
  );
  assert.equal(
    await box.readConfig(),
    `configModelVersion: 2
activeProfile: default
default:
  description: Default profile created by Ping CLI
  service:
    pingFederate:
      authentication:
        type: client_credentials
    pingOne:
      authentication:
        grantType: client_credentials
`,
  );
});

Deno.test("config set: creates ~/.pingcli with mode 0700 and config.yaml with mode 0600", {
  ignore: Deno.build.os === "windows",
}, async () => {
  await using box = await Sandbox.create();
  const r = await box.run(["config", "set", "noColor=true"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal((await Deno.stat(box.configDir)).mode! & 0o777, 0o700);
  assert.equal((await Deno.stat(box.configPath)).mode! & 0o777, 0o600);
  // A rewrite keeps 0600 even when the file had been loosened.
  await Deno.chmod(box.configPath, 0o644);
  await box.run(["config", "set", "noColor=false"]);
  assert.equal((await Deno.stat(box.configPath)).mode! & 0o777, 0o600);
});

Deno.test("config set: an existing ~/.pingcli that others can read is made 0700", {
  ignore: Deno.build.os === "windows",
}, async () => {
  await using box = await Sandbox.create();
  await box.writeConfig("default:\n  noColor: true\n");
  await Deno.chmod(box.configDir, 0o755);
  const r = await box.run(["config", "set", "noColor=false"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal((await Deno.stat(box.configDir)).mode! & 0o777, 0o700);
  assert.equal((await Deno.stat(box.configPath)).mode! & 0o777, 0o600);
});

Deno.test("config set: a lock left by a killed pingcli only delays the next change", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig("default:\n  noColor: true\n");
  // The killed process took the lock 9 s ago and never released it.
  const lock = box.configPath + ".lock";
  await Deno.writeTextFile(lock, "4242 0b5e9d6e-7d1b-4c3a-9f0e-2f4c1d7a8b90");
  const taken = new Date(Date.now() - 9_000);
  await Deno.utime(lock, taken, taken);
  const started = Date.now();
  const r = await box.run(["config", "set", "noColor=false"]);
  assert.equal(r.stderr, "");
  assert.equal(r.code, 0);
  assert.ok(Date.now() - started < 5_000, "the stale lock is broken once it is 10 s old");
  assert.equal(await box.readConfig(), "default:\n  noColor: false\n");
  assert.deepEqual([...Deno.readDirSync(box.configDir)].map((e) => e.name), ["config.yaml"]);
});

Deno.test("config set: usage errors", async () => {
  await using box = await Sandbox.create();
  const cases: [string[], string][] = [
    [
      ["config", "set", "noColor"],
      "ERROR: expected key=value, got 'noColor'\n" +
      "Hint: Example: pingcli config set service.pingOne.endpoint.rootDomain=pingone.eu. " +
      "To read a secret from stdin: pingcli config set <key> -\n",
    ],
    [
      ["config", "set", "noColor="],
      "ERROR: the value for noColor is empty\n" +
      "Hint: To remove the setting, run: pingcli config unset noColor\n",
    ],
    [
      ["config", "set", "color=true"],
      "ERROR: unknown configuration key 'color'\n" +
      "Hint: Did you mean 'noColor'? Run 'pingcli config list-keys' to see every key.\n",
    ],
    [
      ["config", "set", "activeProfile=dev"],
      "ERROR: activeProfile cannot be changed with 'config set'\n" +
      "Hint: Use 'pingcli config profiles use <name>' to change the active profile.\n",
    ],
    [
      ["config", "set", "noColor=true", "extra"],
      "ERROR: unexpected argument 'extra'\n" +
      "Hint: Usage: pingcli config set <key>=<value>, or pingcli config set <key> - to read stdin.\n",
    ],
    [
      ["config", "set", "a=b", "c", "d"],
      "ERROR: too many arguments for 'set'. Expected 2 arguments but got 3: a=b, c, d.\n" +
      "Hint: Run 'pingcli --help' or 'pingcli <command> --help'.\n",
    ],
  ];
  for (const [argv, stderr] of cases) {
    const r = await box.run(argv);
    assert.equal(r.stderr, stderr, argv.join(" "));
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
  }
  assert.equal(await box.configExists(), false);
  const json = await box.run(["-O", "json", "config", "set", "noColor"]);
  const e = envelope(json);
  assert.equal(e.errors[0]!.code, "USAGE_ERROR");
  assert.equal(e.errors[0]!.category, "usage");
});

Deno.test("config set: values are validated by type, naming key, source and allowed values", async () => {
  await using box = await Sandbox.create();
  const cases: [string, string][] = [
    [
      "noColor=maybe",
      "ERROR: invalid value for noColor from config set: 'maybe' is not a boolean\n" +
      "Hint: Allowed: true, false, 1, 0, yes, no\n",
    ],
    [
      "service.pingOne.endpoint.environmentID=abc",
      "ERROR: invalid value for service.pingOne.endpoint.environmentID from config set: " +
      "'abc' is not a valid UUID\n" +
      "Hint: Allowed: a UUID such as 00000000-0000-0000-0000-000000000000\n",
    ],
    [
      "service.pingOne.endpoint.rootDomain=pingone.de",
      "ERROR: invalid value for service.pingOne.endpoint.rootDomain from config set: " +
      "'pingone.de' is not allowed\n" +
      "Hint: Allowed: pingone.asia, pingone.ca, pingone.com, pingone.com.au, pingone.eu, pingone.sg\n",
    ],
    [
      "service.pingFederate.httpsHost=ftp://pf",
      "ERROR: invalid value for service.pingFederate.httpsHost from config set: " +
      "'ftp://pf' is not an http(s) URL\nHint: Allowed: an absolute https:// URL\n",
    ],
    [
      "service.pingFederate.httpsHost=pf.example.com",
      "ERROR: invalid value for service.pingFederate.httpsHost from config set: " +
      "'pf.example.com' is not a valid URL\nHint: Allowed: an absolute https:// URL\n",
    ],
    [
      "service.pingOne.authentication.authorizationCode.redirectUri.port=http",
      "ERROR: invalid value for service.pingOne.authentication.authorizationCode.redirectUri.port " +
      "from config set: 'http' is not a whole number\nHint: Allowed: a port number, 1-65535\n",
    ],
    [
      "service.pingOne.authentication.authorizationCode.redirectUri.port=70000",
      "ERROR: invalid value for service.pingOne.authentication.authorizationCode.redirectUri.port " +
      "from config set: 70000 is not a port\nHint: Allowed: a port number, 1-65535\n",
    ],
    [
      "http.timeout=soon",
      "ERROR: invalid value for http.timeout from config set: 'soon' is not a duration\n" +
      "Hint: Allowed: e.g. 500ms, 10s, 1m30s\n",
    ],
    [
      "service.pingOne.endpoint.customDomain=auth example.com",
      "ERROR: invalid value for service.pingOne.endpoint.customDomain from config set: " +
      "'auth example.com' is not a host name\n" +
      "Hint: Allowed: a host with an optional port, e.g. auth.example.com or localhost:8443\n",
    ],
  ];
  for (const [assignment, stderr] of cases) {
    const r = await box.run(["config", "set", assignment]);
    assert.equal(r.stderr, stderr, assignment);
    assert.equal(r.code, 1);
  }
  assert.equal(await box.configExists(), false);
});

Deno.test("config set: the same validation applies to env values, naming the variable", async () => {
  await using box = await Sandbox.create();
  const cases: [Record<string, string>, string, RegExp][] = [
    [
      { PINGCLI_NO_COLOR: "maybe" },
      "noColor",
      /from env PINGCLI_NO_COLOR: 'maybe' is not a boolean/,
    ],
    [
      { PINGONE_ENVIRONMENT_ID: "x" },
      "pingone",
      /environmentID from env PINGONE_ENVIRONMENT_ID: 'x'/,
    ],
    [{ PINGONE_ROOT_DOMAIN: "pingone.de" }, "pingone", /Allowed: pingone.asia, pingone.ca/],
    [{ PINGCLI_PINGFEDERATE_HTTPS_HOST: "nope" }, "pingfederate", /'nope' is not a valid URL/],
    [
      { PINGCLI_SERVICE_PINGONE_AUTHENTICATION_AUTHORIZATIONCODE_REDIRECTURI_PORT: "0" },
      "pingone",
      /0 is not a port/,
    ],
    [{ PINGCLI_HTTP_TIMEOUT: "10 seconds" }, "http", /'10 seconds' is not a duration/],
    [{ PINGONE_CUSTOM_DOMAIN: "a/b" }, "pingone", /'a\/b' is not a host name/],
  ];
  for (const [env, key, pattern] of cases) {
    const r = await box.run(["config", "get", key], { env });
    assert.equal(r.code, 1, JSON.stringify(env));
    assert.match(r.stderr, pattern);
    assert.match(r.stderr, /^ERROR: invalid value for /);
  }
});

Deno.test("config set: booleans accept true/false/1/0/yes/no in any case", async () => {
  await using box = await Sandbox.create();
  for (
    const [raw, want] of [
      ["TRUE", true],
      ["False", false],
      ["1", true],
      ["0", false],
      ["Yes", true],
      ["NO", false],
    ] as const
  ) {
    const r = await box.run(["-O", "json", "config", "set", `noColor=${raw}`]);
    assert.equal(r.code, 0);
    assert.deepEqual(envelope(r).data, { profile: "default", key: "noColor", value: want });
    assert.match(await box.readConfig(), new RegExp(`noColor: ${want}\n`));
  }
});

Deno.test("config set: keys are case-insensitive and stored under their canonical name", async () => {
  await using box = await Sandbox.create();
  const r = await box.run(["config", "set", "SERVICE.PINGONE.ENDPOINT.ROOTDOMAIN=PINGONE.EU"]);
  assert.equal(
    r.stdout,
    "Configuration set successfully:\nservice.pingOne.endpoint.rootDomain=pingone.eu\n",
  );
  assert.match(
    await box.readConfig(),
    / {4}pingOne:\n {6}endpoint:\n {8}rootDomain: pingone.eu\n/,
  );
});

Deno.test("config set KEY - reads the value from stdin and masks it", async () => {
  await using box = await Sandbox.create();
  const key = "service.pingOne.authentication.clientCredentials.clientSecret";
  const r = await box.run(["config", "set", key, "-"], { stdin: SECRET + "\n" });
  assert.equal(r.stderr, "");
  assert.equal(r.stdout, `Configuration set successfully:\n${key}=********\n`);
  assert.match(await box.readConfig(), new RegExp(`clientSecret: ${SECRET}\n`));
  const shown = await box.run(["config", "get", key, "-U"]);
  assert.match(shown.stdout, new RegExp(`${key}  ${SECRET}  file`));
  const withEquals = await box.run(["config", "set", `${key}=x`, "-"], { stdin: "y" });
  assert.equal(withEquals.code, 1);
  assert.match(withEquals.stderr, /with '-', give only the key/);
  const empty = await box.run(["config", "set", key, "-"], { stdin: "\n" });
  assert.equal(empty.code, 1);
  assert.match(empty.stderr, /is empty/);
  // A value that is no secret may be typed on a terminal as usual, ended with Ctrl-D.
  const domain = "service.pingOne.endpoint.rootDomain";
  const tty = await box.run(["config", "set", domain, "-"], { stdin: "pingone.ca\r\n", tty: true });
  assert.equal(tty.stderr, `Enter the value for ${domain}, then press Ctrl-D:\n`);
  assert.match(await box.readConfig(), /rootDomain: pingone.ca\n/);
});

Deno.test("config set SECRET - on a terminal asks for the value without echoing it", async () => {
  await using box = await Sandbox.create();
  const key = "service.pingOne.authentication.clientCredentials.clientSecret";
  const r = await box.run(["config", "set", key, "-"], {
    tty: true,
    secrets: [SECRET],
    stdin: "not read on a terminal",
  });
  assert.equal(r.code, 0);
  assert.equal(r.stderr, `Enter the value for ${key} (input is hidden): \n`);
  assert.equal(r.stdout, `Configuration set successfully:\n${key}=********\n`);
  assert.match(await box.readConfig(), new RegExp(`clientSecret: ${SECRET}\n`));
  // Ctrl-C at the prompt changes nothing.
  const cancelled = await box.run(["config", "set", key, "-"], {
    tty: true,
    secrets: [undefined],
    env: { NO_COLOR: "1" },
  });
  assert.equal(cancelled.code, 1);
  assert.equal(
    cancelled.stderr,
    `Enter the value for ${key} (input is hidden): \n` +
      `ERROR: no value was entered for ${key}; nothing changed\n`,
  );
  assert.match(await box.readConfig(), new RegExp(`clientSecret: ${SECRET}\n`));
});

Deno.test("config set SECRET=value works but warns that the command line is not private", async () => {
  await using box = await Sandbox.create();
  const key = "service.pingOne.authentication.clientCredentials.clientSecret";
  const r = await box.run(["config", "set", `${key}=${SECRET}`]);
  assert.equal(r.code, 0);
  assert.equal(
    r.stderr,
    `WARNING: 'config set ${key}=…' puts a secret on the command line, where shell history ` +
      "and process lists can see it; prefer env PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET or " +
      `'pingcli config set ${key} -'\n`,
  );
  assert.equal(r.stdout, `Configuration set successfully:\n${key}=********\n`);
  const json = await box.run(["-O", "json", "config", "set", `${key}=${SECRET}`]);
  assert.deepEqual(envelope(json).warnings.map((w) => w.code), ["SECRET_ON_COMMAND_LINE"]);
  assert.ok(!json.stdout.includes(SECRET));
  // Not for values that are no secret, nor for a secret read from stdin.
  const plain = await box.run(["config", "set", "service.pingOne.endpoint.rootDomain=pingone.eu"]);
  assert.equal(plain.stderr, "");
  const piped = await box.run(["config", "set", key, "-"], { stdin: SECRET });
  assert.equal(piped.stderr, "");
});

Deno.test("config set KEY=- reads the value from stdin, like KEY -", async () => {
  await using box = await Sandbox.create();
  const key = "service.pingOne.authentication.clientCredentials.clientSecret";
  const piped = await box.run(["config", "set", `${key}=-`], { stdin: SECRET + "\n" });
  assert.equal(piped.stderr, "");
  assert.equal(piped.code, 0);
  assert.equal(piped.stdout, `Configuration set successfully:\n${key}=********\n`);
  assert.match(await box.readConfig(), new RegExp(`clientSecret: ${SECRET}\n`));
  // On a terminal a secret is asked for without echo.
  const typed = await box.run(["config", "set", `${key}=-`], { tty: true, secrets: ["typed-1"] });
  assert.equal(typed.code, 0);
  assert.equal(typed.stderr, `Enter the value for ${key} (input is hidden): \n`);
  assert.match(await box.readConfig(), /clientSecret: typed-1\n/);
  const domain = "service.pingOne.endpoint.rootDomain";
  const plain = await box.run(["config", "set", `${domain}=-`], { stdin: "pingone.ca\n" });
  assert.equal(plain.stderr, "");
  assert.match(await box.readConfig(), /rootDomain: pingone.ca\n/);
});

Deno.test("config set: a timeout of zero is rejected, from the command line and from env", async () => {
  await using box = await Sandbox.create();
  for (const [key, raw] of [["http.timeout", "0s"], ["http.connectTimeout", "0"]]) {
    const r = await box.run(["config", "set", `${key}=${raw}`]);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr,
      `ERROR: invalid value for ${key} from config set: '${raw}' is not longer than zero\n` +
        "Hint: Allowed: a duration longer than zero, e.g. 500ms, 10s, 1m30s\n",
    );
  }
  assert.equal(await box.configExists(), false);
  const env = await box.run(["config", "get", "http"], { env: { PINGCLI_HTTP_TIMEOUT: "0ms" } });
  assert.equal(env.code, 1);
  assert.equal(
    env.stderr,
    "ERROR: invalid value for http.timeout from env PINGCLI_HTTP_TIMEOUT: '0ms' is not longer " +
      "than zero\nHint: Allowed: a duration longer than zero, e.g. 500ms, 10s, 1m30s\n",
  );
});

Deno.test("a duration longer than a timer can hold (596h) is rejected from every source", async () => {
  await using box = await Sandbox.create();
  const hint = "Hint: Allowed: a duration longer than zero and at most 596h, e.g. 500ms, 10s, " +
    "1m30s\n";
  const set = await box.run(["config", "set", "http.connectTimeout=597h"]);
  assert.equal(set.code, 1);
  assert.equal(
    set.stderr,
    "ERROR: invalid value for http.connectTimeout from config set: '597h' is longer than " +
      `596h\n${hint}`,
  );
  assert.equal(await box.configExists(), false);
  const env = await box.run(["config", "get", "http.timeout"], {
    env: { PINGCLI_HTTP_TIMEOUT: "2147484s" },
  });
  assert.equal(env.code, 1);
  assert.equal(
    env.stderr,
    "ERROR: invalid value for http.timeout from env PINGCLI_HTTP_TIMEOUT: '2147484s' is longer " +
      `than 596h\n${hint}`,
  );
  const longest = await box.run(["config", "get", "http.timeout"], {
    env: { PINGCLI_HTTP_TIMEOUT: "596h" },
  });
  assert.equal(longest.stderr, "");
  assert.match(longest.stdout, /^http\.timeout +596h +env PINGCLI_HTTP_TIMEOUT\n/m);
});

Deno.test("config set: writes to -P or PINGCLI_PROFILE, never changing activeProfile", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig("activeProfile: default\ndefault:\n  noColor: false\ndev: {}\n");
  assert.equal((await box.run(["-P", "dev", "config", "set", "outputFormat=json"])).code, 0);
  const viaEnv = await box.run(["config", "set", "noColor=true"], {
    env: { PINGCLI_PROFILE: "dev" },
  });
  assert.equal(viaEnv.code, 0, viaEnv.stderr);
  assert.equal(
    await box.readConfig(),
    "activeProfile: default\ndefault:\n  noColor: false\ndev:\n  outputFormat: json\n  noColor: true\n",
  );
  const missing = await box.run(["-P", "prod", "config", "set", "noColor=true"]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^ERROR: profile 'prod' not found in /);
});

Deno.test("config set: warns when an env var still decides the value", async () => {
  await using box = await Sandbox.create();
  const r = await box.run(
    ["-D", "config", "set", "service.pingOne.endpoint.rootDomain=pingone.eu"],
    {
      env: { PINGONE_ROOT_DOMAIN: "pingone.ca" },
    },
  );
  assert.equal(r.code, 2);
  assert.equal(
    r.stderr,
    "WARNING: env PINGONE_ROOT_DOMAIN is set and takes precedence over the config file for " +
      "service.pingOne.endpoint.rootDomain\n",
  );
});

Deno.test("config unset removes the key and prints the default", async () => {
  await using box = await Sandbox.create();
  await box.run(["config", "set", "service.pingOne.endpoint.rootDomain=pingone.eu"]);
  const r = await box.run(["config", "unset", "service.pingone.endpoint.rootdomain"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout,
    "Configuration unset successfully:\nservice.pingOne.endpoint.rootDomain=pingone.com\n",
  );
  assert.equal(
    await box.readConfig(),
    "configModelVersion: 2\nactiveProfile: default\ndefault:\n  description: Default profile created by Ping CLI\n",
  );
  const again = await box.run([
    "-O",
    "json",
    "config",
    "unset",
    "service.pingOne.endpoint.rootDomain",
  ]);
  assert.equal(again.code, 0);
  assert.deepEqual(envelope(again).data, {
    profile: "default",
    key: "service.pingOne.endpoint.rootDomain",
    value: "pingone.com",
    removed: false,
  });
  assert.equal(
    envelope(again).message,
    "service.pingOne.endpoint.rootDomain is not set in profile 'default'; nothing changed",
  );
  const bad = await box.run(["config", "unset", "activeProfile"]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /activeProfile cannot be changed with 'config unset'/);
});

Deno.test("config unset of a key that is not set writes nothing, even with no file", async () => {
  await using box = await Sandbox.create();
  const r = await box.run(["config", "unset", "noColor"]);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, "noColor is not set in profile 'default'; nothing changed.\n");
  assert.equal(await box.configExists(), false);
});

Deno.test("secrets are masked in every config output unless -U", async () => {
  await using box = await Sandbox.create();
  const secrets = [
    "service.pingOne.authentication.clientCredentials.clientSecret",
    "service.pingFederate.authentication.basicAuth.password",
    "service.pingFederate.authentication.accessTokenAuth.accessToken",
    "service.pingFederate.authentication.oauth.clientCredentials.clientSecret",
  ];
  const outputs: string[] = [];
  const collect = async (argv: string[], env: Record<string, string> = {}) => {
    for (const format of ["text", "json", "ndjson", "ndjson-wrapped"]) {
      const r = await box.run(["-O", format, ...argv], { env });
      assert.equal(r.code, 0, `${argv.join(" ")}: ${r.stderr}${r.stdout}`);
      outputs.push(r.stdout + r.stderr);
    }
  };
  for (const key of secrets) await collect(["config", "set", `${key}=${SECRET}`]);
  await collect(["config", "get"]);
  await collect(["config", "get", "service"]);
  await collect(["config", "get", secrets[0]!]);
  await collect(["config", "profiles", "show"]);
  await collect(["config", "profiles", "list"]);
  await collect(["config", "get", "pingone"], {
    PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET: SECRET + "-env",
  });
  for (const key of secrets) await collect(["config", "unset", key]);
  for (const text of outputs) assert.ok(!text.includes(SECRET), text);
  assert.ok(outputs.some((t) => t.includes("********")));
  // -U shows them, in text and JSON.
  await box.run(["config", "set", `${secrets[0]}=${SECRET}`]);
  const text = await box.run(["config", "get", "-U", secrets[0]!]);
  assert.match(text.stdout, new RegExp(SECRET));
  const json = await box.run(["-O", "json", "config", "-U", "profiles", "show"]);
  assert.deepEqual((envelope(json).data as { settings: unknown[] }).settings, [
    { key: "description", value: "Default profile created by Ping CLI" },
    { key: secrets[0], value: SECRET },
  ]);
});
