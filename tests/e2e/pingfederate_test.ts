/**
 * PingFederate service authentication from the environment: basicAuth, accessTokenAuth and
 * OAuth client credentials, through `auth status`, `pingfederate auth status` and `api`.
 */
import assert from "node:assert/strict";
import { startAuthServer } from "../support/auth_server.ts";
import {
  dump,
  envelope,
  Homes,
  pingcli,
  pingFederateEnv,
  pingOneEnv,
  test,
  UUID,
  walk,
} from "./helpers.ts";

const server = await startAuthServer();
const homes = new Homes();
const pf = server.pingfederate;

function basicEnv(home: string, password = pf.adminPassword): Record<string, string> {
  return pingFederateEnv(server, home, {
    PINGCLI_PINGFEDERATE_AUTHENTICATION_TYPE: "basicAuth",
    PINGCLI_PINGFEDERATE_USERNAME: pf.adminUser,
    PINGCLI_PINGFEDERATE_PASSWORD: password,
  });
}

function oauthEnv(home: string, type = "client_credentials"): Record<string, string> {
  return pingFederateEnv(server, home, {
    PINGCLI_PINGFEDERATE_AUTHENTICATION_TYPE: type,
    PINGCLI_PINGFEDERATE_CLIENT_ID: pf.client.id,
    PINGCLI_PINGFEDERATE_CLIENT_SECRET: pf.client.secret,
    PINGCLI_PINGFEDERATE_TOKEN_URL: pf.tokenEndpoint,
    PINGCLI_AUTH_STORAGE_TYPE: "none",
  });
}

const API_CHECK = new RegExp(
  `^ {2}API check: +GET ${server.origin}/pf-admin-api/v1/version → 200 \\(\\d+ ms\\), request ID [0-9a-f-]{36}$`,
  "m",
);

