/**
 * `pingone api` / `pingfederate api` through the real CLI: byte-exact pass-through, the JSON
 * envelope, request bodies and headers, --fail, and the token cache across processes.
 */
import assert from "node:assert/strict";
import { startAuthServer } from "../support/auth_server.ts";
import { startFaultProxy } from "../support/fault_proxy.ts";
import { dump, envelope, Homes, pingcli, pingOneEnv, test, UUID, walk } from "./helpers.ts";

const server = await startAuthServer();
const proxy = await startFaultProxy({ upstream: new URL(server.origin), tls: server.tls });
const homes = new Homes();
const basic = server.pingone.clients.basic;
const envPath = `/v1/environments/${server.envId}`;
const NOTE =
  /^HTTP (\d{3}) (GET|POST|PUT|PATCH|DELETE) (\S+) \(\d+ ms\) request ID [0-9a-f-]{36}\n$/;

function memEnv(home: string, extra: Record<string, string> = {}) {
  return pingOneEnv(server, home, basic, { PINGCLI_AUTH_STORAGE_TYPE: "none", ...extra });
}

function fsEnv(home: string, extra: Record<string, string> = {}) {
  return pingOneEnv(server, home, basic, { PINGCLI_AUTH_STORAGE_TYPE: "file_system", ...extra });
}

function lastRequest(path: string, method = "GET") {
  const entry = server.requests.findLast((e) => e.path === path && e.method === method);
  assert.ok(entry, `no ${method} ${path} request`);
  return entry;
}

test("GET passes the body through byte-exact on a pipe", async () => {
  const home = await homes.make();
  // A body whose exact bytes (spacing, escapes, non-ASCII, no final newline) must survive.
  const body = '{ "id" : "x",\n\t"name": "Caf\\u00e9 ☕",  "n": 1.50 }';
  server.failNext({ pathPrefix: `${envPath}/populations`, status: 200, body });
  const r = await pingcli(["pingone", "api", `environments/${server.envId}/populations`], {
    env: memEnv(home),
  });
  assert.equal(r.code, 0, dump(r));
  assert.equal(r.stdout, body);
  const m = r.stderr.match(NOTE);
  assert.ok(m, r.stderr);
  assert.deepEqual(m.slice(1), ["200", "GET", `${server.origin}${envPath}/populations`]);

  // A real response: no reformatting, no newline added; leading slash and v1/ prefix accepted.
  for (const uri of [`environments/${server.envId}`, `/v1/environments/${server.envId}`]) {
    const real = await pingcli(["pingone", "api", uri], { env: memEnv(home) });
    assert.equal(real.code, 0, dump(real));
    assert.ok(!real.stdout.endsWith("\n"));
    assert.equal(JSON.stringify(JSON.parse(real.stdout)), real.stdout);
    assert.equal(JSON.parse(real.stdout).id, server.envId);
  }
  const call = lastRequest(envPath);
  assert.equal(call.headers.authorization, "Bearer");
  assert.match(call.headers["user-agent"]!, /^pingcli\/\S+ \(deno /);
  assert.deepEqual(await walk(home), []);
});

test("-O json: envelope with data, meta.httpStatus and meta.requestId", async () => {
  const home = await homes.make();
  const r = await pingcli(["pingone", "api", `environments/${server.envId}`, "-O", "json"], {
    env: memEnv(home),
  });
  assert.equal(r.code, 0, dump(r));
  assert.equal(r.stderr, "");
  const e = envelope(r);
  assert.equal(e.status, "success");
  assert.equal(e.message, "HTTP 200");
  assert.equal(e.data.id, server.envId);
  assert.equal(e.data.name, "pingcli-test");
  assert.deepEqual(Object.keys(e.meta), [
    "command",
    "durationMs",
    "httpStatus",
    "requestId",
    "httpDurationMs",
    "method",
    "url",
  ]);
  assert.equal(e.meta.command, "pingone api");
  assert.equal(e.meta.httpStatus, 200);
  assert.match(String(e.meta.requestId), UUID);
  assert.equal(e.meta.method, "GET");
  assert.equal(e.meta.url, `${server.origin}${envPath}`);
  assert.equal(typeof e.meta.durationMs, "number");
  assert.equal(typeof e.meta.httpDurationMs, "number");
  assert.deepEqual(e.errors, []);
});

test("POST with --data-raw, --data FILE and --data - (stdin)", async () => {
  const home = await homes.make();
  const uri = `environments/${server.envId}/populations`;
  const raw = await pingcli(
    ["pingone", "api", "-m", "POST", "--data-raw", '{"name":"Contractors"}', uri],
    { env: memEnv(home) },
  );
  assert.equal(raw.code, 0, dump(raw));
  assert.equal(JSON.parse(raw.stdout).name, "Contractors");
  assert.match(raw.stderr, /^HTTP 201 POST /);
  assert.match(
    lastRequest(`${envPath}/populations`, "POST").headers["content-type"]!,
    /^application\/json/,
  );

  const file = `${home}/body.json`;
  await Deno.writeTextFile(file, '{"name":"From a file","description":"ü"}\n');
  const fromFile = await pingcli(
    ["pingone", "api", "--http-method", "post", "--data", file, uri, "-O", "json"],
    { env: memEnv(home) },
  );
  assert.equal(fromFile.code, 0, dump(fromFile));
  const fe = envelope(fromFile);
  assert.equal(fe.meta.httpStatus, 201);
  assert.equal(fe.meta.method, "POST");
  assert.equal(fe.data.name, "From a file");
  assert.equal(fe.data.description, "ü");

  const stdin = await pingcli(["pingone", "api", "-m", "POST", "--data", "-", uri], {
    env: memEnv(home),
    stdin: '{"name":"From stdin"}',
  });
  assert.equal(stdin.code, 0, dump(stdin));
  assert.equal(JSON.parse(stdin.stdout).name, "From stdin");

  // Every population made is now listed.
  const list = await pingcli(["pingone", "api", uri, "-O", "json"], { env: memEnv(home) });
  const names = envelope(list).data._embedded.populations.map((p: { name: string }) => p.name);
  for (const n of ["Contractors", "From a file", "From stdin"]) assert.ok(names.includes(n), n);

  // A server-side validation error is passed through (exit 0 without -f).
  const invalid = await pingcli(["pingone", "api", "-m", "POST", "--data-raw", "{}", uri], {
    env: memEnv(home),
  });
  assert.equal(invalid.code, 0, dump(invalid));
  assert.equal(JSON.parse(invalid.stdout).code, "INVALID_DATA");
  assert.match(invalid.stderr, /^HTTP 400 POST /);

  const missing = await pingcli([
    "pingone",
    "api",
    "-m",
    "POST",
    "--data",
    `${home}/nope.json`,
    uri,
  ], {
    env: memEnv(home),
  });
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, new RegExp(`^ERROR: cannot read --data file ${home}/nope\\.json: `));
});

