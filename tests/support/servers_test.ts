import assert from "node:assert/strict";
import * as oauth from "oauth4webapi";
import { type AuthServer, startAuthServer } from "./auth_server.ts";
import { OVERSIZED_BYTES, refusedPort, startFaultProxy } from "./fault_proxy.ts";
import { trustingClient } from "./tls.ts";

function basic(id: string, secret: string): string {
  return "Basic " + btoa(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`);
}

async function tokenRequest(
  client: Deno.HttpClient,
  endpoint: string,
  authorization: string,
  params: Record<string, string> = {},
): Promise<Response> {
  return await fetch(endpoint, {
    method: "POST",
    client,
    headers: { authorization, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", ...params }),
  });
}

async function basicToken(
  client: Deno.HttpClient,
  server: AuthServer,
  who: "basic" | "noroles",
): Promise<string> {
  const { id, secret } = server.pingone.clients[who];
  const res = await tokenRequest(client, server.pingone.tokenEndpoint, basic(id, secret));
  assert.equal(res.status, 200);
  return (await res.json()).access_token;
}

function oauthFetch(client: Deno.HttpClient) {
  return {
    [oauth.customFetch]: (url: string, init: RequestInit) => fetch(url, { ...init, client }),
  };
}

async function pemToKey(pem: string): Promise<CryptoKey> {
  const b64 = pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
  const der = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return await crypto.subtle.importKey(
    "pkcs8",
    der,
    { name: "ECDSA", namedCurve: "P-256" },
    false,
    [
      "sign",
    ],
  );
}

Deno.test("auth server: PingOne and PingFederate layouts", async (t) => {
  const server = await startAuthServer();
  const client = trustingClient(server.tls.caPem);
  const api = (path: string, headers: Record<string, string> = {}, init: RequestInit = {}) =>
    fetch(`${server.origin}${path}`, { client, headers, ...init });
  try {
    await t.step("PingOne discovery uses the /<envId>/as layout", async () => {
      const res = await api(`/${server.envId}/as/.well-known/openid-configuration`);
      assert.equal(res.status, 200);
      const meta = await res.json();
      const base = `${server.origin}/${server.envId}/as`;
      assert.equal(meta.issuer, base);
      assert.equal(server.pingone.issuer, base);
      assert.equal(meta.token_endpoint, `${base}/token`);
      assert.equal(meta.authorization_endpoint, `${base}/authorize`);
      assert.equal(meta.device_authorization_endpoint, `${base}/device_authorization`);
      assert.equal(meta.revocation_endpoint, `${base}/revoke`);
      assert.equal(meta.introspection_endpoint, `${base}/introspect`);
      assert.equal(meta.jwks_uri, `${base}/jwks`);
      assert.ok(meta.grant_types_supported.includes("client_credentials"));
      const jwks = await (await api(`/${server.envId}/as/jwks`)).json();
      assert.equal(jwks.keys.length, 1);
      assert.equal(jwks.keys[0].d, undefined, "no private key material");
      assert.equal(jwks.keys[0].key_ops, undefined);
    });

    await t.step("PingFederate discovery uses the .oauth2 layout", async () => {
      const meta = await (await api("/.well-known/openid-configuration")).json();
      assert.equal(meta.issuer, server.origin);
      assert.equal(meta.token_endpoint, `${server.origin}/as/token.oauth2`);
      assert.equal(meta.device_authorization_endpoint, `${server.origin}/as/device_authz.oauth2`);
      assert.equal(meta.jwks_uri, `${server.origin}/pf/JWKS`);
    });

    await t.step("client_credentials with Basic auth; wrong secret is invalid_client", async () => {
      const { id, secret } = server.pingone.clients.basic;
      const ok = await tokenRequest(client, server.pingone.tokenEndpoint, basic(id, secret), {
        scope: "p1:read",
      });
      assert.equal(ok.status, 200);
      const body = await ok.json();
      assert.equal(typeof body.access_token, "string");
      assert.equal(body.expires_in, 3600);
      assert.equal(body.token_type, "Bearer");
      assert.equal(body.scope, "p1:read");

      const bad = await tokenRequest(client, server.pingone.tokenEndpoint, basic(id, "nope"));
      assert.equal(bad.status, 401);
      assert.equal((await bad.json()).error, "invalid_client");
    });

    await t.step("a known scope the client lacks is invalid_scope", async () => {
      const { id, secret } = server.pingone.clients.basic;
      const res = await tokenRequest(client, server.pingone.tokenEndpoint, basic(id, secret), {
        scope: "p1:admin",
      });
      assert.equal(res.status, 400);
      assert.equal((await res.json()).error, "invalid_scope");
    });

    await t.step("oauth4webapi: discovery, client_secret_post and private_key_jwt", async () => {
      const issuer = new URL(server.pingone.issuer);
      const as = await oauth.processDiscoveryResponse(
        issuer,
        await oauth.discoveryRequest(issuer, oauthFetch(client)),
      );
      const post = server.pingone.clients.post;
      const postClient: oauth.Client = { client_id: post.id };
      const r1 = await oauth.processClientCredentialsResponse(
        as,
        postClient,
        await oauth.clientCredentialsGrantRequest(
          as,
          postClient,
          oauth.ClientSecretPost(post.secret),
          new URLSearchParams({ scope: "p1:write" }),
          oauthFetch(client),
        ),
      );
      assert.equal(r1.token_type, "bearer");
      assert.equal(r1.scope, "p1:write");

      const pk = server.pingone.clients.pkjwt;
      const key = await pemToKey(await Deno.readTextFile(pk.privateKeyFile));
      const pkClient: oauth.Client = { client_id: pk.id };
      const r2 = await oauth.processClientCredentialsResponse(
        as,
        pkClient,
        await oauth.clientCredentialsGrantRequest(
          as,
          pkClient,
          oauth.PrivateKeyJwt({ key, kid: pk.kid }),
          new URLSearchParams(),
          oauthFetch(client),
        ),
      );
      assert.equal(typeof r2.access_token, "string");
      assert.equal(server.tokenRequests(pk.id), 1);
    });

    await t.step("PingOne API: 401 / 200 / 403 / 404 with PingOne error bodies", async () => {
      const envPath = `/v1/environments/${server.envId}`;
      const none = await api(envPath);
      assert.equal(none.status, 401);
      assert.equal((await none.json()).code, "INVALID_TOKEN");
      assert.ok(none.headers.get("correlation-id"));

      const forged = await api(envPath, { authorization: "Bearer not-a-real-token" });
      assert.equal(forged.status, 401);
      await forged.body?.cancel();

      const token = await basicToken(client, server, "basic");
      const ok = await api(envPath, { authorization: `Bearer ${token}` });
      assert.equal(ok.status, 200);
      assert.equal((await ok.json()).id, server.envId);

      const list = await (await api("/v1/environments", { authorization: `Bearer ${token}` }))
        .json();
      assert.equal(list._embedded.environments[0].id, server.envId);

      const noroles = await basicToken(client, server, "noroles");
      const denied = await api(envPath, { authorization: `Bearer ${noroles}` });
      assert.equal(denied.status, 403);
      assert.equal((await denied.json()).code, "ACCESS_FAILED");

      const missing = await api(`/v1/environments/${crypto.randomUUID()}`, {
        authorization: `Bearer ${token}`,
      });
      assert.equal(missing.status, 404);
      const err = await missing.json();
      assert.equal(err.code, "NOT_FOUND");
      assert.equal(typeof err.id, "string");

      // A revoked token stops working: validation goes through the provider's store.
      const { id, secret } = server.pingone.clients.basic;
      const revoke = await fetch(`${server.pingone.issuer}/revoke`, {
        method: "POST",
        client,
        headers: { authorization: basic(id, secret) },
        body: new URLSearchParams({ token }),
      });
      assert.equal(revoke.status, 200);
      await revoke.body?.cancel();
      const after = await api(envPath, { authorization: `Bearer ${token}` });
      assert.equal(after.status, 401);
      await after.body?.cancel();
    });

    await t.step("PingOne API: populations list, create, delete", async () => {
      const auth = { authorization: `Bearer ${await basicToken(client, server, "basic")}` };
      const base = `/v1/environments/${server.envId}/populations`;
      const list = await (await api(base, auth)).json();
      assert.equal(list._embedded.populations.length, 1);
      const created = await api(base, { ...auth, "content-type": "application/json" }, {
        method: "POST",
        body: JSON.stringify({ name: "Contractors" }),
      });
      assert.equal(created.status, 201);
      const pop = await created.json();
      assert.equal(pop.name, "Contractors");
      const del = await api(`${base}/${pop.id}`, auth, { method: "DELETE" });
      assert.equal(del.status, 204);
      await del.body?.cancel();
    });

    await t.step("PingFederate admin API: Basic, static bearer, OAuth token, XSRF", async () => {
      const pf = server.pingfederate;
      const xsrf = { "x-xsrf-header": "PingFederate" };
      const version = `/pf-admin-api/v1/version`;

      const byBasic = await api(version, {
        ...xsrf,
        authorization: basic(pf.adminUser, pf.adminPassword),
      });
      assert.equal(byBasic.status, 200);
      assert.deepEqual(await byBasic.json(), { version: "13.0.1.0" });

      const byStatic = await api(version, {
        ...xsrf,
        authorization: `Bearer ${pf.accessToken}`,
        "x-bypassexternalvalidation": "true",
      });
      assert.equal(byStatic.status, 200);
      await byStatic.body?.cancel();
      assert.equal(server.requests.at(-1)?.headers["x-bypassexternalvalidation"], "true");

      const tokenRes = await tokenRequest(
        client,
        pf.tokenEndpoint,
        basic(pf.client.id, pf.client.secret),
        {
          scope: "pf:admin",
        },
      );
      assert.equal(tokenRes.status, 200);
      const pfToken = (await tokenRes.json()).access_token;
      const byOauth = await api("/pf-admin-api/v1/dataStores", {
        ...xsrf,
        authorization: `Bearer ${pfToken}`,
      });
      assert.equal(byOauth.status, 200);
      assert.ok(Array.isArray((await byOauth.json()).items));

      // A PingOne token is not a PingFederate token.
      const p1Token = await basicToken(client, server, "basic");
      const wrongIssuer = await api(version, { ...xsrf, authorization: `Bearer ${p1Token}` });
      assert.equal(wrongIssuer.status, 401);
      await wrongIssuer.body?.cancel();

      const noXsrf = await api(version, { authorization: basic(pf.adminUser, pf.adminPassword) });
      assert.equal(noXsrf.status, 403);
      assert.equal(typeof (await noXsrf.json()).message, "string");

      const badPassword = await api(version, { ...xsrf, authorization: basic(pf.adminUser, "x") });
      assert.equal(badPassword.status, 401);
      await badPassword.body?.cancel();
    });

    await t.step("failNext 429 with Retry-After, then normal service", async () => {
      server.failNext({ pathPrefix: "/v1/", status: 429, headers: { "retry-after": "1" } });
      const auth = { authorization: `Bearer ${await basicToken(client, server, "basic")}` };
      const limited = await api(`/v1/environments/${server.envId}`, auth);
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get("retry-after"), "1");
      assert.equal((await limited.json()).code, "REQUEST_LIMITED");
      assert.equal(server.requests.at(-1)?.faulted, true);
      const ok = await api(`/v1/environments/${server.envId}`, auth);
      assert.equal(ok.status, 200);
      await ok.body?.cancel();
    });

    await t.step("token request counter and redacted request log", async () => {
      server.reset();
      const { id, secret } = server.pingone.clients.basic;
      const endpoint = server.pingone.tokenEndpoint;
      (await tokenRequest(client, endpoint, basic(id, secret))).body?.cancel();
      (await tokenRequest(client, endpoint, basic(id, "wrong"))).body?.cancel();
      server.failNext({ pathPrefix: `/${server.envId}/as/token`, status: 503 });
      const faulted = await tokenRequest(client, endpoint, basic(id, secret));
      assert.equal(faulted.status, 503);
      await faulted.body?.cancel();
      const post = server.pingone.clients.post;
      (await tokenRequest(client, endpoint, "", { client_id: post.id, client_secret: "x" })).body
        ?.cancel();

      assert.equal(server.tokenRequests(), 4);
      assert.equal(server.tokenRequests(id), 3);
      assert.equal(server.tokenRequests(post.id), 1);
      const logged = JSON.stringify(server.requests);
      assert.ok(!logged.includes(secret), "secrets must not be logged");
      assert.equal(server.requests[0]?.headers.authorization, "Basic");
      assert.deepEqual(server.requests.map((e) => e.status), [200, 401, 503, 401]);
    });
  } finally {
    client.close();
    await server.close();
  }
});

Deno.test("auth server: expired tokens are rejected", async () => {
  const server = await startAuthServer({ tokenTtlSeconds: 1 });
  const client = trustingClient(server.tls.caPem);
  try {
    const { id, secret } = server.pingone.clients.basic;
    const res = await tokenRequest(client, server.pingone.tokenEndpoint, basic(id, secret));
    const body = await res.json();
    assert.equal(body.expires_in, 1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const after = await fetch(`${server.origin}/v1/environments/${server.envId}`, {
      client,
      headers: { authorization: `Bearer ${body.access_token}` },
    });
    assert.equal(after.status, 401);
    assert.equal((await after.json()).code, "INVALID_TOKEN");
  } finally {
    client.close();
    await server.close();
  }
});

Deno.test("fault proxy: forward, reset, stall, status, malformed, html, oversized", async (t) => {
  const server = await startAuthServer();
  const proxy = await startFaultProxy({ upstream: new URL(server.origin), tls: server.tls });
  const pf = server.pingfederate;
  const versionVia = (origin: string, client: Deno.HttpClient, signal?: AbortSignal) =>
    fetch(`${origin}/pf-admin-api/v1/version`, {
      client,
      signal,
      headers: {
        authorization: basic(pf.adminUser, pf.adminPassword),
        "x-xsrf-header": "PingFederate",
      },
    });
  // One client per step: a pooled keep-alive connection would outlive a mode switch.
  const withClient = async (fn: (client: Deno.HttpClient) => Promise<void>) => {
    const client = trustingClient(server.tls.caPem);
    try {
      await fn(client);
    } finally {
      client.close();
    }
  };
  try {
    await t.step("forward", () =>
      withClient(async (client) => {
        const res = await versionVia(proxy.origin, client);
        assert.equal(res.status, 200);
        assert.deepEqual(await res.json(), { version: "13.0.1.0" });
        assert.equal(proxy.hits, 1);
        const token = await tokenRequest(
          client,
          `${proxy.origin}/as/token.oauth2`,
          basic(pf.client.id, pf.client.secret),
        );
        assert.equal(token.status, 200);
        assert.equal(typeof (await token.json()).access_token, "string");
      }));

    await t.step("reset: fetch throws", () =>
      withClient(async (client) => {
        proxy.mode = "reset";
        const before = proxy.hits;
        await assert.rejects(versionVia(proxy.origin, client), TypeError);
        assert.ok(proxy.hits > before);
      }));

    await t.step("stall: the caller's timeout fires", () =>
      withClient(async (client) => {
        proxy.mode = "stall";
        await assert.rejects(
          versionVia(proxy.origin, client, AbortSignal.timeout(300)),
          (err: unknown) => err instanceof DOMException && err.name === "TimeoutError",
        );
      }));

    await t.step("status 503 and 429 + Retry-After", () =>
      withClient(async (client) => {
        proxy.mode = { status: 503, body: '{"error":"unavailable"}' };
        const res = await versionVia(proxy.origin, client);
        assert.equal(res.status, 503);
        assert.deepEqual(await res.json(), { error: "unavailable" });
        proxy.mode = { status: 429, headers: { "retry-after": "1" } };
        const limited = await versionVia(proxy.origin, client);
        assert.equal(limited.status, 429);
        assert.equal(limited.headers.get("retry-after"), "1");
        await limited.body?.cancel();
      }));

    await t.step("malformed JSON and HTML bodies", () =>
      withClient(async (client) => {
        proxy.mode = "malformed-json";
        const res = await versionVia(proxy.origin, client);
        assert.equal(res.status, 200);
        assert.equal(res.headers.get("content-type"), "application/json");
        await assert.rejects(res.json(), SyntaxError);
        proxy.mode = "html";
        const html = await versionVia(proxy.origin, client);
        assert.match(html.headers.get("content-type") ?? "", /^text\/html/);
        assert.match(await html.text(), /<html>/);
      }));

    await t.step("oversized body streams about 20 MB", () =>
      withClient(async (client) => {
        proxy.mode = "oversized";
        const res = await versionVia(proxy.origin, client);
        assert.equal(res.status, 200);
        const size = (await res.arrayBuffer()).byteLength;
        assert.ok(size >= OVERSIZED_BYTES, `got ${size} bytes`);
      }));

    await t.step("refusedPort: nothing listens", () =>
      withClient(async (client) => {
        const port = await refusedPort();
        await assert.rejects(fetch(`https://localhost:${port}/`, { client }), TypeError);
      }));
  } finally {
    await proxy.close();
    await server.close();
  }
});
