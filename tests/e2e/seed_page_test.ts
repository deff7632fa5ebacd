/**
 * The seed page, step by step: set `service.<connector>.authentication.type` to
 * `client_credentials` and the client credentials with `pingcli config set` (the secret from
 * stdin), then `pingcli auth status` proves them, and commands authenticate with no login step.
 */
import assert from "node:assert/strict";
import { startAuthServer } from "../support/auth_server.ts";
import { allFileText, dump, envelope, Homes, pingcli, test, walk } from "./helpers.ts";

const server = await startAuthServer();
const homes = new Homes();
const pf = server.pingfederate;
const p1 = server.pingone.clients.basic;
const FILE = "file ~/.pingcli/config.yaml (profile default)";

/** `pingcli config set KEY=VALUE`, or `KEY -` with the value on stdin. */
async function configSet(home: string, key: string, value: string, viaStdin = false) {
  const env = { HOME: home };
  const r = viaStdin
    ? await pingcli(["config", "set", key, "-"], { env, stdin: `${value}\n` })
    : await pingcli(["config", "set", `${key}=${value}`], { env });
  assert.equal(r.code, 0, `config set ${key}: ${dump(r)}`);
  if (viaStdin) assert.ok(!(r.stdout + r.stderr).includes(value), `config set echoed ${key}`);
  return r;
}

test("seed page, PingFederate: config set … client_credentials, then auth status exit 0", async () => {
  const home = await homes.make();
  await configSet(home, "service.pingFederate.httpsHost", server.origin);
  await configSet(home, "service.pingFederate.authentication.type", "client_credentials");
  await configSet(
    home,
    "service.pingFederate.authentication.oauth.clientCredentials.clientID",
    pf.client.id,
  );
  const secret = await configSet(
    home,
    "service.pingFederate.authentication.oauth.clientCredentials.clientSecret",
    pf.client.secret,
    true,
  );
  assert.ok(!secret.stdout.includes(pf.client.secret));
  assert.match(secret.stdout, /clientSecret=\*{8}$/m);
  await configSet(
    home,
    "service.pingFederate.authentication.oauth.clientCredentials.tokenURL",
    pf.tokenEndpoint,
  );
  // The private CA through the PingFederate setting, so nothing but HOME is in the env.
  await configSet(home, "service.pingFederate.caCertificatePemFiles", server.tls.caFile);

  const config = await Deno.readTextFile(`${home}/.pingcli/config.yaml`);
  assert.match(config, /^configModelVersion: 2$/m);
  assert.match(config, /type: client_credentials/);
  assert.ok(
    config.includes(`clientSecret: ${pf.client.secret}\n`),
    "stdin value stored without its newline",
  );
  assert.equal((await Deno.stat(`${home}/.pingcli`)).mode! & 0o777, 0o700);
  assert.equal((await Deno.stat(`${home}/.pingcli/config.yaml`)).mode! & 0o777, 0o600);

  const before = server.tokenRequests(pf.client.id);
  const r = await pingcli(["auth", "status"], { env: { HOME: home } });
  assert.equal(r.code, 0, dump(r));
  assert.equal(r.stderr, "");
  const lines = r.stdout.split("\n");
  assert.equal(lines[0], "PingFederate (profile default)");
  assert.match(lines[1]!, /^ {2}Status: +✓ authenticated$/);
  assert.match(lines[2]!, /^ {2}Method: +oauth client_credentials \(client_secret_basic\)$/);
  const src = FILE.replace(/[()~.]/g, "\\$&");
  assert.match(
    r.stdout,
    new RegExp(`^ {2}Authentication type: +client_credentials {2}\\(${src}\\)$`, "m"),
  );
  assert.match(r.stdout, new RegExp(`^ {2}Client ID: +${pf.client.id} {2}\\(${src}\\)$`, "m"));
  assert.match(r.stdout, new RegExp(`^ {2}Client secret: +\\*{8} {2}\\(${src}\\)$`, "m"));
  assert.match(r.stdout, new RegExp(`^ {2}Token URL: +${pf.tokenEndpoint} {2}\\(${src}\\)$`, "m"));
  assert.ok(!r.stdout.includes(pf.client.secret));
  assert.equal(server.tokenRequests(pf.client.id) - before, 1);

  // No login step: commands authenticate on their own, and `auth login` says so.
  const api = await pingcli(["pingfederate", "api", "version"], { env: { HOME: home } });
  assert.equal(api.code, 0, dump(api));
  assert.equal(api.stdout, '{"version":"13.0.1.0"}');
  const login = await pingcli(["auth", "login"], { env: { HOME: home } });
  assert.equal(login.code, 0, dump(login));
  assert.match(
    login.stdout,
    /^PingFederate: uses oauth client_credentials \(client_secret_basic\); no login is needed\./m,
  );

  // Reading never wrote: the config file is unchanged and is the only file.
  assert.equal(await Deno.readTextFile(`${home}/.pingcli/config.yaml`), config);
  assert.deepEqual(await walk(home), [".pingcli/", ".pingcli/config.yaml"]);
});