test("basicAuth: auth status exit 0, no token request, password masked", async () => {
  const home = await homes.make();
  const before = server.tokenRequests();
  const r = await pingcli(["auth", "status"], { env: basicEnv(home) });
  assert.equal(r.code, 0, dump(r));
  assert.equal(r.stderr, "");
  const lines = r.stdout.split("\n");
  assert.equal(lines[0], "PingFederate (profile default)");
  assert.match(lines[1]!, /^ {2}Status: +✓ authenticated$/);
  assert.match(lines[2]!, /^ {2}Method: +basicAuth$/);
  assert.match(
    r.stdout,
    new RegExp(
      `^ {2}HTTPS host: +${server.origin} {2}\\(env PINGCLI_PINGFEDERATE_HTTPS_HOST\\)$`,
      "m",
    ),
  );
  assert.match(
    r.stdout,
    new RegExp(`^ {2}Username: +${pf.adminUser} {2}\\(env PINGCLI_PINGFEDERATE_USERNAME\\)$`, "m"),
  );
  assert.match(r.stdout, /^ {2}Password: +\*{8} {2}\(env PINGCLI_PINGFEDERATE_PASSWORD\)$/m);
  assert.match(r.stdout, API_CHECK);
  assert.ok(!r.stdout.includes(pf.adminPassword));
  assert.equal(server.tokenRequests(), before);
  // The admin API got Basic credentials and the XSRF header.
  const call = server.requests.findLast((e) => e.path === "/pf-admin-api/v1/version")!;
  assert.equal(call.headers.authorization, "Basic");
  assert.equal(call.headers["x-xsrf-header"], "PingFederate");
  assert.match(call.headers["user-agent"]!, /^pingcli\//);
  assert.deepEqual(await walk(home), []);
});

test("basicAuth with a wrong password: exit 1, CREDENTIALS_INVALID", async () => {
  const home = await homes.make();
  const r = await pingcli(["pingfederate", "auth", "status", "-O", "json"], {
    env: basicEnv(home, "not-the-password"),
  });
  assert.equal(r.code, 1, dump(r));
  const e = envelope(r);
  assert.equal(e.status, "error");
  assert.deepEqual(e.errors, [{
    code: "CREDENTIALS_INVALID",
    category: "authentication",
    message:
      "the PingFederate API answered HTTP 401 to GET /version: the credentials were rejected",
    hint: "Check the PingFederate username and password.",
    retryable: false,
  }]);
  assert.equal(e.data.connectors[0].apiCheck.httpStatus, 401);
  assert.ok(!r.stdout.includes("not-the-password"));
});

test("accessTokenAuth: exit 0, bearer token masked and sent", async () => {
  const home = await homes.make();
  const r = await pingcli(["-O", "json", "pingfederate", "auth", "status"], {
    env: pingFederateEnv(server, home, {
      PINGCLI_PINGFEDERATE_AUTHENTICATION_TYPE: "accessTokenAuth",
      PINGCLI_PINGFEDERATE_ACCESS_TOKEN: pf.accessToken,
    }),
  });
  assert.equal(r.code, 0, dump(r));
  assert.equal(r.stderr, "");
  const e = envelope(r);
  assert.equal(e.status, "success");
  const c = e.data.connectors[0];
  assert.equal(c.connector, "pingfederate");
  assert.equal(c.method, "accessTokenAuth");
  assert.equal(c.tokenEndpoint, null);
  assert.equal(c.token, null);
  assert.equal(c.apiBase, `${server.origin}/pf-admin-api/v1`);
  assert.equal(c.apiCheck.httpStatus, 200);
  assert.deepEqual(
    c.credentials.find((x: { label: string }) => x.label === "Access token"),
    {
      key: "service.pingFederate.authentication.accessTokenAuth.accessToken",
      label: "Access token",
      value: "********",
      source: "env PINGCLI_PINGFEDERATE_ACCESS_TOKEN",
      secret: true,
    },
  );
  assert.ok(!r.stdout.includes(pf.accessToken));
  const call = server.requests.findLast((x) => x.path === "/pf-admin-api/v1/version")!;
  assert.equal(call.headers.authorization, "Bearer");
});

test("client_credentials (and its alias oauth): token from /as/token.oauth2, exit 0", async () => {
  for (const type of ["client_credentials", "oauth", "clientCredentialsAuth"]) {
    const home = await homes.make();
    const before = server.tokenRequests(pf.client.id);
    const r = await pingcli(["auth", "status"], { env: oauthEnv(home, type) });
    assert.equal(r.code, 0, dump(r));
    assert.equal(r.stderr, "");
    assert.match(r.stdout, /^ {2}Status: +✓ authenticated$/m);
    assert.match(r.stdout, /^ {2}Method: +oauth client_credentials \(client_secret_basic\)$/m);
    assert.match(
      r.stdout,
      new RegExp(
        `^ {2}Authentication type: +${type} {2}\\(env PINGCLI_PINGFEDERATE_AUTHENTICATION_TYPE\\)$`,
        "m",
      ),
    );
    assert.match(
      r.stdout,
      new RegExp(
        `^ {2}Client ID: +${pf.client.id} {2}\\(env PINGCLI_PINGFEDERATE_CLIENT_ID\\)$`,
        "m",
      ),
    );
    assert.match(
      r.stdout,
      /^ {2}Client secret: +\*{8} {2}\(env PINGCLI_PINGFEDERATE_CLIENT_SECRET\)$/m,
    );
    assert.match(r.stdout, new RegExp(`^ {2}Token endpoint: +${pf.tokenEndpoint}$`, "m"));
    assert.match(r.stdout, API_CHECK);
    assert.ok(!r.stdout.includes(pf.client.secret));
    assert.equal(server.tokenRequests(pf.client.id) - before, 1);
    assert.deepEqual(await walk(home), []);
  }
});

test("client_credentials with a wrong secret: CREDENTIALS_INVALID naming the env var", async () => {
  const home = await homes.make();
  const r = await pingcli(["pingfederate", "auth", "status"], {
    env: { ...oauthEnv(home), PINGCLI_PINGFEDERATE_CLIENT_SECRET: "wrong-pf-secret" },
  });
  assert.equal(r.code, 1, dump(r));
  assert.match(r.stdout, /^ {2}Status: +✗ failed$/m);
  assert.match(
    r.stderr,
    /^ERROR: PingFederate rejected the client credentials \(invalid_client\)/m,
  );
  assert.match(r.stderr, /client secret from env PINGCLI_PINGFEDERATE_CLIENT_SECRET/);
  assert.ok(!(r.stdout + r.stderr).includes("wrong-pf-secret"));
});

test("pingfederate api version: body byte-exact on stdout, status note on stderr", async () => {
  const home = await homes.make();
  const r = await pingcli(["pingfederate", "api", "version"], { env: oauthEnv(home) });
  assert.equal(r.code, 0, dump(r));
  assert.equal(r.stdout, '{"version":"13.0.1.0"}');
  assert.match(
    r.stderr,
    new RegExp(
      `^HTTP 200 GET ${server.origin}/pf-admin-api/v1/version \\(\\d+ ms\\) request ID [0-9a-f-]{36}\\n$`,
    ),
  );
  const j = await pingcli(["pingfederate", "api", "dataStores", "-O", "json"], {
    env: basicEnv(home),
  });
  assert.equal(j.code, 0, dump(j));
  assert.equal(j.stderr, "");
  const e = envelope(j);
  assert.equal(e.status, "success");
  assert.equal(e.data.items.length, 2);
  assert.equal(e.meta.httpStatus, 200);
  assert.match(String(e.meta.requestId), UUID);
});

test("PingOne and PingFederate together: both reported, exit 0", async () => {
  const home = await homes.make();
  const r = await pingcli(["-O", "json", "auth", "status"], {
    env: { ...pingOneEnv(server, home), ...basicEnv(home), PINGCLI_AUTH_STORAGE_TYPE: "none" },
  });
  assert.equal(r.code, 0, dump(r));
  const e = envelope(r);
  assert.equal(e.message, "2 of 2 connector(s) authenticated");
  assert.deepEqual(
    e.data.connectors.map((c: { connector: string; status: string }) => [c.connector, c.status]),
    [["pingone", "authenticated"], ["pingfederate", "authenticated"]],
  );
  // One failing connector fails the whole status, and says which.
  const bad = await pingcli(["auth", "status"], {
    env: {
      ...pingOneEnv(server, home),
      ...basicEnv(home, "bad-password"),
      PINGCLI_AUTH_STORAGE_TYPE: "none",
    },
  });
  assert.equal(bad.code, 1, dump(bad));
  assert.match(bad.stdout, /^PingOne \(profile default\)\n {2}Status: +✓ authenticated$/m);
  assert.match(bad.stdout, /^PingFederate \(profile default\)\n {2}Status: +✗ failed$/m);
  assert.match(bad.stderr, /^ERROR: the PingFederate API answered HTTP 401/m);
});

test("missing PingFederate settings: CREDENTIALS_MISSING naming the key and env var", async () => {
  const home = await homes.make();
  const r = await pingcli(["-O", "json", "pingfederate", "auth", "status"], {
    env: pingFederateEnv(server, home, { PINGCLI_PINGFEDERATE_AUTHENTICATION_TYPE: "basicAuth" }),
  });
  assert.equal(r.code, 1, dump(r));
  const e = envelope(r);
  assert.equal(e.errors[0]!.code, "CREDENTIALS_MISSING");
  // Everything missing is named at once, so CI needs one fix-and-rerun, not one per setting.
  assert.equal(e.errors[0]!.message, "the PingFederate username and password are not set");
  assert.match(
    e.errors[0]!.hint!,
    /service\.pingFederate\.authentication\.basicAuth\.username \(env PINGCLI_PINGFEDERATE_USERNAME.*; set service\.pingFederate\.authentication\.basicAuth\.password \(env PINGCLI_PINGFEDERATE_PASSWORD.*'pingcli config set service\.pingFederate\.authentication\.basicAuth\.password -'/,
  );

  const noType = await pingcli(["pingfederate", "auth", "status"], {
    env: pingFederateEnv(server, home),
  });
  assert.equal(noType.code, 1, dump(noType));
  assert.match(
    noType.stderr,
    /^ERROR: the PingFederate authentication type is not set$/m,
  );
  assert.match(noType.stderr, /PINGCLI_PINGFEDERATE_AUTHENTICATION_TYPE/);
});

test("close server", async () => {
  await server.close();
  await homes.cleanup();
});
