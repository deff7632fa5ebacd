/**
 * Every way service authentication can fail, through the real CLI: the error code, the message
 * naming what to fix, and the exit code. Network faults come from the fault proxy or from the
 * test server's injected responses.
 */
import assert from "node:assert/strict";
import { startAuthServer } from "../support/auth_server.ts";
import { OVERSIZED_BYTES, refusedPort, startFaultProxy } from "../support/fault_proxy.ts";
import {
  dump,
  envelope,
  Homes,
  pingcli,
  pingFederateEnv,
  pingOneEnv,
  type RunResult,
  test,
  walk,
} from "./helpers.ts";

const server = await startAuthServer();
const proxy = await startFaultProxy({ upstream: new URL(server.origin), tls: server.tls });
const homes = new Homes();
const basic = server.pingone.clients.basic;
const tokenPath = `/${server.envId}/as/token`;

const SETUP_HINT =
  "Hint: For PingOne set PINGONE_ENVIRONMENT_ID, PINGONE_CLIENT_CREDENTIALS_CLIENT_ID and " +
  "PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET (and PINGONE_ROOT_DOMAIN outside North America). " +
  "For PingFederate set PINGCLI_PINGFEDERATE_HTTPS_HOST, PINGCLI_PINGFEDERATE_AUTHENTICATION_TYPE " +
  "and its credentials. Or use 'pingcli config set <key>=<value>'; see 'pingcli config list-keys'.\n";

/** `auth status -O json` with a PingOne env; returns the result and the envelope's one error. */
async function statusError(extra: Record<string, string>, args: string[] = []) {
  const home = await homes.make();
  const r = await pingcli(["-O", "json", "auth", "status", ...args], {
    env: pingOneEnv(server, home, basic, { PINGCLI_AUTH_STORAGE_TYPE: "none", ...extra }),
  });
  assert.equal(r.code, 1, dump(r));
  assert.equal(r.stderr, "");
  const e = envelope(r);
  assert.equal(e.status, "error");
  assert.equal(e.errors.length, 1);
  const connectorError = e.data.connectors[0].error;
  // The envelope's error is the connector's, prefixed with its label unless it names it.
  assert.equal(
    e.errors[0]!.message,
    connectorError.message.includes("PingOne")
      ? connectorError.message
      : `PingOne: ${connectorError.message}`,
  );
  assert.equal(e.errors[0]!.code, connectorError.code);
  return { r, error: e.errors[0]!, home };
}

test("not configured: exit 1, NOT_CONFIGURED, the hint lists the env vars", async () => {
  const home = await homes.make();
  const r = await pingcli(["auth", "status"], { env: { HOME: home } });
  assert.equal(r.code, 1, dump(r));
  assert.equal(r.stdout, "");
  assert.equal(
    r.stderr,
    "ERROR: no Ping service is configured for profile 'default'\n" + SETUP_HINT,
  );
  const j = await pingcli(["auth", "status", "-O", "json"], { env: { HOME: home } });
  assert.equal(j.code, 1);
  assert.equal(j.stderr, "");
  assert.deepEqual(envelope(j).errors, [{
    code: "NOT_CONFIGURED",
    category: "configuration",
    message: "no Ping service is configured for profile 'default'",
    hint: SETUP_HINT.slice("Hint: ".length, -1),
    retryable: false,
  }]);
  const p1 = await pingcli(["pingone", "auth", "status"], { env: { HOME: home } });
  assert.equal(p1.code, 1);
  assert.equal(
    p1.stderr,
    "ERROR: no PingOne connection is configured for profile 'default'\n" +
      "Hint: For PingOne set PINGONE_ENVIRONMENT_ID, PINGONE_CLIENT_CREDENTIALS_CLIENT_ID and " +
      "PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET (and PINGONE_ROOT_DOMAIN outside North America). " +
      "Or use 'pingcli config set <key>=<value>'; see 'pingcli config list-keys'.\n",
  );
  assert.deepEqual(await walk(home), []);
});

