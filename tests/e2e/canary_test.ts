/**
 * Secrets never leak (DESIGN §5): canary secrets go through auth status (text and JSON), api
 * calls, failures, --debug and a DEBUG log file; not one byte of stdout, stderr, the log or any
 * file under HOME may contain them, nor the issued access tokens in `auth status` output.
 *
 * The test server issues its own random client secrets and password, so those are the canaries
 * on the success paths; the literal canaries below are used where a wrong secret is the point.
 */
import assert from "node:assert/strict";
import { startAuthServer } from "../support/auth_server.ts";
import {
  allFileText,
  dump,
  envelope,
  Homes,
  pingcli,
  pingFederateEnv,
  pingOneEnv,
  type RunResult,
  test,
} from "./helpers.ts";

const server = await startAuthServer();
const homes = new Homes();
const basic = server.pingone.clients.basic;
const pf = server.pingfederate;
const pk = server.pingone.clients.pkjwt;

const CANARY_SECRET = "canary-SECRET-7f3a9c";
const CANARY_PASSWORD = "canary-PASSWORD-4b1d2e";
const CANARY_TOKEN = "canary-TOKEN-9e8d7c6b5a";

/** Every secret value, and the encodings that would reveal one (Basic credentials). */
const canaries: string[] = [
  CANARY_SECRET,
  CANARY_PASSWORD,
  CANARY_TOKEN,
  basic.secret,
  server.pingone.clients.post.secret,
  pf.client.secret,
  pf.adminPassword,
  pf.accessToken,
  pk.privateKeyPem.split("\n")[1]!, // a line of the key's base64 body
  btoa(`${basic.id}:${basic.secret}`),
  btoa(`${pf.client.id}:${pf.client.secret}`),
  btoa(`${pf.adminUser}:${pf.adminPassword}`),
  btoa(`${basic.id}:${CANARY_SECRET}`),
  btoa(`${pf.adminUser}:${CANARY_PASSWORD}`),
];

function assertClean(where: string, text: string, extra: string[] = []): void {
  for (const canary of [...canaries, ...extra]) {
    const at = text.indexOf(canary);
    assert.equal(
      at,
      -1,
      `${where} leaks a secret (${canary.slice(0, 6)}…): …${
        text.slice(Math.max(0, at - 80), at + 40)
      }…`,
    );
  }
}

interface Scenario {
  name: string;
  args: string[];
  env: (home: string) => Record<string, string>;
  code: number;
}

const both = (home: string, extra: Record<string, string> = {}) => ({
  ...pingOneEnv(server, home),
  ...pingFederateEnv(server, home, {
    PINGCLI_PINGFEDERATE_AUTHENTICATION_TYPE: "basicAuth",
    PINGCLI_PINGFEDERATE_USERNAME: pf.adminUser,
    PINGCLI_PINGFEDERATE_PASSWORD: pf.adminPassword,
  }),
  PINGCLI_AUTH_STORAGE_TYPE: "file_system",
  ...extra,
});
const pfOauth = (home: string, extra: Record<string, string> = {}) =>
  pingFederateEnv(server, home, {
    PINGCLI_PINGFEDERATE_AUTHENTICATION_TYPE: "client_credentials",
    PINGCLI_PINGFEDERATE_CLIENT_ID: pf.client.id,
    PINGCLI_PINGFEDERATE_CLIENT_SECRET: pf.client.secret,
    PINGCLI_PINGFEDERATE_TOKEN_URL: pf.tokenEndpoint,
    PINGCLI_AUTH_STORAGE_TYPE: "file_system",
    ...extra,
  });
const pkjwt = (home: string) => ({
  ...pingOneEnv(server, home),
  PINGONE_CLIENT_CREDENTIALS_CLIENT_ID: pk.id,
  PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET: "",
  PINGONE_CLIENT_CREDENTIALS_TOKEN_ENDPOINT_AUTH_METHOD: "private_key_jwt",
  PINGONE_CLIENT_CREDENTIALS_PRIVATE_KEY: pk.privateKeyPem,
  PINGCLI_AUTH_STORAGE_TYPE: "file_system",
});

