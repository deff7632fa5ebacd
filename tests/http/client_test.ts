import assert from "node:assert/strict";
import { backoff, checkScheme, userAgent } from "../../src/http/client.ts";
import { redact } from "../../src/output/log.ts";

Deno.test("backoff honours Retry-After seconds and dates, else grows with jitter", () => {
  assert.equal(backoff(1, "2", 0), 2000);
  assert.equal(backoff(1, new Date(10_000).toUTCString(), 5_000), 5000);
  for (let i = 0; i < 20; i++) {
    const a = backoff(1, null, 0);
    const b = backoff(3, null, 0);
    assert.ok(a >= 100 && a <= 200, String(a));
    assert.ok(b >= 400 && b <= 800, String(b));
  }
});

Deno.test("plain http only to loopback", () => {
  checkScheme(new URL("https://example.com"));
  checkScheme(new URL("http://127.0.0.1:8080"));
  checkScheme(new URL("http://localhost"));
  assert.throws(
    () => checkScheme(new URL("http://example.com")),
    /refusing to send credentials over http:\/\/example\.com/,
  );
});

Deno.test("user agent names pingcli, deno and the platform", () => {
  assert.match(userAgent(), /^pingcli\/\S+ \(deno \d+\.\d+\.\d+; \w+-\w+\)$/);
  assert.match(userAgent("ci/1"), / ci\/1$/);
});

Deno.test("redaction removes credentials from log lines", () => {
  assert.equal(redact("> authorization: Basic abc=="), "> authorization: [REDACTED]");
  assert.equal(
    redact("> grant_type=client_credentials&client_secret=s3cr3t&scope=a"),
    "> grant_type=client_credentials&client_secret=[REDACTED]&scope=a",
  );
  assert.equal(
    redact('< {"access_token":"eyJ.x.y","token_type":"bearer"}'),
    '< {"access_token":"[REDACTED]","token_type":"bearer"}',
  );
  assert.equal(redact("anything canary-123 here", ["canary-123"]), "anything [REDACTED] here");
});

Deno.test("redaction covers secret-named JSON members of API bodies, whole values", () => {
  assert.equal(
    redact('> {"clientAuth":{"secret":"My App Secret","encryptedSecret":"ENCxyz"},"name":"x"}'),
    '> {"clientAuth":{"secret":"[REDACTED]","encryptedSecret":"[REDACTED]"},"name":"x"}',
  );
  assert.equal(
    redact('< {"password": "p a \\" ss", "username": "admin"}'),
    '< {"password": "[REDACTED]", "username": "admin"}',
  );
  assert.equal(
    redact('{"token_endpoint":"https://x/token"}'),
    '{"token_endpoint":"https://x/token"}',
  );
  assert.equal(redact('{"privateKey":"-----BEGIN"}'), '{"privateKey":"[REDACTED]"}');
});