test("-r headers: values with commas arrive intact; Authorization is refused", async () => {
  const home = await homes.make();
  const r = await pingcli(
    ["pingone", "api", "-r", "X-Custom: a, b", "-r", "X-Other:c:d", `environments/${server.envId}`],
    { env: memEnv(home) },
  );
  assert.equal(r.code, 0, dump(r));
  const call = lastRequest(envPath);
  assert.equal(call.headers["x-custom"], "a, b");
  assert.equal(call.headers["x-other"], "c:d");

  const before = server.requests.length;
  const refused = await pingcli(
    ["pingone", "api", "-r", "Authorization: Bearer x", `environments/${server.envId}`],
    { env: memEnv(home) },
  );
  assert.equal(refused.code, 1, dump(refused));
  assert.equal(refused.stdout, "");
  assert.equal(
    refused.stderr,
    "ERROR: the Authorization header cannot be set with -r/--header\n" +
      "Hint: pingcli adds the Authorization header from the configured credentials.\n",
  );
  assert.equal(server.requests.length, before, "nothing sent");
  const j = await pingcli(
    ["pingone", "api", "-O", "json", "-r", "authorization: x", `environments/${server.envId}`],
    { env: memEnv(home) },
  );
  assert.equal(envelope(j).errors[0]!.code, "USAGE_ERROR");
});

test("absolute URLs outside the API base are refused (the token stays home)", async () => {
  const home = await homes.make();
  const before = server.requests.length;
  const r = await pingcli(["pingone", "api", "https://evil.example/v1/environments"], {
    env: memEnv(home),
  });
  assert.equal(r.code, 1, dump(r));
  assert.match(
    r.stderr,
    new RegExp(
      `^ERROR: refusing to send credentials to evil\\.example: the URL is outside ${server.origin}/v1\\n`,
    ),
  );
  assert.equal(server.requests.length, before);
});