test("incomplete: missing secret → CREDENTIALS_MISSING naming PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET", async () => {
  const home = await homes.make();
  const env = pingOneEnv(server, home);
  delete env.PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET;
  const before = server.tokenRequests();
  const r = await pingcli(["auth", "status"], { env });
  assert.equal(r.code, 1, dump(r));
  assert.equal(
    r.stderr,
    "ERROR: the PingOne client secret is not set\n" +
      "Hint: To fix: set service.pingOne.authentication.clientCredentials.clientSecret " +
      "(env PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET or PINGCLI_PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET, " +
      "or 'pingcli config set service.pingOne.authentication.clientCredentials.clientSecret -').\n",
  );
  assert.match(r.stdout, /^ {2}Status: +✗ failed$/m);
  assert.match(r.stdout, /^ {2}Client secret: +\(not set\)$/m);
  // Each credential is listed once.
  assert.equal(r.stdout.match(/^ {2}Client ID:/gm)?.length, 1, r.stdout);
  assert.equal(r.stdout.match(/^ {2}Client secret:/gm)?.length, 1, r.stdout);
  assert.equal(server.tokenRequests(), before, "no token request without a secret");

  const api = await pingcli(["pingone", "api", "environments"], { env });
  assert.equal(api.code, 1);
  assert.equal(api.stdout, "");
  assert.match(api.stderr, /^ERROR: the PingOne client secret is not set\n/);
  assert.match(api.stderr, /PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET/);
});

