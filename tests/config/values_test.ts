/** Typed parsing and display of setting values (src/config/values.ts). */
import assert from "node:assert/strict";
import { findKey } from "../../src/config/key_lookup.ts";
import {
  displayValue,
  jsonValue,
  MASK,
  parseDuration,
  parseValue,
} from "../../src/config/values.ts";
import { PingcliError } from "../../src/errors.ts";

const key = (name: string) => findKey(name)!;

function rejects(name: string, raw: unknown, message: string, hint?: string): void {
  assert.throws(() => parseValue(key(name), raw, "env X"), (error: unknown) => {
    assert.ok(error instanceof PingcliError);
    assert.equal(error.code, "CONFIG_INVALID");
    assert.equal(error.message, `invalid value for ${key(name).key} from env X: ${message}`);
    assert.equal(error.hint, hint);
    return true;
  });
}

Deno.test("bool: true/false/1/0/yes/no in any case, YAML booleans as they are", () => {
  for (const raw of ["true", "TRUE", "1", "yes", "Yes", " true ", true]) {
    assert.equal(parseValue(key("noColor"), raw, "x"), true, String(raw));
  }
  for (const raw of ["false", "False", "0", "no", "NO", false]) {
    assert.equal(parseValue(key("noColor"), raw, "x"), false, String(raw));
  }
  rejects("noColor", "on", "'on' is not a boolean", "Allowed: true, false, 1, 0, yes, no");
  rejects("noColor", ["true"], "expected a single value, found a list or mapping");
});

Deno.test("uuid, enum, url, hostPort, int, duration", () => {
  assert.equal(
    parseValue(
      key("service.pingOne.endpoint.environmentID"),
      "ABCDEF01-2345-6789-ABCD-EF0123456789",
      "x",
    ),
    "ABCDEF01-2345-6789-ABCD-EF0123456789",
  );
  rejects(
    "service.pingOne.endpoint.environmentID",
    "1234",
    "'1234' is not a valid UUID",
    "Allowed: a UUID such as 00000000-0000-0000-0000-000000000000",
  );
  assert.equal(parseValue(key("outputFormat"), "JSON", "x"), "json");
  rejects(
    "outputFormat",
    "yaml",
    "'yaml' is not allowed",
    "Allowed: json, ndjson, ndjson-wrapped, text",
  );
  assert.equal(
    parseValue(key("service.pingFederate.httpsHost"), "https://pf:9999", "x"),
    "https://pf:9999",
  );
  rejects(
    "service.pingFederate.httpsHost",
    "pf:9999/x y",
    "'pf:9999/x y' is not an http(s) URL",
    "Allowed: an absolute https:// URL",
  );
  assert.equal(
    parseValue(key("service.pingOne.endpoint.customDomain"), "https://auth.example.com/", "x"),
    "auth.example.com",
  );
  assert.equal(
    parseValue(key("service.pingOne.endpoint.authHostname"), "localhost:8443", "x"),
    "localhost:8443",
  );
  assert.equal(
    parseValue(key("service.pingOne.endpoint.authHostname"), "[::1]:8443", "x"),
    "[::1]:8443",
  );
  rejects(
    "service.pingOne.endpoint.authHostname",
    "-bad-",
    "'-bad-' is not a host name",
    "Allowed: a host with an optional port, e.g. auth.example.com or localhost:8443",
  );
  const port = "service.pingOne.authentication.authorizationCode.redirectUri.port";
  assert.equal(parseValue(key(port), "8080", "x"), 8080);
  assert.equal(parseValue(key(port), 8080, "x"), 8080);
  rejects(port, "80.5", "'80.5' is not a whole number", "Allowed: a port number, 1-65535");
  rejects(port, "", "'' is not a whole number", "Allowed: a port number, 1-65535");
  rejects(port, "0", "0 is not a port", "Allowed: a port number, 1-65535");
  assert.equal(parseValue(key("http.timeout"), "1m30s", "x"), "1m30s");
  rejects("http.timeout", "1x", "'1x' is not a duration", "Allowed: e.g. 500ms, 10s, 1m30s");
});

Deno.test("duration: zero would time out every call, so it is rejected", () => {
  const positive = "Allowed: a duration longer than zero, e.g. 500ms, 10s, 1m30s";
  for (const name of ["http.timeout", "http.connectTimeout", "telemetry.metric.exportInterval"]) {
    for (const raw of ["0", "0s", "0ms", "0m0s", "0.0"]) {
      rejects(name, raw, `'${raw}' is not longer than zero`, positive);
    }
  }
  rejects("http.timeout", "-5s", "'-5s' is not a duration", "Allowed: e.g. 500ms, 10s, 1m30s");
  assert.equal(parseValue(key("http.connectTimeout"), "1ms", "x"), "1ms");
  assert.equal(parseValue(key("http.timeout"), "0.5", "x"), "0.5");
});

Deno.test("stringArray: comma-separated text or a YAML list, blanks dropped", () => {
  const scopes = key("service.pingOne.authentication.clientCredentials.scopes");
  assert.deepEqual(parseValue(scopes, " openid, profile ,,", "x"), ["openid", "profile"]);
  assert.deepEqual(parseValue(scopes, ["openid", 42], "x"), ["openid", "42"]);
  assert.deepEqual(parseValue(scopes, "", "x"), []);
});

Deno.test("parseDuration: Go durations and bare seconds", () => {
  assert.equal(parseDuration("500ms"), 500);
  assert.equal(parseDuration("1m30s"), 90_000);
  assert.equal(parseDuration("1h"), 3_600_000);
  assert.equal(parseDuration("2.5"), 2500);
  assert.throws(() => parseDuration(""));
  assert.throws(() => parseDuration("10 s"));
});

Deno.test("display: secrets masked as exactly eight asterisks unless unmasked", () => {
  const secret = key("service.pingOne.authentication.clientCredentials.clientSecret");
  assert.equal(MASK, "********");
  assert.equal(displayValue(secret, "x", false), MASK);
  assert.equal(displayValue(secret, "a-much-longer-secret-value", false), MASK);
  assert.equal(displayValue(secret, "", false), "");
  assert.equal(displayValue(secret, undefined, false), "");
  assert.equal(displayValue(secret, "x", true), "x");
  assert.equal(jsonValue(secret, "x", false), MASK);
  assert.equal(jsonValue(secret, undefined, false), null);
  const scopes = key("service.pingOne.authentication.clientCredentials.scopes");
  assert.equal(displayValue(scopes, ["a", "b"], false), "a,b");
  assert.deepEqual(jsonValue(scopes, ["a", "b"], false), ["a", "b"]);
  // Client IDs and environment IDs are not secret.
  assert.equal(displayValue(key("service.pingOne.endpoint.environmentID"), "e", false), "e");
});
