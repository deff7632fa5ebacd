/**
 * `pingcli auth status` with service (client credentials) authentication to PingOne, configured
 * from the environment alone or from a pre-seeded config file, as the seed page describes.
 */
import assert from "node:assert/strict";
import { startAuthServer } from "../support/auth_server.ts";
import {
  CONNECTOR_STATUS_KEYS,
  dump,
  envelope,
  Homes,
  pingcli,
  pingOneEndpointEnv,
  pingOneEnv,
  test,
  UUID,
  walk,
} from "./helpers.ts";

const server = await startAuthServer();
const homes = new Homes();
const basic = server.pingone.clients.basic;

/** Lines every successful env-only PingOne status shows (label padding is not asserted). */
function assertAuthenticatedText(stdout: string, idEnv: string, secretEnv: string): void {
  const lines = stdout.split("\n");
  assert.equal(lines[0], "PingOne (profile default)");
  assert.match(lines[1]!, /^ {2}Status: +✓ authenticated$/);
  assert.match(lines[2]!, /^ {2}Method: +client_credentials \(client_secret_basic\)$/);
  assert.match(stdout, new RegExp(`^ {2}Client ID: +${basic.id} {2}\\(env ${idEnv}\\)$`, "m"));
  assert.match(stdout, new RegExp(`^ {2}Client secret: +\\*{8} {2}\\(env ${secretEnv}\\)$`, "m"));
  assert.match(
    stdout,
    new RegExp(`^ {2}Token endpoint: +${server.pingone.tokenEndpoint}$`, "m"),
  );
  assert.match(stdout, new RegExp(`^ {2}API base: +${server.origin}/v1$`, "m"));
  assert.match(
    stdout,
    new RegExp(
      `^ {2}API check: +GET ${server.origin}/v1/environments/${server.envId} → 200 \\(\\d+ ms\\), request ID [0-9a-f-]{36}$`,
      "m",
    ),
  );
  assert.match(stdout, /^ {2}Token: +issued in \d+ ms; expires in 60 min \(20\d\d-.*Z\)/m);
  assert.ok(!stdout.includes(basic.secret));
}

