import assert from "node:assert/strict";
import { Settings } from "../../src/config/resolve.ts";
import { PingcliError } from "../../src/errors.ts";
import { pingOneConnector, pingOneEndpoints } from "../../src/services/pingone.ts";
import { pingFederateConnector } from "../../src/services/pingfederate.ts";
import { apiUrl, buildApiRequest, parseHeaders } from "../../src/services/api_request.ts";

const ENV_ID = "11111111-2222-4333-8444-555555555555";
const CLIENT = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
const noFile = {
  path: "/nonexistent/config.yaml",
  exists: false,
  activeProfile: "default",
  profiles: new Map(),
  invalid: [],
};

function settings(env: Record<string, string>): Settings {
  return new Settings({ env, config: noFile, profile: "default" });
}

Deno.test("PingOne endpoints for every root domain", () => {
  for (
    const root of [
      "pingone.com",
      "pingone.eu",
      "pingone.asia",
      "pingone.ca",
      "pingone.com.au",
      "pingone.sg",
    ]
  ) {
    const e = pingOneEndpoints(
      settings({ PINGONE_ENVIRONMENT_ID: ENV_ID, PINGONE_ROOT_DOMAIN: root }),
    );
    assert.equal(e.tokenEndpoint, `https://auth.${root}/${ENV_ID}/as/token`);
    assert.equal(e.authorizationEndpoint, `https://auth.${root}/${ENV_ID}/as/authorize`);
    assert.equal(
      e.deviceAuthorizationEndpoint,
      `https://auth.${root}/${ENV_ID}/as/device_authorization`,
    );
    assert.equal(e.apiBase, `https://api.${root}/v1`);
  }
});

Deno.test("PingOne custom domain and extension host names", () => {
  const custom = pingOneEndpoints(
    settings({ PINGONE_CUSTOM_DOMAIN: "auth.bxretail.org", PINGONE_ROOT_DOMAIN: "pingone.eu" }),
  );
  assert.equal(custom.tokenEndpoint, "https://auth.bxretail.org/as/token");
  assert.equal(custom.apiBase, "https://api.pingone.eu/v1");
  const hosts = pingOneEndpoints(settings({
    PINGONE_ENVIRONMENT_ID: ENV_ID,
    PINGONE_AUTH_SERVICE_HOSTNAME: "auth.internal:8443",
    PINGONE_API_SERVICE_HOSTNAME: "api.internal",
  }));
  assert.equal(hosts.tokenEndpoint, `https://auth.internal:8443/${ENV_ID}/as/token`);
  assert.equal(hosts.apiBase, "https://api.internal/v1");
});