test("seed page, PingOne: config set service.pingOne.authentication.type=client_credentials", async () => {
  const home = await homes.make();
  await configSet(home, "service.pingOne.authentication.type", "client_credentials");
  await configSet(home, "service.pingOne.endpoint.environmentID", server.envId);
  await configSet(home, "service.pingOne.endpoint.authHostname", server.hostPort);
  await configSet(home, "service.pingOne.endpoint.apiHostname", server.hostPort);
  await configSet(home, "service.pingOne.authentication.clientCredentials.clientID", p1.id);
  await configSet(
    home,
    "service.pingOne.authentication.clientCredentials.clientSecret",
    p1.secret,
    true,
  );
  const env = { HOME: home, DENO_CERT: server.tls.caFile };
  const r = await pingcli(["auth", "status", "-O", "json"], { env });
  assert.equal(r.code, 0, dump(r));
  assert.equal(r.stderr, "");
  const e = envelope(r);
  assert.equal(e.status, "success");
  const c = e.data.connectors[0];
  assert.equal(c.connector, "pingone");
  assert.equal(c.status, "authenticated");
  assert.equal(c.apiCheck.httpStatus, 200);
  const sources = Object.fromEntries(
    c.credentials.map((x: { key: string; source: string }) => [x.key, x.source]),
  );
  assert.deepEqual(sources, {
    "service.pingOne.authentication.grantType": FILE,
    "service.pingOne.endpoint.environmentID": FILE,
    "service.pingOne.endpoint.rootDomain": "default",
    "service.pingOne.endpoint.authHostname": FILE,
    "service.pingOne.endpoint.apiHostname": FILE,
    "service.pingOne.authentication.clientCredentials.clientID": FILE,
    "service.pingOne.authentication.clientCredentials.clientSecret": FILE,
  });
  assert.ok(!r.stdout.includes(p1.secret));

  const api = await pingcli(["pingone", "api", `environments/${server.envId}`], { env });
  assert.equal(api.code, 0, dump(api));
  assert.equal(JSON.parse(api.stdout).id, server.envId);
  assert.deepEqual(await walk(home), [".pingcli/", ".pingcli/config.yaml"]);
  assert.ok((await allFileText(home)).includes(`clientSecret: ${p1.secret}\n`));
});

test("seed page, with an incomplete configuration: auth status names the missing key", async () => {
  const home = await homes.make();
  await configSet(home, "service.pingFederate.httpsHost", server.origin);
  await configSet(home, "service.pingFederate.authentication.type", "client_credentials");
  await configSet(
    home,
    "service.pingFederate.authentication.oauth.clientCredentials.clientID",
    pf.client.id,
  );
  await configSet(
    home,
    "service.pingFederate.authentication.oauth.clientCredentials.tokenURL",
    pf.tokenEndpoint,
  );
  const r = await pingcli(["auth", "status"], { env: { HOME: home } });
  assert.equal(r.code, 1, dump(r));
  assert.match(r.stderr, /^ERROR: the PingFederate OAuth client secret is not set$/m);
  assert.match(
    r.stderr,
    /service\.pingFederate\.authentication\.oauth\.clientCredentials\.clientSecret \(env PINGCLI_PINGFEDERATE_CLIENT_SECRET/,
  );
});

test("close server", async () => {
  await server.close();
  await homes.cleanup();
});