test("env only (PINGONE_*), storage none: exit 0 and nothing written under HOME", async () => {
  const home = await homes.make();
  const before = server.tokenRequests(basic.id);
  const r = await pingcli(["auth", "status"], {
    env: pingOneEnv(server, home, basic, { PINGCLI_AUTH_STORAGE_TYPE: "none" }),
  });
  assert.equal(r.code, 0, dump(r));
  assert.equal(r.stderr, "");
  assertAuthenticatedText(
    r.stdout,
    "PINGONE_CLIENT_CREDENTIALS_CLIENT_ID",
    "PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET",
  );
  assert.match(r.stdout, /^ {2}Token storage: +none \(kept in memory for this run\)$/m);
  assert.match(
    r.stdout,
    new RegExp(`^ {2}Environment ID: +${server.envId} {2}\\(env PINGONE_ENVIRONMENT_ID\\)$`, "m"),
  );
  assert.match(r.stdout, /^ {2}Root domain: +pingone\.com {2}\(default\)$/m);
  assert.deepEqual(await walk(home), []);
  assert.equal(server.tokenRequests(basic.id) - before, 1);
  // The token request carries pingcli's User-Agent (not the OAuth library's).
  const tokenCall = server.requests.findLast((e) => e.tokenRequest && e.clientId === basic.id)!;
  assert.match(tokenCall.headers["user-agent"]!, /^pingcli\/\S+ \(deno \d/);
  assert.equal(tokenCall.headers.authorization, "Basic");
});

test("env only with a read-only HOME (0555): exit 0 and nothing created", async () => {
  const home = await homes.make();
  await Deno.chmod(home, 0o555);
  // Default storage (secure_local: no keychain in this build) and explicit none both work.
  for (const storage of [undefined, "none"]) {
    const extra: Record<string, string> = storage ? { PINGCLI_AUTH_STORAGE_TYPE: storage } : {};
    const r = await pingcli(["auth", "status"], { env: pingOneEnv(server, home, basic, extra) });
    assert.equal(r.code, 0, dump(r));
    assert.equal(r.stderr, "");
    assert.match(r.stdout, /^ {2}Status: +✓ authenticated$/m);
  }
  // Tests run as root, which can write through 0555: prove nothing was created instead.
  assert.deepEqual(await walk(home), []);
  assert.equal((await Deno.stat(home)).mode! & 0o777, 0o555);
});

test("HOME that does not exist: exit 0 and it is not created", async () => {
  const home = `${await homes.make()}/missing`;
  const r = await pingcli(["auth", "status"], {
    env: pingOneEnv(server, home, basic, { PINGCLI_AUTH_STORAGE_TYPE: "none" }),
  });
  assert.equal(r.code, 0, dump(r));
  assert.equal(r.stderr, "");
  await assert.rejects(Deno.stat(home), Deno.errors.NotFound);
});

test("file_system storage whose directory cannot be created: still exit 0, with a warning", async () => {
  const home = await homes.make();
  await Deno.mkdir(`${home}/.pingcli`);
  await Deno.writeTextFile(`${home}/.pingcli/credentials`, ""); // a file where the dir goes
  const r = await pingcli(["auth", "status"], {
    env: pingOneEnv(server, home, basic, { PINGCLI_AUTH_STORAGE_TYPE: "file_system" }),
  });
  assert.equal(r.code, 0, dump(r));
  assert.match(r.stdout, /^ {2}Status: +✓ authenticated$/m);
  assert.match(
    r.stderr,
    /^WARNING: could not store the PingOne token \(file_system \(~\/\.pingcli\/credentials\)\): .*; continuing without caching it$/m,
  );
  assert.deepEqual(await walk(home), [".pingcli/", ".pingcli/credentials"]);
});

test("env only (PINGCLI_PINGONE_*): exit 0, sources name those variables", async () => {
  const home = await homes.make();
  const r = await pingcli(["auth", "status"], {
    env: {
      HOME: home,
      DENO_CERT: server.tls.caFile,
      PINGCLI_PINGONE_ENVIRONMENT_ID: server.envId,
      PINGCLI_PINGONE_AUTH_SERVICE_HOSTNAME: server.hostPort,
      PINGCLI_PINGONE_API_SERVICE_HOSTNAME: server.hostPort,
      PINGCLI_PINGONE_CLIENT_CREDENTIALS_CLIENT_ID: basic.id,
      PINGCLI_PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET: basic.secret,
      PINGCLI_AUTH_STORAGE_TYPE: "none",
    },
  });
  assert.equal(r.code, 0, dump(r));
  assert.equal(r.stderr, "");
  assertAuthenticatedText(
    r.stdout,
    "PINGCLI_PINGONE_CLIENT_CREDENTIALS_CLIENT_ID",
    "PINGCLI_PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET",
  );
  assert.match(
    r.stdout,
    new RegExp(
      `^ {2}Environment ID: +${server.envId} {2}\\(env PINGCLI_PINGONE_ENVIRONMENT_ID\\)$`,
      "m",
    ),
  );
  assert.deepEqual(await walk(home), []);
});

test("env only (generic PINGCLI_SERVICE_PINGONE_*): exit 0, sources name those variables", async () => {
  const home = await homes.make();
  const r = await pingcli(["auth", "status", "-O", "json"], {
    env: {
      HOME: home,
      DENO_CERT: server.tls.caFile,
      PINGCLI_SERVICE_PINGONE_ENDPOINT_ENVIRONMENTID: server.envId,
      PINGCLI_SERVICE_PINGONE_ENDPOINT_AUTHHOSTNAME: server.hostPort,
      PINGCLI_SERVICE_PINGONE_ENDPOINT_APIHOSTNAME: server.hostPort,
      PINGCLI_SERVICE_PINGONE_AUTHENTICATION_CLIENTCREDENTIALS_CLIENTID: basic.id,
      PINGCLI_SERVICE_PINGONE_AUTHENTICATION_CLIENTCREDENTIALS_CLIENTSECRET: basic.secret,
      PINGCLI_AUTH_STORAGE_TYPE: "none",
    },
  });
  assert.equal(r.code, 0, dump(r));
  assert.equal(r.stderr, "");
  const e = envelope(r);
  assert.equal(e.status, "success");
  const creds = Object.fromEntries(
    e.data.connectors[0].credentials.map((c: { key: string; source: string }) => [
      c.key,
      c.source,
    ]),
  );
  assert.deepEqual(creds, {
    "service.pingOne.authentication.grantType": "default",
    "service.pingOne.endpoint.environmentID": "env PINGCLI_SERVICE_PINGONE_ENDPOINT_ENVIRONMENTID",
    "service.pingOne.endpoint.rootDomain": "default",
    "service.pingOne.endpoint.authHostname": "env PINGCLI_SERVICE_PINGONE_ENDPOINT_AUTHHOSTNAME",
    "service.pingOne.endpoint.apiHostname": "env PINGCLI_SERVICE_PINGONE_ENDPOINT_APIHOSTNAME",
    "service.pingOne.authentication.clientCredentials.clientID":
      "env PINGCLI_SERVICE_PINGONE_AUTHENTICATION_CLIENTCREDENTIALS_CLIENTID",
    "service.pingOne.authentication.clientCredentials.clientSecret":
      "env PINGCLI_SERVICE_PINGONE_AUTHENTICATION_CLIENTCREDENTIALS_CLIENTSECRET",
  });
  assert.deepEqual(await walk(home), []);
});

test("-O json: the envelope and the status report shape", async () => {
  const home = await homes.make();
  const r = await pingcli(["-O", "json", "auth", "status"], {
    env: pingOneEnv(server, home, basic, {
      PINGCLI_AUTH_STORAGE_TYPE: "none",
      PINGONE_CLIENT_CREDENTIALS_SCOPES: "p1:read,p1:write",
    }),
  });
  assert.equal(r.code, 0, dump(r));
  assert.equal(r.stderr, "");
  const e = envelope(r);
  assert.deepEqual(Object.keys(e), [
    "schemaVersion",
    "status",
    "message",
    "data",
    "errors",
    "meta",
    "warnings",
  ]);
  assert.equal(e.schemaVersion, "1.0");
  assert.equal(e.status, "success");
  assert.equal(e.message, "1 of 1 connector(s) authenticated");
  assert.deepEqual(e.errors, []);
  assert.deepEqual(e.warnings, []);
  assert.deepEqual(Object.keys(e.data), ["profile", "connectors"]);
  assert.equal(e.data.profile, "default");
  assert.equal(e.data.connectors.length, 1);
  const c = e.data.connectors[0];
  assert.deepEqual(Object.keys(c), CONNECTOR_STATUS_KEYS);
  assert.equal(c.connector, "pingone");
  assert.equal(c.label, "PingOne");
  assert.equal(c.status, "authenticated");
  assert.equal(c.method, "client_credentials (client_secret_basic)");
  assert.equal(c.tokenEndpoint, server.pingone.tokenEndpoint);
  assert.equal(c.apiBase, `${server.origin}/v1`);
  assert.equal(c.storage, "none (kept in memory for this run)");
  assert.equal(c.error, null);
  assert.deepEqual(c.warnings, []);
  const secret = c.credentials.find((x: { label: string }) => x.label === "Client secret");
  assert.deepEqual(secret, {
    key: "service.pingOne.authentication.clientCredentials.clientSecret",
    label: "Client secret",
    value: "********",
    source: "env PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET",
    secret: true,
  });
  const scopes = c.credentials.find((x: { label: string }) => x.label === "Scopes");
  assert.deepEqual(scopes.value, ["p1:read", "p1:write"]);
  assert.deepEqual(Object.keys(c.token), ["expiresAt", "expiresInSeconds", "scopes", "latencyMs"]);
  assert.ok(c.token.expiresInSeconds > 3590 && c.token.expiresInSeconds <= 3600, r.stdout);
  assert.ok(Math.abs(Date.parse(c.token.expiresAt) - Date.now() - 3600_000) < 15_000);
  assert.deepEqual(c.token.scopes, ["p1:read", "p1:write"]);
  assert.equal(typeof c.token.latencyMs, "number");
  assert.equal(c.apiCheck.method, "GET");
  assert.equal(c.apiCheck.url, `${server.origin}/v1/environments/${server.envId}`);
  assert.equal(c.apiCheck.httpStatus, 200);
  assert.equal(c.apiCheck.accepted, true);
  assert.match(c.apiCheck.requestId, UUID);
});

test("pre-seeded config file: exit 0, sources are the file and profile", async () => {
  const home = await homes.make();
  await Deno.mkdir(`${home}/.pingcli`, { mode: 0o700 });
  const yaml = [
    "configModelVersion: 2",
    "activeProfile: default",
    "default:",
    "    description: CI profile",
    "    auth:",
    "        storage:",
    "            type: none",
    "    service:",
    "        pingOne:",
    "            authentication:",
    "                type: client_credentials",
    "                clientCredentials:",
    `                    clientID: ${basic.id}`,
    `                    clientSecret: ${basic.secret}`,
    "            endpoint:",
    `                environmentID: ${server.envId}`,
    `                authHostname: ${server.hostPort}`,
    `                apiHostname: ${server.hostPort}`,
    "",
  ].join("\n");
  const file = `${home}/.pingcli/config.yaml`;
  await Deno.writeTextFile(file, yaml, { mode: 0o600 });
  const r = await pingcli(["auth", "status"], {
    env: { HOME: home, DENO_CERT: server.tls.caFile },
  });
  assert.equal(r.code, 0, dump(r));
  assert.equal(r.stderr, "");
  const src = "file ~/.pingcli/config.yaml \\(profile default\\)";
  assert.match(r.stdout, /^ {2}Status: +✓ authenticated$/m);
  assert.match(
    r.stdout,
    /^ {2}Grant type: +client_credentials {2}\(file ~\/\.pingcli\/config\.yaml \(profile default\)\)$/m,
  );
  assert.match(r.stdout, new RegExp(`^ {2}Client ID: +${basic.id} {2}\\(${src}\\)$`, "m"));
  assert.match(r.stdout, new RegExp(`^ {2}Client secret: +\\*{8} {2}\\(${src}\\)$`, "m"));
  assert.match(r.stdout, new RegExp(`^ {2}Environment ID: +${server.envId} {2}\\(${src}\\)$`, "m"));
  assert.match(r.stdout, /^ {2}Token storage: +none \(kept in memory for this run\)$/m);
  assert.ok(!r.stdout.includes(basic.secret));
  // Reading never writes: the file is byte-for-byte the same and nothing else appeared.
  assert.equal(await Deno.readTextFile(file), yaml);
  assert.deepEqual(await walk(home), [".pingcli/", ".pingcli/config.yaml"]);
});

test("config file with another active profile; env overrides the file", async () => {
  const home = await homes.make();
  await Deno.mkdir(`${home}/.pingcli`, { mode: 0o700 });
  const yaml = [
    "configModelVersion: 2",
    "activeProfile: ci",
    "default:",
    "    description: unused",
    "ci:",
    "    auth:",
    "        storage:",
    "            type: none",
    "    service:",
    "        pingOne:",
    "            authentication:",
    "                clientCredentials:",
    `                    clientID: ${basic.id}`,
    "                    clientSecret: wrong-secret-from-file",
    "            endpoint:",
    `                environmentID: ${server.envId}`,
    `                authHostname: ${server.hostPort}`,
    `                apiHostname: ${server.hostPort}`,
    "",
  ].join("\n");
  await Deno.writeTextFile(`${home}/.pingcli/config.yaml`, yaml, { mode: 0o600 });
  const env = { HOME: home, DENO_CERT: server.tls.caFile };
  const bad = await pingcli(["-O", "json", "auth", "status"], { env });
  assert.equal(bad.code, 1, dump(bad));
  const e = envelope(bad);
  assert.equal(e.data.profile, "ci");
  assert.equal(e.errors[0]!.code, "CREDENTIALS_INVALID");
  assert.match(
    e.errors[0]!.hint!,
    /client secret from file ~\/\.pingcli\/config\.yaml \(profile ci\)/,
  );

  const good = await pingcli(["auth", "status"], {
    env: { ...env, PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET: basic.secret },
  });
  assert.equal(good.code, 0, dump(good));
  assert.equal(good.stdout.split("\n")[0], "PingOne (profile ci)");
  assert.match(
    good.stdout,
    new RegExp(
      `^ {2}Client ID: +${basic.id} {2}\\(file ~/\\.pingcli/config\\.yaml \\(profile ci\\)\\)$`,
      "m",
    ),
  );
  assert.match(
    good.stdout,
    /^ {2}Client secret: +\*{8} {2}\(env PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET\)$/m,
  );
  assert.deepEqual(await walk(home), [".pingcli/", ".pingcli/config.yaml"]);
});

test("client_secret_post", async () => {
  const home = await homes.make();
  const post = server.pingone.clients.post;
  const before = server.tokenRequests(post.id);
  const r = await pingcli(["auth", "status"], {
    env: pingOneEnv(server, home, post, {
      PINGONE_CLIENT_CREDENTIALS_TOKEN_ENDPOINT_AUTH_METHOD: "client_secret_post",
      PINGCLI_AUTH_STORAGE_TYPE: "none",
    }),
  });
  assert.equal(r.code, 0, dump(r));
  assert.equal(r.stderr, "");
  assert.match(r.stdout, /^ {2}Status: +✓ authenticated$/m);
  assert.match(r.stdout, /^ {2}Method: +client_credentials \(client_secret_post\)$/m);
  assert.equal(server.tokenRequests(post.id) - before, 1);
  // The secret went in the form body, not in an Authorization header.
  const tokenCall = server.requests.findLast((e) => e.tokenRequest && e.clientId === post.id)!;
  assert.equal(tokenCall.method, "POST");
  assert.equal(tokenCall.headers.authorization, undefined);
  assert.match(tokenCall.headers["content-type"]!, /^application\/x-www-form-urlencoded/);
  const basicCall = server.requests.findLast((e) => e.tokenRequest && e.clientId === basic.id);
  if (basicCall) assert.equal(basicCall.headers.authorization, "Basic");
  assert.deepEqual(await walk(home), []);
});

test("private_key_jwt (PINGONE_CLIENT_CREDENTIALS_PRIVATE_KEY_FILE)", async () => {
  const home = await homes.make();
  const pk = server.pingone.clients.pkjwt;
  const before = server.tokenRequests(pk.id);
  const r = await pingcli(["-O", "json", "auth", "status"], {
    env: {
      ...pingOneEndpointEnv(server, home),
      PINGONE_CLIENT_CREDENTIALS_CLIENT_ID: pk.id,
      PINGONE_CLIENT_CREDENTIALS_TOKEN_ENDPOINT_AUTH_METHOD: "private_key_jwt",
      PINGONE_CLIENT_CREDENTIALS_PRIVATE_KEY_FILE: pk.privateKeyFile,
      PINGONE_CLIENT_CREDENTIALS_PRIVATE_KEY_ID: pk.kid,
      PINGCLI_AUTH_STORAGE_TYPE: "none",
    },
  });
  assert.equal(r.code, 0, dump(r));
  assert.equal(r.stderr, "");
  const c = envelope(r).data.connectors[0];
  assert.equal(c.status, "authenticated");
  assert.equal(c.method, "client_credentials (private_key_jwt)");
  assert.equal(c.apiCheck.httpStatus, 200);
  const key = c.credentials.find((x: { label: string }) => x.label === "Private key file");
  assert.deepEqual(key, {
    key: "service.pingOne.authentication.clientCredentials.privateKeyFile",
    label: "Private key file",
    value: pk.privateKeyFile,
    source: "env PINGONE_CLIENT_CREDENTIALS_PRIVATE_KEY_FILE",
    secret: false,
  });
  assert.ok(!r.stdout.includes("PRIVATE KEY"));
  assert.equal(server.tokenRequests(pk.id) - before, 1);

  // Inline key (secret) is masked; a key the server does not know is refused.
  const inline = await pingcli(["-O", "json", "auth", "status"], {
    env: {
      ...pingOneEndpointEnv(server, home),
      PINGONE_CLIENT_CREDENTIALS_CLIENT_ID: pk.id,
      PINGONE_CLIENT_CREDENTIALS_TOKEN_ENDPOINT_AUTH_METHOD: "private_key_jwt",
      PINGONE_CLIENT_CREDENTIALS_PRIVATE_KEY: pk.privateKeyPem,
      PINGCLI_AUTH_STORAGE_TYPE: "none",
    },
  });
  assert.equal(inline.code, 0, dump(inline));
  const inlineKey = envelope(inline).data.connectors[0].credentials.find((
    x: { label: string },
  ) => x.label === "Private key");
  assert.equal(inlineKey.value, "********");
  assert.equal(inlineKey.secret, true);
  assert.ok(!inline.stdout.includes(pk.privateKeyPem.split("\n")[1]!));
  assert.deepEqual(await walk(home), []);
});

test("PINGCLI_PROFILE names a profile; -P overrides it", async () => {
  const home = await homes.make();
  await Deno.mkdir(`${home}/.pingcli`, { mode: 0o700 });
  const profile = (name: string, secret: string) => [
    `${name}:`,
    "    service:",
    "        pingOne:",
    "            authentication:",
    "                clientCredentials:",
    `                    clientID: ${basic.id}`,
    `                    clientSecret: ${secret}`,
    "            endpoint:",
    `                environmentID: ${server.envId}`,
    `                authHostname: ${server.hostPort}`,
    `                apiHostname: ${server.hostPort}`,
  ];
  await Deno.writeTextFile(
    `${home}/.pingcli/config.yaml`,
    [
      "configModelVersion: 2",
      "activeProfile: default",
      ...profile("default", "nope"),
      ...profile("prod", basic.secret),
      "",
    ].join("\n"),
  );
  const env = { HOME: home, DENO_CERT: server.tls.caFile, PINGCLI_AUTH_STORAGE_TYPE: "none" };
  const viaEnv = await pingcli(["auth", "status"], { env: { ...env, PINGCLI_PROFILE: "prod" } });
  assert.equal(viaEnv.code, 0, dump(viaEnv));
  assert.equal(viaEnv.stdout.split("\n")[0], "PingOne (profile prod)");
  const viaFlag = await pingcli(["-P", "default", "auth", "status"], {
    env: { ...env, PINGCLI_PROFILE: "prod" },
  });
  assert.equal(viaFlag.code, 1, dump(viaFlag));
  assert.match(viaFlag.stdout, /^PingOne \(profile default\)$/m);
});

test("close server", async () => {
  await server.close();
  await homes.cleanup();
});