const scenarios: Scenario[] = [
  { name: "auth status (text)", args: ["auth", "status"], env: both, code: 0 },
  { name: "auth status (json)", args: ["auth", "status", "-O", "json"], env: both, code: 0 },
  {
    name: "auth status (ndjson-wrapped)",
    args: ["auth", "status", "-O", "ndjson-wrapped"],
    env: both,
    code: 0,
  },
  { name: "auth status pkjwt", args: ["auth", "status", "-O", "json"], env: pkjwt, code: 0 },
  {
    name: "pingone api",
    args: ["pingone", "api", `environments/${server.envId}`],
    env: both,
    code: 0,
  },
  {
    name: "pingone api json",
    args: ["pingone", "api", "-O", "json", `environments/${server.envId}/populations`],
    env: both,
    code: 0,
  },
  {
    name: "pingfederate api (basic)",
    args: ["pingfederate", "api", "version"],
    env: both,
    code: 0,
  },
  {
    name: "pingfederate api (oauth)",
    args: ["pingfederate", "api", "version"],
    env: pfOauth,
    code: 0,
  },
  {
    name: "pingfederate api (access token)",
    args: ["pingfederate", "api", "-O", "json", "version"],
    env: (home) =>
      pingFederateEnv(server, home, {
        PINGCLI_PINGFEDERATE_AUTHENTICATION_TYPE: "accessTokenAuth",
        PINGCLI_PINGFEDERATE_ACCESS_TOKEN: pf.accessToken,
      }),
    code: 0,
  },
  {
    name: "wrong PingOne secret (status text)",
    args: ["auth", "status"],
    env: (home) => both(home, { PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET: CANARY_SECRET }),
    code: 1,
  },
  {
    name: "wrong PingOne secret (status json)",
    args: ["-O", "json", "auth", "status"],
    env: (home) => both(home, { PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET: CANARY_SECRET }),
    code: 1,
  },
  {
    name: "wrong PingOne secret (api)",
    args: ["pingone", "api", "environments"],
    env: (home) => both(home, { PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET: CANARY_SECRET }),
    code: 1,
  },
  {
    name: "wrong PingOne secret, post (api json)",
    args: ["pingone", "api", "-O", "json", "environments"],
    env: (home) =>
      both(home, {
        PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET: CANARY_SECRET,
        PINGONE_CLIENT_CREDENTIALS_TOKEN_ENDPOINT_AUTH_METHOD: "client_secret_post",
      }),
    code: 1,
  },
  {
    name: "wrong PingFederate password",
    args: ["pingfederate", "auth", "status"],
    env: (home) => both(home, { PINGCLI_PINGFEDERATE_PASSWORD: CANARY_PASSWORD }),
    code: 1,
  },
  {
    name: "wrong PingFederate password (api -f)",
    args: ["pingfederate", "api", "-f", "version"],
    env: (home) => both(home, { PINGCLI_PINGFEDERATE_PASSWORD: CANARY_PASSWORD }),
    code: 1,
  },
  {
    name: "wrong PingFederate access token",
    args: ["pingfederate", "api", "-f", "-O", "json", "version"],
    env: (home) =>
      pingFederateEnv(server, home, {
        PINGCLI_PINGFEDERATE_AUTHENTICATION_TYPE: "accessTokenAuth",
        PINGCLI_PINGFEDERATE_ACCESS_TOKEN: CANARY_TOKEN,
      }),
    code: 1,
  },
  {
    name: "wrong PingFederate client secret",
    args: ["pingfederate", "api", "version"],
    env: (home) => pfOauth(home, { PINGCLI_PINGFEDERATE_CLIENT_SECRET: CANARY_SECRET }),
    code: 1,
  },
  {
    name: "TLS failure",
    args: ["auth", "status"],
    env: (home) => {
      const env = both(home, { PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET: CANARY_SECRET });
      delete (env as Record<string, string>).DENO_CERT;
      return env;
    },
    code: 1,
  },
  {
    name: "POST body echo",
    args: [
      "pingone",
      "api",
      "-m",
      "POST",
      "--data-raw",
      '{"name":"canary population"}',
      `environments/${server.envId}/populations`,
    ],
    env: both,
    code: 0,
  },
];

/** Runs a scenario plain, with --debug, and with a DEBUG log file; checks every byte. */
async function runScenario(s: Scenario): Promise<void> {
  const home = await homes.make();
  const log = `${home}/pingcli.log`;
  const runs: [string, string[]][] = [
    ["plain", s.args],
    ["--debug", ["--debug", ...s.args]],
    ["--log-file", ["--log-file", log, "--log-file-level", "DEBUG", ...s.args]],
    ["--debug --log-level", ["--debug", "--log-level", "DEBUG", ...s.args]],
  ];
  const results: RunResult[] = [];
  for (const [variant, args] of runs) {
    const r = await pingcli(args, { env: s.env(home) });
    assert.equal(r.code, s.code, `${s.name} ${variant}: ${dump(r)}`);
    assertClean(`${s.name} ${variant} stdout`, r.stdout);
    assertClean(`${s.name} ${variant} stderr`, r.stderr);
    results.push(r);
  }
  // --debug really traced the HTTP exchange (so the check above means something).
  assert.match(
    results[1]!.stderr,
    /DEBUG: > (GET|POST) https:/,
    `${s.name}: ${results[1]!.stderr}`,
  );
  const logText = await Deno.readTextFile(log);
  assert.match(logText, / DEBUG > (GET|POST) https:/, `${s.name} log:\n${logText}`);
  assertClean(`${s.name} log file`, logText);
  assertClean(`${s.name} files under HOME`, await allFileText(home));
  // Issued access tokens are stored (file_system), but `auth status` never prints them, and
  // the debug trace and log redact them.
  const tokens = await storedTokens(home);
  for (const [i, r] of results.entries()) {
    assertClean(
      `${s.name} run ${i} stdout (tokens)`,
      r.stdout,
      s.args.includes("status") ? tokens : [],
    );
    assertClean(`${s.name} run ${i} stderr (tokens)`, r.stderr, tokens);
  }
  assertClean(`${s.name} log file (tokens)`, logText, tokens);
}