test("-f: a 404 exits 1 with HTTP_ERROR; without -f it exits 0", async () => {
  const home = await homes.make();
  const uri = `environments/${server.envId}/populations/${crypto.randomUUID()}`;
  const plain = await pingcli(["pingone", "api", uri], { env: memEnv(home) });
  assert.equal(plain.code, 0, dump(plain));
  assert.equal(JSON.parse(plain.stdout).code, "NOT_FOUND");
  assert.match(plain.stderr, /^HTTP 404 GET /);

  const failed = await pingcli(["pingone", "api", "-f", uri], { env: memEnv(home) });
  assert.equal(failed.code, 1, dump(failed));
  assert.equal(JSON.parse(failed.stdout).code, "NOT_FOUND", "the body is still printed");
  assert.match(
    failed.stderr,
    /^HTTP 404 GET .*\nERROR: PingOne answered HTTP 404 to GET environments\//,
  );

  const j = await pingcli(["pingone", "api", "--fail", uri, "-O", "json"], { env: memEnv(home) });
  assert.equal(j.code, 1, dump(j));
  const e = envelope(j);
  assert.equal(e.status, "error");
  assert.equal(e.meta.httpStatus, 404);
  assert.equal(e.data.code, "NOT_FOUND");
  assert.equal(e.errors[0]!.code, "HTTP_ERROR");
  assert.equal(e.errors[0]!.retryable, false);
  assert.deepEqual(
    Object.keys(e.errors[0]!.details as object),
    ["httpStatus", "requestId", "body"],
  );
});

test("GET is retried on 503; POST is not", async () => {
  const home = await homes.make();
  server.failNext({ pathPrefix: envPath, status: 503, method: "GET", times: 2 });
  const get = await pingcli(["pingone", "api", `environments/${server.envId}`], {
    env: memEnv(home),
  });
  assert.equal(get.code, 0, dump(get));
  assert.equal(JSON.parse(get.stdout).id, server.envId);

  const posts = () =>
    server.requests.filter((e) => e.method === "POST" && e.path === `${envPath}/populations`)
      .length;
  const before = posts();
  server.failNext({ pathPrefix: `${envPath}/populations`, status: 503, method: "POST" });
  const post = await pingcli(
    [
      "pingone",
      "api",
      "-m",
      "POST",
      "--data-raw",
      '{"name":"once"}',
      `environments/${server.envId}/populations`,
    ],
    { env: memEnv(home) },
  );
  assert.equal(post.code, 0, dump(post));
  assert.match(post.stderr, /^HTTP 503 POST /);
  assert.equal(posts() - before, 1);
});

test("oversized API response → SERVICE_ERROR", async () => {
  const home = await homes.make();
  proxy.mode = "oversized";
  try {
    const r = await pingcli(["pingone", "api", "environments"], {
      env: memEnv(home, {
        PINGONE_API_SERVICE_HOSTNAME: proxy.hostPort,
        PINGCLI_HTTP_MAX_RESPONSE_SIZE: "16",
      }),
    });
    assert.equal(r.code, 1, `exit ${r.code}: ${r.stderr}`);
    assert.equal(r.stdout, "");
    assert.match(
      r.stderr,
      new RegExp(`^ERROR: response from ${proxy.hostPort} is larger than 16 MiB\\n`),
    );
  } finally {
    proxy.mode = "forward";
  }
});

test("file_system storage: one token request across processes; 0600 file in a 0700 dir", async () => {
  const home = await homes.make();
  const before = server.tokenRequests(basic.id);
  for (let i = 0; i < 3; i++) {
    const r = await pingcli(["pingone", "api", `environments/${server.envId}`], {
      env: fsEnv(home),
    });
    assert.equal(r.code, 0, dump(r));
  }
  assert.equal(server.tokenRequests(basic.id) - before, 1);
  const files = await walk(home);
  assert.equal(files.length, 3, files.join(","));
  assert.deepEqual(files.slice(0, 2), [".pingcli/", ".pingcli/credentials/"]);
  assert.match(
    files[2]!,
    /^\.pingcli\/credentials\/token-[0-9a-f]{16}_pingone_client_credentials_default\.json$/,
  );
  assert.equal((await Deno.stat(`${home}/.pingcli`)).mode! & 0o777, 0o700);
  assert.equal((await Deno.stat(`${home}/.pingcli/credentials`)).mode! & 0o777, 0o700);
  assert.equal((await Deno.stat(`${home}/${files[2]}`)).mode! & 0o777, 0o600);
  const stored = JSON.parse(await Deno.readTextFile(`${home}/${files[2]}`));
  assert.deepEqual(Object.keys(stored), [
    "access_token",
    "token_type",
    "expiry",
    "scopes",
    "obtained",
  ]);
  assert.ok(!JSON.stringify(stored).includes(basic.secret));
  // `auth status` proves the credentials live: it always requests a fresh token.
  const status = await pingcli(["auth", "status"], { env: fsEnv(home) });
  assert.equal(status.code, 0, dump(status));
  assert.equal(server.tokenRequests(basic.id) - before, 2);
  // pingone auth token reuses the cached one.
  const token = await pingcli(["pingone", "auth", "token"], { env: fsEnv(home) });
  assert.equal(token.code, 0, dump(token));
  assert.equal(server.tokenRequests(basic.id) - before, 2);
  const now = JSON.parse(await Deno.readTextFile(`${home}/${files[2]}`));
  assert.equal(token.stdout, `${now.access_token}\n`);
});