Deno.test("PingOne endpoint errors name the keys to set", () => {
  assert.throws(() => pingOneEndpoints(settings({})), (e: PingcliError) => {
    assert.equal(e.code, "CREDENTIALS_MISSING");
    assert.match(
      e.hint!,
      /service\.pingOne\.endpoint\.environmentID \(env PINGONE_ENVIRONMENT_ID or PINGCLI_PINGONE_ENVIRONMENT_ID/,
    );
    return true;
  });
  assert.throws(
    () =>
      pingOneEndpoints(
        settings({
          PINGONE_CUSTOM_DOMAIN: "a.example",
          PINGONE_AUTH_SERVICE_HOSTNAME: "b.example",
        }),
      ),
    /customDomain and service\.pingOne\.endpoint\.authHostname are both set/,
  );
});

Deno.test("PingOne connector reports the missing secret and its env vars", async () => {
  const c = await pingOneConnector(
    settings({ PINGONE_ENVIRONMENT_ID: ENV_ID, PINGONE_CLIENT_CREDENTIALS_CLIENT_ID: CLIENT }),
  );
  assert.ok(c.plan instanceof PingcliError);
  assert.equal(c.plan.code, "CREDENTIALS_MISSING");
  assert.match(c.plan.hint!, /PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET/);
  assert.deepEqual(c.fields.map((f) => f.label), [
    "Grant type",
    "Environment ID",
    "Root domain",
    "Client ID",
    "Client secret",
  ]);
});

Deno.test("PingFederate connector: client_credentials alias, headers, CA file errors", async () => {
  const base = {
    PINGCLI_PINGFEDERATE_HTTPS_HOST: "https://pf.example.com:9999/",
    PINGCLI_PINGFEDERATE_AUTHENTICATION_TYPE: "client_credentials",
    PINGCLI_PINGFEDERATE_OAUTH_CLIENT_ID: "cli",
    PINGCLI_PINGFEDERATE_CLIENT_SECRET: "s",
    PINGCLI_PINGFEDERATE_TOKEN_URL: "https://pf.example.com:9031/as/token.oauth2",
    PINGCLI_PINGFEDERATE_X_BYPASS_EXTERNAL_VALIDATION_HEADER: "yes",
  };
  const c = await pingFederateConnector(settings(base));
  assert.equal(c.apiBase, "https://pf.example.com:9999/pf-admin-api/v1");
  assert.deepEqual(c.headers, {
    "X-Xsrf-Header": "PingFederate",
    "X-BypassExternalValidation": "true",
  });
  assert.ok(!(c.plan instanceof PingcliError));
  assert.equal(c.plan.kind, "client_credentials");
  const missing = await pingFederateConnector(
    settings({ ...base, PINGCLI_PINGFEDERATE_CA_CERTIFICATE_PEM_FILES: "/nope.pem" }),
  );
  assert.ok(missing.plan instanceof PingcliError && missing.plan.code === "TLS_ERROR");
  const notPem = await Deno.makeTempFile();
  await Deno.writeTextFile(notPem, "hello");
  const bad = await pingFederateConnector(
    settings({ ...base, PINGCLI_PINGFEDERATE_CA_CERTIFICATE_PEM_FILES: notPem }),
  );
  assert.ok(bad.plan instanceof PingcliError);
  assert.match(bad.plan.message, /holds no PEM certificate/);
  await Deno.remove(notPem);
});

Deno.test("api URLs stay under the service base", () => {
  assert.equal(
    apiUrl("https://api.pingone.com/v1", "environments"),
    "https://api.pingone.com/v1/environments",
  );
  assert.equal(
    apiUrl("https://api.pingone.com/v1", "/v1/environments?limit=2"),
    "https://api.pingone.com/v1/environments?limit=2",
  );
  assert.equal(
    apiUrl("https://h/pf-admin-api/v1", "serverSettings"),
    "https://h/pf-admin-api/v1/serverSettings",
  );
  assert.throws(
    () => apiUrl("https://api.pingone.com/v1", "https://evil.example/v1/x"),
    /refusing to send credentials to evil\.example/,
  );
});

Deno.test("headers keep commas and colons; Authorization is refused", async () => {
  assert.deepEqual(parseHeaders(["Accept: a/b, c/d", "X-Time: 12:30"]), {
    Accept: "a/b, c/d",
    "X-Time": "12:30",
  });
  assert.throws(() => parseHeaders(["authorization: Bearer x"]), /cannot be set/);
  assert.throws(() => parseHeaders(["no colon"]), /invalid header/);
  const r = await buildApiRequest(
    "https://b/v1",
    "x",
    { method: "post", dataRaw: "{}" },
    () => Promise.resolve(""),
  );
  assert.equal(r.method, "POST");
  assert.equal(r.headers!["Content-Type"], "application/json");
  await assert.rejects(
    buildApiRequest("https://b/v1", "x", { method: "TRACE" }, () => Promise.resolve("")),
    /unsupported HTTP method/,
  );
});

Deno.test("malformed absolute URLs are usage errors, not crashes", () => {
  for (const uri of ["https://", "http://[", "https://evil.example:99999/x"]) {
    assert.throws(() => apiUrl("https://api.pingone.com/v1", uri), (e: PingcliError) => {
      assert.equal(e.code, "USAGE_ERROR");
      return true;
    });
  }
});

Deno.test("PingFederate plain http URLs are refused with the key and its source", async () => {
  const c = await pingFederateConnector(settings({
    PINGCLI_PINGFEDERATE_HTTPS_HOST: "http://pf.example.com:9999",
    PINGCLI_PINGFEDERATE_AUTHENTICATION_TYPE: "basicAuth",
    PINGCLI_PINGFEDERATE_USERNAME: "administrator",
    PINGCLI_PINGFEDERATE_PASSWORD: "p",
  }));
  assert.ok(c.plan instanceof PingcliError);
  assert.equal(c.plan.code, "CONFIG_INVALID");
  assert.equal(
    c.plan.message,
    "service.pingFederate.httpsHost (env PINGCLI_PINGFEDERATE_HTTPS_HOST) is a plain http:// URL; " +
      "credentials are only sent over https",
  );
  const loopback = await pingFederateConnector(settings({
    PINGCLI_PINGFEDERATE_HTTPS_HOST: "http://127.0.0.1:9999",
    PINGCLI_PINGFEDERATE_AUTHENTICATION_TYPE: "basicAuth",
    PINGCLI_PINGFEDERATE_USERNAME: "administrator",
    PINGCLI_PINGFEDERATE_PASSWORD: "p",
  }));
  assert.ok(!(loopback.plan instanceof PingcliError));
});

Deno.test("--data files are sent byte for byte", async () => {
  const file = await Deno.makeTempFile();
  const bytes = new Uint8Array([0xff, 0x00, 0x7b, 0xc3]);
  await Deno.writeFile(file, bytes);
  const r = await buildApiRequest(
    "https://b/v1",
    "x",
    { method: "PUT", data: file },
    () => Promise.resolve(""),
  );
  assert.deepEqual(r.body, bytes);
  await Deno.remove(file);
  await assert.rejects(
    buildApiRequest(
      "https://b/v1",
      "x",
      { method: "PUT", data: "/nonexistent/body.json" },
      () => Promise.resolve(""),
    ),
    /cannot read --data file \/nonexistent\/body\.json/,
  );
});

Deno.test("dot segments cannot climb out of the service base", () => {
  const pf = "https://pf.example.com:9999/pf-admin-api/v1";
  for (const uri of ["../../secret", "%2e%2e/%2e%2e/x", `${pf}/../../z`, "./../v2/x"]) {
    assert.throws(() => apiUrl(pf, uri, "serverSettings"), (e: PingcliError) => {
      assert.equal(e.code, "USAGE_ERROR");
      assert.match(e.message, /^refusing to send credentials to \/\S*: the URL is outside /);
      assert.equal(e.hint, `Give a path relative to ${pf}, e.g. 'serverSettings'.`);
      return true;
    });
  }
  assert.equal(apiUrl(pf, "dataStores/../serverSettings"), `${pf}/serverSettings`);
  assert.throws(() => apiUrl(pf, "  "), /API_URI is empty/);
  assert.equal(apiUrl("https://api.pingone.com/v1", "v1"), "https://api.pingone.com/v1/");
});

Deno.test("a GET with a body and headers with line breaks are usage errors before any request", async () => {
  const none = () => Promise.resolve("");
  await assert.rejects(
    buildApiRequest("https://b/v1", "x", { dataRaw: "{}" }, none),
    /a GET request cannot carry a body/,
  );
  await assert.rejects(
    buildApiRequest("https://b/v1", "x", { header: ["X-D: a\nX-E: b"] }, none),
    /the value of header 'X-D' contains a line break/,
  );
  const r = await buildApiRequest("https://b/v1", "x", { method: "Post", dataRaw: "{}" }, none);
  assert.equal(r.method, "POST");
});

Deno.test("every connector key is validated whatever the command uses", async () => {
  const { loadConnector } = await import("../../src/services/connectors.ts");
  const env = {
    PINGCLI_PINGFEDERATE_HTTPS_HOST: "https://pf.example.com",
    PINGCLI_PINGFEDERATE_AUTHENTICATION_TYPE: "basicAuth",
    PINGCLI_PINGFEDERATE_USERNAME: "administrator",
    PINGCLI_PINGFEDERATE_PASSWORD: "p",
    PINGCLI_PINGFEDERATE_AUTHENTICATION_OAUTH_GRANT_TYPE: "bogus",
  };
  await assert.rejects(
    () => loadConnector(settings(env), "pingfederate"),
    /invalid value for service\.pingFederate\.authentication\.oauth\.grantType from env PINGCLI_PINGFEDERATE_AUTHENTICATION_OAUTH_GRANT_TYPE: 'bogus' is not allowed/,
  );
});

Deno.test("response bodies: JSON parsed, text kept, binary as base64", async () => {
  const { responseData } = await import("../../src/services/api_request.ts");
  const enc = new TextEncoder();
  assert.deepEqual(responseData(enc.encode('{"a":1}'), "application/json"), {
    json: { a: 1 },
    data: { a: 1 },
  });
  assert.deepEqual(responseData(enc.encode("{bad"), "application/json"), {
    json: undefined,
    data: "{bad",
  });
  assert.deepEqual(responseData(enc.encode("héllo"), "text/plain"), {
    json: undefined,
    data: "héllo",
  });
  assert.deepEqual(responseData(new Uint8Array([0xff, 0x00, 0xfe]), "application/octet-stream"), {
    json: undefined,
    data: { contentType: "application/octet-stream", encoding: "base64", body: "/wD+" },
  });
  assert.deepEqual(responseData(new Uint8Array(), "application/json"), {
    json: undefined,
    data: null,
  });
});

Deno.test("a full path from the API docs is taken as it is", () => {
  const pf = "https://pf.example.com:9999/pf-admin-api/v1";
  assert.equal(apiUrl(pf, "/pf-admin-api/v1/version"), `${pf}/version`);
  assert.equal(apiUrl(pf, "/version"), `${pf}/version`);
  assert.equal(
    apiUrl("https://api.pingone.com/v1", "/v1/environments"),
    "https://api.pingone.com/v1/environments",
  );
});