async function storedTokens(home: string): Promise<string[]> {
  const dir = `${home}/.pingcli/credentials`;
  const tokens: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) {
      tokens.push(JSON.parse(await Deno.readTextFile(`${dir}/${e.name}`)).access_token);
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return tokens;
}

for (const s of scenarios) test(`canary: ${s.name}`, () => runScenario(s));

test("canary: issued tokens never appear in auth status (text or json)", async () => {
  const home = await homes.make();
  const env = both(home);
  const text = await pingcli(["auth", "status"], { env });
  assert.equal(text.code, 0, dump(text));
  const textTokens = await storedTokens(home);
  assert.equal(textTokens.length, 1, "the PingOne token was stored");
  assertClean("status text", text.stdout + text.stderr, textTokens);
  const json = await pingcli(["auth", "status", "-O", "json"], { env });
  const jsonTokens = await storedTokens(home);
  assert.notDeepEqual(jsonTokens, textTokens, "status requested a fresh token");
  assertClean("status json", json.stdout + json.stderr, [...textTokens, ...jsonTokens]);
  const c = envelope(json).data.connectors[0];
  assert.deepEqual(Object.keys(c.token), ["expiresAt", "expiresInSeconds", "scopes", "latencyMs"]);
});

test("canary: 401 retry with a cached token under --debug", async () => {
  const home = await homes.make();
  const env = both(home);
  const log = `${home}/debug.log`;
  assert.equal((await pingcli(["pingone", "api", "environments"], { env })).code, 0);
  const first = await storedTokens(home);
  server.failNext({ pathPrefix: "/v1/environments", status: 401 });
  const r = await pingcli(
    ["--debug", "--log-file", log, "pingone", "api", "environments"],
    { env },
  );
  assert.equal(r.code, 0, dump(r));
  assert.match(r.stderr, /INFO: PingOne refused the cached token; requesting a new one/);
  const second = await storedTokens(home);
  const all = [...first, ...second];
  assertClean("401 retry stderr", r.stderr, all);
  assertClean("401 retry stdout", r.stdout, all);
  assertClean("401 retry log", await Deno.readTextFile(log), all);
});

test("canary: secrets in a config file are masked, and the file is not rewritten", async () => {
  const home = await homes.make();
  await Deno.mkdir(`${home}/.pingcli`, { mode: 0o700 });
  const yaml = [
    "configModelVersion: 2",
    "activeProfile: default",
    "default:",
    "    service:",
    "        pingOne:",
    "            authentication:",
    "                clientCredentials:",
    `                    clientID: ${basic.id}`,
    `                    clientSecret: ${CANARY_SECRET}`,
    "            endpoint:",
    `                environmentID: ${server.envId}`,
    `                authHostname: ${server.hostPort}`,
    `                apiHostname: ${server.hostPort}`,
    "",
  ].join("\n");
  await Deno.writeTextFile(`${home}/.pingcli/config.yaml`, yaml);
  const log = `${home}/x.log`;
  for (
    const args of [
      ["auth", "status"],
      ["auth", "status", "-O", "json"],
      ["--debug", "--log-file", log, "pingone", "api", "environments"],
    ]
  ) {
    const r = await pingcli(args, { env: { HOME: home, DENO_CERT: server.tls.caFile } });
    assert.equal(r.code, 1, dump(r));
    assertClean(`${args.join(" ")} stdout`, r.stdout);
    assertClean(`${args.join(" ")} stderr`, r.stderr);
    assert.match(
      r.stdout + r.stderr,
      /client secret from file ~\/\.pingcli\/config\.yaml \(profile default\)/,
    );
  }
  assertClean("log", await Deno.readTextFile(log));
  assert.equal(await Deno.readTextFile(`${home}/.pingcli/config.yaml`), yaml);
});

test("canary: a token endpoint that echoes the secret back does not make pingcli print it", async () => {
  const home = await homes.make();
  const env = pingOneEnv(server, home, basic, {
    PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET: CANARY_SECRET,
    PINGCLI_AUTH_STORAGE_TYPE: "none",
  });
  const echo = (status: number, error: string) =>
    server.failNext({
      pathPrefix: `/${server.envId}/as/token`,
      status,
      body: { error, error_description: `client secret ${CANARY_SECRET} is wrong` },
    });
  echo(401, "invalid_client");
  const text = await pingcli(["auth", "status"], { env });
  assert.equal(text.code, 1, dump(text));
  assert.match(text.stderr, /\(invalid_client\): client secret \*{8} is wrong\n/);
  assertClean("echo status", text.stdout + text.stderr);
  echo(400, "invalid_request");
  const json = await pingcli(["pingone", "api", "-O", "json", "--debug", "environments"], { env });
  assert.equal(json.code, 1, dump(json));
  assert.equal(
    envelope(json).errors[0]!.message,
    "PingOne refused the token request (invalid_request): client secret ******** is wrong",
  );
  assertClean("echo api", json.stdout + json.stderr);
});

test("close server", async () => {
  await server.close();
  await homes.cleanup();
});