test("no reuse once the credentials change; a wrong secret fails instead of reusing", async () => {
  const home = await homes.make();
  const uri = `environments/${server.envId}`;
  const first = await pingcli(["pingone", "api", uri], { env: fsEnv(home) });
  assert.equal(first.code, 0, dump(first));
  const before = server.tokenRequests(basic.id);

  const wrong = await pingcli(["pingone", "api", uri], {
    env: fsEnv(home, { PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET: "changed-and-wrong" }),
  });
  assert.equal(wrong.code, 1, dump(wrong));
  assert.equal(wrong.stdout, "");
  assert.match(wrong.stderr, /^ERROR: PingOne rejected the client credentials \(invalid_client\)/);
  assert.equal(server.tokenRequests(basic.id) - before, 1, "a new token request was made");

  // The right secret again: its cached token is still valid and reused.
  const again = await pingcli(["pingone", "api", uri], { env: fsEnv(home) });
  assert.equal(again.code, 0, dump(again));
  assert.equal(server.tokenRequests(basic.id) - before, 1);

  // Other scopes are another credential: a new token, which replaces the old file.
  const scoped = await pingcli(["pingone", "api", uri], {
    env: fsEnv(home, { PINGONE_CLIENT_CREDENTIALS_SCOPES: "p1:read" }),
  });
  assert.equal(scoped.code, 0, dump(scoped));
  assert.equal(server.tokenRequests(basic.id) - before, 2);
  assert.equal((await walk(`${home}/.pingcli/credentials`)).length, 1);

  // Another client (same profile): its own token.
  const post = server.pingone.clients.post;
  const other = await pingcli(["pingone", "api", uri], {
    env: fsEnv(home, {
      PINGONE_CLIENT_CREDENTIALS_CLIENT_ID: post.id,
      PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET: post.secret,
      PINGONE_CLIENT_CREDENTIALS_TOKEN_ENDPOINT_AUTH_METHOD: "client_secret_post",
    }),
  });
  assert.equal(other.code, 0, dump(other));
  assert.equal(server.tokenRequests(post.id), 1);
});

test("a 401 on a cached token drops it and retries once with a new token", async () => {
  const home = await homes.make();
  const uri = `environments/${server.envId}`;
  assert.equal((await pingcli(["pingone", "api", uri], { env: fsEnv(home) })).code, 0);
  const [file] = await walk(`${home}/.pingcli/credentials`);
  const oldToken = JSON.parse(await Deno.readTextFile(`${home}/.pingcli/credentials/${file}`));
  const before = server.tokenRequests(basic.id);
  const apiCalls = () => server.requests.filter((e) => e.path === envPath).length;
  const callsBefore = apiCalls();

  server.failNext({ pathPrefix: envPath, status: 401 });
  const r = await pingcli(["pingone", "api", uri], { env: fsEnv(home) });
  assert.equal(r.code, 0, dump(r));
  assert.equal(JSON.parse(r.stdout).id, server.envId);
  assert.equal(server.tokenRequests(basic.id) - before, 1);
  assert.equal(apiCalls() - callsBefore, 2);
  const newToken = JSON.parse(await Deno.readTextFile(`${home}/.pingcli/credentials/${file}`));
  assert.notEqual(newToken.access_token, oldToken.access_token);

  // A 401 for a token fresh from the server is not retried: it is the answer.
  server.failNext({ pathPrefix: envPath, status: 401, times: 2 });
  const fresh = await pingcli(["pingone", "api", "-f", uri], { env: memEnv(home) });
  assert.equal(fresh.code, 1, dump(fresh));
  assert.match(fresh.stderr, /^HTTP 401 GET /);
  server.reset();
});