test("missing environment ID: CREDENTIALS_MISSING naming PINGONE_ENVIRONMENT_ID", async () => {
  const home = await homes.make();
  const env = pingOneEnv(server, home);
  delete env.PINGONE_ENVIRONMENT_ID;
  const r = await pingcli(["auth", "status", "-O", "json"], { env });
  assert.equal(r.code, 1, dump(r));
  const e = envelope(r);
  assert.equal(e.errors[0]!.code, "CREDENTIALS_MISSING");
  assert.equal(e.errors[0]!.message, "the PingOne environment ID is not set");
  assert.match(
    e.errors[0]!.hint!,
    /\(env PINGONE_ENVIRONMENT_ID or PINGCLI_PINGONE_ENVIRONMENT_ID/,
  );
});

test("wrong secret: CREDENTIALS_INVALID (invalid_client) naming where the secret came from", async () => {
  const { error } = await statusError({ PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET: "wrong" });
  assert.deepEqual(error, {
    code: "CREDENTIALS_INVALID",
    category: "authentication",
    message:
      "PingOne rejected the client credentials (invalid_client): client authentication failed",
    hint:
      "Check the client ID and secret (client id from env PINGONE_CLIENT_CREDENTIALS_CLIENT_ID, " +
      "client secret from env PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET) and the client " +
      "authentication method (client_secret_basic).",
    retryable: false,
    details: { error: "invalid_client", status: 401 },
  });
  // The same through the generic env name: the hint follows the source.
  const home = await homes.make();
  const env = pingOneEnv(server, home);
  delete env.PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET;
  env.PINGCLI_SERVICE_PINGONE_AUTHENTICATION_CLIENTCREDENTIALS_CLIENTSECRET = "wrong";
  const r = await pingcli(["pingone", "api", "environments"], { env });
  assert.equal(r.code, 1, dump(r));
  assert.equal(r.stdout, "");
  assert.match(
    r.stderr,
    /^ERROR: PingOne rejected the client credentials \(invalid_client\): client authentication failed\n/,
  );
  assert.match(
    r.stderr,
    /client secret from env PINGCLI_SERVICE_PINGONE_AUTHENTICATION_CLIENTCREDENTIALS_CLIENTSECRET/,
  );
});

test("unknown client: CREDENTIALS_INVALID", async () => {
  const { error } = await statusError({
    PINGONE_CLIENT_CREDENTIALS_CLIENT_ID: "00000000-0000-4000-8000-00000000dead",
  });
  assert.equal(error.code, "CREDENTIALS_INVALID");
  assert.match(
    error.message,
    /^PingOne rejected the client credentials \(invalid_client\)/,
  );
});

test("invalid_scope: CREDENTIALS_INVALID naming the scopes setting", async () => {
  const { error } = await statusError({ PINGONE_CLIENT_CREDENTIALS_SCOPES: "p1:admin" });
  assert.deepEqual(error, {
    code: "CREDENTIALS_INVALID",
    category: "authentication",
    message: "PingOne refused the requested scopes (invalid_scope): requested scope is not allowed",
    hint:
      "Requested: p1:admin. Fix service.pingOne.authentication.clientCredentials.scopes or grant the scopes to the application.",
    retryable: false,
    details: { error: "invalid_scope", status: 400 },
  });
});

test("token accepted but the API answers 403 (no roles): warning, exit 0; exit 2 with -D", async () => {
  const home = await homes.make();
  const env = pingOneEnv(server, home, server.pingone.clients.noroles, {
    PINGCLI_AUTH_STORAGE_TYPE: "none",
  });
  const warning =
    `the token was issued but the PingOne API answered HTTP 403 to GET /environments/${server.envId}: the application is missing roles (PingOne: assign roles to the worker application, e.g. Environment Admin)`;
  const r = await pingcli(["auth", "status"], { env });
  assert.equal(r.code, 0, dump(r));
  assert.match(r.stdout, /^ {2}Status: +! authenticated with warnings$/m);
  assert.ok(r.stdout.includes(`\n  Warning: ${warning}\n`), r.stdout);
  assert.match(r.stdout, / → 403 \(/);

  const d = await pingcli(["-D", "auth", "status"], { env });
  assert.equal(d.code, 2, dump(d));
  const dj = await pingcli(["auth", "status", "-O", "json", "--detailed-exitcode"], { env });
  assert.equal(dj.code, 2, dump(dj));
  const e = envelope(dj);
  assert.equal(e.status, "warning");
  assert.deepEqual(e.errors, []);
  assert.deepEqual(e.warnings, [{ code: "AUTH_WARNING", message: `PingOne: ${warning}` }]);
  assert.equal(e.data.connectors[0].status, "warning");
  assert.equal(e.data.connectors[0].apiCheck.httpStatus, 403);
  assert.equal(e.data.connectors[0].apiCheck.accepted, false);
  const viaEnv = await pingcli(["auth", "status"], {
    env: { ...env, PINGCLI_DETAILED_EXITCODE: "true" },
  });
  assert.equal(viaEnv.code, 2);
});

test("unreachable: connection refused → NETWORK_ERROR, bounded retries", async () => {
  const port = await refusedPort();
  const started = Date.now();
  const { error } = await statusError({ PINGONE_AUTH_SERVICE_HOSTNAME: `localhost:${port}` });
  assert.deepEqual(error, {
    code: "NETWORK_ERROR",
    category: "network",
    message: `PingOne: connection refused by localhost:${port}`,
    hint: "Check the host and port, and that the service is running.",
    retryable: true,
  });
  assert.ok(Date.now() - started < 10_000);
});

test("stalled server with PINGCLI_HTTP_TIMEOUT=1s → TIMEOUT", async () => {
  proxy.mode = "stall";
  try {
    const started = Date.now();
    const { error } = await statusError({
      PINGONE_AUTH_SERVICE_HOSTNAME: proxy.hostPort,
      PINGCLI_HTTP_TIMEOUT: "1s",
    });
    const elapsed = Date.now() - started;
    assert.deepEqual(error, {
      code: "TIMEOUT",
      category: "network",
      message: `PingOne: ${proxy.hostPort} did not answer within 1 s`,
      hint:
        "Check the host is reachable, or raise http.connectTimeout / http.timeout (PINGCLI_HTTP_TIMEOUT).",
      retryable: true,
    });
    assert.ok(elapsed >= 1000 && elapsed < 6000, `took ${elapsed} ms`);

    // The connect timeout bounds each attempt; attempts are retried within the total.
    const connect = await statusError({
      PINGONE_AUTH_SERVICE_HOSTNAME: proxy.hostPort,
      PINGCLI_HTTP_CONNECT_TIMEOUT: "300ms",
      PINGCLI_HTTP_TIMEOUT: "5s",
    });
    assert.equal(connect.error.code, "TIMEOUT");
    assert.match(
      connect.error.message,
      new RegExp(
        `^PingOne: ${proxy.hostPort} did not answer: gave up after \\d+(\\.\\d)? s and 3 attempts$`,
      ),
    );
  } finally {
    proxy.mode = "forward";
  }
});

test("connection reset → NETWORK_ERROR", async () => {
  proxy.mode = "reset";
  try {
    const { error } = await statusError({ PINGONE_AUTH_SERVICE_HOSTNAME: proxy.hostPort });
    assert.equal(error.code, "NETWORK_ERROR");
    assert.match(
      error.message,
      new RegExp(`^PingOne: request to ${proxy.hostPort} failed: the connection was closed \\(`),
    );
    assert.equal(error.retryable, true);
  } finally {
    proxy.mode = "forward";
  }
});

test("TLS failure (no DENO_CERT) → TLS_ERROR naming the host and the CA settings", async () => {
  const home = await homes.make();
  const env = pingOneEnv(server, home);
  delete env.DENO_CERT;
  const r = await pingcli(["auth", "status"], { env });
  assert.equal(r.code, 1, dump(r));
  assert.match(
    r.stderr,
    new RegExp(`^ERROR: PingOne: TLS verification failed for ${server.hostPort}: .*UnknownIssuer`),
  );
  assert.match(
    r.stderr,
    /^Hint: If the server uses a private CA, point DENO_CERT at its PEM file \(PingFederate: service\.pingFederate\.caCertificatePemFiles\)\.$/m,
  );
  const j = await pingcli(["auth", "status", "-O", "json"], { env });
  const e = envelope(j);
  assert.equal(e.errors[0]!.code, "TLS_ERROR");
  assert.equal(e.errors[0]!.retryable, false);
});

test("429 with Retry-After, then success: retried after the delay, exit 0", async () => {
  const home = await homes.make();
  const before = server.tokenRequests(basic.id);
  server.failNext({ pathPrefix: tokenPath, status: 429, headers: { "retry-after": "1" } });
  const started = Date.now();
  const r = await pingcli(["auth", "status"], {
    env: pingOneEnv(server, home, basic, { PINGCLI_AUTH_STORAGE_TYPE: "none" }),
  });
  assert.equal(r.code, 0, dump(r));
  assert.equal(r.stderr, "");
  assert.match(r.stdout, /^ {2}Status: +✓ authenticated$/m);
  assert.equal(server.tokenRequests(basic.id) - before, 2);
  assert.ok(Date.now() - started >= 1000, "Retry-After honoured");
});

test("429 on every attempt → RATE_LIMITED after 3 attempts", async () => {
  const before = server.tokenRequests(basic.id);
  server.failNext({
    pathPrefix: tokenPath,
    status: 429,
    headers: { "retry-after": "0" },
    times: 3,
  });
  const { error } = await statusError({});
  assert.equal(error.code, "RATE_LIMITED");
  assert.equal(
    error.message,
    `PingOne token endpoint ${server.pingone.tokenEndpoint} is rate limiting requests (HTTP 429)`,
  );
  assert.equal(server.tokenRequests(basic.id) - before, 3);
});

test("503 three times → SERVICE_ERROR after exactly 3 attempts", async () => {
  const before = server.tokenRequests(basic.id);
  server.failNext({ pathPrefix: tokenPath, status: 503, times: 3 });
  const { error } = await statusError({});
  assert.deepEqual(error, {
    code: "SERVICE_ERROR",
    category: "service",
    message: `PingOne token endpoint ${server.pingone.tokenEndpoint} answered HTTP 503`,
    hint:
      "Check the token endpoint URL; if it is right, the service may be failing. Re-run with --debug for details.",
    retryable: true,
  });
  assert.equal(server.tokenRequests(basic.id) - before, 3);
});

test("503 twice then success: exit 0", async () => {
  const home = await homes.make();
  const before = server.tokenRequests(basic.id);
  server.failNext({ pathPrefix: tokenPath, status: 503, times: 2 });
  const r = await pingcli(["auth", "status"], {
    env: pingOneEnv(server, home, basic, { PINGCLI_AUTH_STORAGE_TYPE: "none" }),
  });
  assert.equal(r.code, 0, dump(r));
  assert.equal(server.tokenRequests(basic.id) - before, 3);
});

test("malformed JSON token response → SERVICE_ERROR", async () => {
  proxy.mode = "malformed-json";
  try {
    const { error } = await statusError({ PINGONE_AUTH_SERVICE_HOSTNAME: proxy.hostPort });
    assert.equal(error.code, "SERVICE_ERROR");
    assert.match(
      error.message,
      new RegExp(
        `^PingOne token endpoint https://${proxy.hostPort}/${server.envId}/as/token `,
      ),
    );
    assert.equal(error.retryable, false);
  } finally {
    proxy.mode = "forward";
  }
});

test("HTML instead of JSON (captive portal) → SERVICE_ERROR", async () => {
  proxy.mode = "html";
  try {
    const { error } = await statusError({ PINGONE_AUTH_SERVICE_HOSTNAME: proxy.hostPort });
    assert.equal(error.code, "SERVICE_ERROR");
    assert.equal(
      error.message,
      `PingOne token endpoint https://${proxy.hostPort}/${server.envId}/as/token answered with a body that is not JSON`,
    );
  } finally {
    proxy.mode = "forward";
  }
});

test("oversized token response → SERVICE_ERROR, not read to the end", async () => {
  proxy.mode = "oversized";
  try {
    const { error } = await statusError({ PINGONE_AUTH_SERVICE_HOSTNAME: proxy.hostPort });
    assert.equal(error.code, "SERVICE_ERROR");
    assert.equal(
      error.message,
      `PingOne: response from ${proxy.hostPort} is larger than 1 MiB`,
    );
    assert.ok(1024 * 1024 < OVERSIZED_BYTES);
    assert.equal(error.retryable, false);
  } finally {
    proxy.mode = "forward";
  }
});

test("plain http to a non-loopback host is refused before any request", async () => {
  const home = await homes.make();
  const r = await pingcli(["-O", "json", "auth", "status"], {
    env: pingFederateEnv(server, home, {
      PINGCLI_PINGFEDERATE_HTTPS_HOST: "http://pingfederate.invalid:9999",
      PINGCLI_PINGFEDERATE_AUTHENTICATION_TYPE: "basicAuth",
      PINGCLI_PINGFEDERATE_USERNAME: "administrator",
      PINGCLI_PINGFEDERATE_PASSWORD: "pw-never-sent",
    }),
  });
  assert.equal(r.code, 1, dump(r));
  const e = envelope(r);
  assert.equal(e.errors[0]!.code, "CONFIG_INVALID");
  assert.equal(
    e.errors[0]!.message,
    "PingFederate: service.pingFederate.httpsHost (env PINGCLI_PINGFEDERATE_HTTPS_HOST) is a " +
      "plain http:// URL; credentials are only sent over https",
  );
  assert.equal(
    e.errors[0]!.hint,
    "Set service.pingFederate.httpsHost to an https:// URL. Plain http is allowed only for loopback hosts.",
  );
  // Same for an OAuth token URL.
  const t = await pingcli(["-O", "json", "pingfederate", "auth", "status"], {
    env: pingFederateEnv(server, home, {
      PINGCLI_PINGFEDERATE_AUTHENTICATION_TYPE: "client_credentials",
      PINGCLI_PINGFEDERATE_CLIENT_ID: "c",
      PINGCLI_PINGFEDERATE_CLIENT_SECRET: "secret-never-sent",
      PINGCLI_PINGFEDERATE_TOKEN_URL: "http://pingfederate.invalid/as/token.oauth2",
    }),
  });
  assert.equal(t.code, 1, dump(t));
  const te = envelope(t);
  assert.equal(te.errors[0]!.code, "CONFIG_INVALID");
  assert.equal(
    te.errors[0]!.message,
    "PingFederate: service.pingFederate.authentication.oauth.clientCredentials.tokenURL " +
      "(env PINGCLI_PINGFEDERATE_TOKEN_URL) is a plain http:// URL; credentials are only sent over https",
  );
  assert.equal(server.requests.filter((q) => q.path.includes("invalid")).length, 0);
});

test("errors never carry a stack trace without --debug; --debug adds one on stderr", async () => {
  const home = await homes.make();
  const env = pingOneEnv(server, home, basic, { PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET: "x" });
  const plain: RunResult = await pingcli(["pingone", "api", "environments"], { env });
  assert.equal(plain.code, 1);
  assert.doesNotMatch(plain.stderr, /\n\s+at /);
  const debug = await pingcli(["--debug", "pingone", "api", "environments"], { env });
  assert.equal(debug.code, 1);
  assert.match(debug.stderr, /^ERROR: PingOne rejected the client credentials/m);
  assert.match(debug.stderr, /\n\s+at /);
});

test("close servers", async () => {
  await proxy.close();
  await server.close();
  await homes.cleanup();
});

test("several missing settings are named in one error", async () => {
  const home = await homes.make();
  const r = await pingcli(["-O", "json", "pingone", "auth", "status"], {
    env: { HOME: home, PINGONE_CLIENT_CREDENTIALS_CLIENT_ID: basic.id },
  });
  assert.equal(r.code, 1, dump(r));
  const error = envelope(r).errors[0]!;
  assert.equal(error.code, "CREDENTIALS_MISSING");
  assert.equal(error.message, "the PingOne environment ID and client secret are not set");
  assert.match(
    error.hint!,
    /PINGONE_ENVIRONMENT_ID.*; set service\.pingOne\.authentication\.clientCredentials\.clientSecret \(env PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET/,
  );
});