test("a corrupt or expired credentials file is ignored and replaced", async () => {
  const home = await homes.make();
  const uri = `environments/${server.envId}`;
  assert.equal((await pingcli(["pingone", "api", uri], { env: fsEnv(home) })).code, 0);
  const [file] = await walk(`${home}/.pingcli/credentials`);
  const path = `${home}/.pingcli/credentials/${file}`;
  const before = server.tokenRequests(basic.id);

  await Deno.writeTextFile(path, '{"access_token": "trunc');
  const r = await pingcli(["pingone", "api", uri], { env: fsEnv(home) });
  assert.equal(r.code, 0, dump(r));
  assert.equal(server.tokenRequests(basic.id) - before, 1);
  const replaced = JSON.parse(await Deno.readTextFile(path));
  assert.equal(typeof replaced.access_token, "string");
  assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);

  await Deno.writeTextFile(path, JSON.stringify({ ...replaced, expiry: "2001-01-01T00:00:00Z" }));
  const expired = await pingcli(["pingone", "api", uri], { env: fsEnv(home) });
  assert.equal(expired.code, 0, dump(expired));
  assert.equal(server.tokenRequests(basic.id) - before, 2);
  assert.ok(Date.parse(JSON.parse(await Deno.readTextFile(path)).expiry) > Date.now());
});

test("concurrent processes sharing file_system storage make one token request between them", async () => {
  const home = await homes.make();
  const uri = `environments/${server.envId}`;
  const before = server.tokenRequests(basic.id);
  const results = await Promise.all(
    Array.from({ length: 6 }, () => pingcli(["pingone", "api", uri], { env: fsEnv(home) })),
  );
  for (const r of results) {
    assert.equal(r.code, 0, dump(r));
    assert.equal(JSON.parse(r.stdout).id, server.envId);
  }
  const made = server.tokenRequests(basic.id) - before;
  assert.equal(made, 1, "the first fetches, the others wait for it and reuse its token");
  const files = await walk(`${home}/.pingcli/credentials`);
  assert.equal(files.length, 1, files.join(","));
  const stored = JSON.parse(await Deno.readTextFile(`${home}/.pingcli/credentials/${files[0]}`));
  assert.equal(typeof stored.access_token, "string");
  // And the next run reuses it.
  const again = await pingcli(["pingone", "api", uri], { env: fsEnv(home) });
  assert.equal(again.code, 0, dump(again));
  assert.equal(server.tokenRequests(basic.id) - before, made);
});

test("auth logout removes stored tokens; the next call gets a new one", async () => {
  const home = await homes.make();
  const uri = `environments/${server.envId}`;
  assert.equal((await pingcli(["pingone", "api", uri], { env: fsEnv(home) })).code, 0);
  const out = await pingcli(["auth", "logout"], { env: fsEnv(home) });
  assert.equal(out.code, 0, dump(out));
  assert.match(out.stdout, /removed 1 stored token\(s\)/);
  assert.deepEqual(await walk(`${home}/.pingcli/credentials`), []);
  const before = server.tokenRequests(basic.id);
  assert.equal((await pingcli(["pingone", "api", uri], { env: fsEnv(home) })).code, 0);
  assert.equal(server.tokenRequests(basic.id) - before, 1);
});

test("an HTTP error without --fail is a warning: exit 0, or 2 with -D", async () => {
  const home = await homes.make();
  const plain = await pingcli(["-O", "json", "pingone", "api", "environments/nope"], {
    env: memEnv(home),
  });
  assert.equal(plain.code, 0, dump(plain));
  const e = envelope(plain);
  assert.equal(e.status, "warning");
  assert.deepEqual(e.warnings, [{
    code: "HTTP_ERROR_STATUS",
    message: "PingOne answered HTTP 404 to GET environments/nope",
  }]);
  const detailed = await pingcli(["-D", "pingone", "api", "environments/nope"], {
    env: memEnv(home),
  });
  assert.equal(detailed.code, 2, dump(detailed));
  assert.doesNotMatch(detailed.stderr, /WARNING/); // the status line already says it
  assert.match(detailed.stderr, /^HTTP 404 GET /);
});

test("close servers", async () => {
  await proxy.close();
  await server.close();
  await homes.cleanup();
});
