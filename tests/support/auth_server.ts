/**
 * The local HTTPS server every pingcli test talks to. One listener on 127.0.0.1 hosts:
 *
 * - a PingOne-layout authorization server (oidc-provider) at `/<envId>/as/...`,
 * - a PingFederate-layout authorization server (oidc-provider) at `/as/*.oauth2`, `/pf/JWKS`,
 * - a slice of the PingOne platform API at `/v1/...`,
 * - a slice of the PingFederate admin API at `/pf-admin-api/v1/...`,
 *
 * plus a request log and on-demand fault injection.
 *
 * @module
 */

import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import { decodeBasic, parseAuthorization, readBody } from "./http_util.ts";
import {
  defaultPopulations,
  handlePfAdminApi,
  handlePingOneApi,
  type ManagementContext,
  pingOneNotFound,
} from "./management_api.ts";
import {
  createProvider,
  PINGFEDERATE_ROUTES,
  PINGONE_ROUTES,
  type ProviderContext,
  randomSecret,
} from "./oidc_providers.ts";
import {
  FaultQueue,
  type FaultSpec,
  logEntryFor,
  type RequestLogEntry,
  sendFault,
} from "./request_log.ts";
import { createTestCA, type TestTls } from "./tls.ts";

export type { FaultSpec, RequestLogEntry } from "./request_log.ts";

/** Options for {@linkcode startAuthServer}. */
export interface AuthServerOptions {
  /** Lifetime of issued access tokens (both providers). Default 3600. */
  tokenTtlSeconds?: number;
  /** Reuse existing test TLS material (e.g. shared with a fault proxy). Default: a fresh CA. */
  tls?: TestTls;
}

/** A client authenticating with a shared secret. */
export interface SecretClient {
  id: string;
  secret: string;
}

/** A private_key_jwt client: sign assertions with the key in `privateKeyFile` (ES256). */
export interface KeyClient {
  id: string;
  kid: string;
  alg: "ES256";
  /** PKCS#8 PEM file inside `server.tls.dir`. */
  privateKeyFile: string;
  privateKeyPem: string;
}

/** The PingOne-layout authorization server. */
export interface PingOneSide {
  issuer: string;
  tokenEndpoint: string;
  clients: {
    /** client_secret_basic; scopes openid p1:read p1:write. */
    basic: SecretClient;
    /** client_secret_post. */
    post: SecretClient;
    /** private_key_jwt. */
    pkjwt: KeyClient;
    /** client_secret_basic; its tokens are valid but the management API answers 403. */
    noroles: SecretClient;
  };
}

/** The PingFederate-layout authorization server and admin API. */
export interface PingFederateSide {
  issuer: string;
  tokenEndpoint: string;
  /** `https://localhost:<port>/pf-admin-api/v1` */
  adminBase: string;
  /** client_secret_basic; scopes openid profile pf:admin. */
  client: SecretClient;
  adminUser: string;
  adminPassword: string;
  /** Static bearer token the admin API accepts. */
  accessToken: string;
}

/** A running test server. */
export interface AuthServer {
  /** `https://localhost:<port>` */
  origin: string;
  /** `localhost:<port>` */
  hostPort: string;
  port: number;
  tls: TestTls;
  /** PingOne environment id (random UUID). */
  envId: string;
  pingone: PingOneSide;
  pingfederate: PingFederateSide;
  /** Every request received since start (or the last reset), oldest first. */
  requests: RequestLogEntry[];
  /** Number of token-endpoint requests (both providers, any outcome), optionally for one client. */
  tokenRequests(clientId?: string): number;
  /** Answers the next matching request(s) with a canned response instead of the real handler. */
  failNext(spec: FaultSpec): void;
  /** Clears pending faults and the request log. */
  reset(): void;
  /** Stops listening, drops open connections and removes temp files this server created. */
  close(): Promise<void>;
}

const SECURE_SCOPES_P1 = ["openid", "offline_access", "p1:read", "p1:write", "p1:admin"];
const SECURE_SCOPES_PF = ["openid", "offline_access", "profile", "email", "pf:admin"];

async function createKeyClient(dir: string): Promise<{ client: KeyClient; jwk: JsonWebKey }> {
  const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
    "sign",
    "verify",
  ]);
  const kid = crypto.randomUUID();
  const pub = await crypto.subtle.exportKey("jwk", pair.publicKey);
  const der = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
  const b64 = btoa(String.fromCharCode(...der)).replace(/.{1,64}/g, "$&\n");
  const privateKeyPem = `-----BEGIN PRIVATE KEY-----\n${b64}-----END PRIVATE KEY-----\n`;
  const privateKeyFile = `${dir}/pkjwt-${kid}.pem`;
  await Deno.writeTextFile(privateKeyFile, privateKeyPem, { mode: 0o600 });
  const jwk = { kty: pub.kty, crv: pub.crv, x: pub.x, y: pub.y, kid, alg: "ES256", use: "sig" };
  return {
    client: { id: crypto.randomUUID(), kid, alg: "ES256", privateKeyFile, privateKeyPem },
    jwk: jwk as JsonWebKey,
  };
}

function secretClient(id: string = crypto.randomUUID()): SecretClient {
  return { id, secret: randomSecret() };
}

function assertionSubject(assertion: unknown): string | undefined {
  if (typeof assertion !== "string") return undefined;
  try {
    const b64 = assertion.split(".")[1]!.replaceAll("-", "+").replaceAll("_", "/");
    const sub = JSON.parse(atob(b64)).sub;
    return typeof sub === "string" ? sub : undefined;
  } catch {
    return undefined;
  }
}

/** Client id of a token request from its Basic header or form parameters. */
function tokenClientId(
  req: IncomingMessage,
  params: Record<string, unknown> | undefined,
): string | undefined {
  const auth = parseAuthorization(req);
  if (auth?.scheme === "basic") {
    const user = decodeBasic(auth.credentials, true)?.user;
    if (user) return user;
  }
  if (typeof params?.client_id === "string") return params.client_id;
  return assertionSubject(params?.client_assertion);
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve((server.address() as { port: number }).port);
    });
  });
}

/** Starts the server; call `close()` when done (Deno's sanitizers check). */
export async function startAuthServer(opts: AuthServerOptions = {}): Promise<AuthServer> {
  const ownTls = !opts.tls;
  const tls = opts.tls ?? await createTestCA();
  const ttl = opts.tokenTtlSeconds ?? 3600;
  const envId = crypto.randomUUID();
  const prefix = `/${envId}/as`;

  const faults = new FaultQueue();
  const log: RequestLogEntry[] = [];
  const entries = new WeakMap<IncomingMessage, RequestLogEntry>();
  // Set once the providers exist; the listener must be up first to learn the port.
  let dispatch: (req: IncomingMessage, res: ServerResponse, entry: RequestLogEntry) => void = (
    _req,
    res,
  ) => {
    res.statusCode = 503;
    res.end();
  };

  const tokenPaths = new Set([`${prefix}${PINGONE_ROUTES.token}`, PINGFEDERATE_ROUTES.token!]);
  const server = createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
    const entry = logEntryFor(req, false);
    entry.tokenRequest = tokenPaths.has(entry.path);
    log.push(entry);
    entries.set(req, entry);
    res.on("finish", () => entry.status = res.statusCode);
    res.setHeader("correlation-id", crypto.randomUUID());

    const fault = faults.take(entry.method, entry.path);
    if (!fault) return dispatch(req, res, entry);
    entry.faulted = true;
    if (!entry.tokenRequest) return sendFault(res, fault);
    // The provider never sees this request, so find its client id here.
    readBody(req).then((body) => {
      const params = Object.fromEntries(new URLSearchParams(new TextDecoder().decode(body)));
      entry.clientId = tokenClientId(req, params);
      sendFault(res, fault);
    }, () => sendFault(res, fault));
  });
  const port = await listen(server);
  const origin = `https://localhost:${port}`;

  const p1 = {
    basic: secretClient(),
    post: secretClient(),
    noroles: secretClient(),
    ...await createKeyClient(tls.dir).then(({ client, jwk }) => ({ pkjwt: client, pkjwtJwk: jwk })),
  };
  const pfClient = secretClient("pingcli-test-client");
  const p1Scope = "openid p1:read p1:write";
  const pingone = await createProvider({
    issuer: `${origin}${prefix}`,
    routes: PINGONE_ROUTES,
    scopes: SECURE_SCOPES_P1,
    tokenTtlSeconds: ttl,
    clients: [
      ...[p1.basic, p1.noroles].map((c) => ({
        client_id: c.id,
        client_secret: c.secret,
        token_endpoint_auth_method: "client_secret_basic",
        scope: p1Scope,
      })),
      {
        client_id: p1.post.id,
        client_secret: p1.post.secret,
        token_endpoint_auth_method: "client_secret_post",
        scope: p1Scope,
      },
      {
        client_id: p1.pkjwt.id,
        token_endpoint_auth_method: "private_key_jwt",
        token_endpoint_auth_signing_alg: "ES256",
        jwks: { keys: [p1.pkjwtJwk] },
        scope: p1Scope,
      },
    ],
  });
  const pingfederate = await createProvider({
    issuer: origin,
    routes: PINGFEDERATE_ROUTES,
    scopes: SECURE_SCOPES_PF,
    tokenTtlSeconds: ttl,
    clients: [{
      client_id: pfClient.id,
      client_secret: pfClient.secret,
      token_endpoint_auth_method: "client_secret_basic",
      scope: "openid profile pf:admin",
    }],
  });

  // Post-processing hook: learn which client a token request was for, whatever the outcome.
  for (const provider of [pingone, pingfederate]) {
    provider.use(async (ctx: ProviderContext, next) => {
      await next();
      const entry = entries.get(ctx.req);
      if (!entry?.tokenRequest) return;
      let params: Record<string, unknown> | undefined;
      try {
        params = ctx.oidc?.params;
      } catch {
        params = undefined;
      }
      entry.clientId = ctx.oidc?.client?.clientId ?? tokenClientId(ctx.req, params);
    });
  }

  const management: ManagementContext = {
    origin,
    envId,
    pingone,
    pingfederate,
    noRolesClientIds: new Set([p1.noroles.id]),
    pfAdminUser: "administrator",
    pfAdminPassword: randomSecret(12),
    pfAccessToken: randomSecret(32),
    populations: defaultPopulations(envId),
  };
  const pingoneApp = pingone.callback();
  const pingfederateApp = pingfederate.callback();
  const foreignEnv = /^\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/as(\/|$)/i;

  dispatch = (req, res, entry) => {
    const path = entry.path;
    const fail = (err: unknown) => {
      console.error("test auth server handler failed:", err);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    };
    if (path === prefix || path.startsWith(`${prefix}/`)) {
      // oidc-provider derives its mount path from req.originalUrl minus req.url (the same
      // convention as Express/Koa mounting), which makes discovery list prefixed endpoints.
      const mutable = req as IncomingMessage & { originalUrl?: string };
      mutable.originalUrl = req.url;
      req.url = (req.url ?? "/").slice(prefix.length) || "/";
      return pingoneApp(req, res);
    }
    if (foreignEnv.test(path)) return pingOneNotFound(res);
    if (path === "/v1" || path.startsWith("/v1/")) {
      return void handlePingOneApi(req, res, path, management).catch(fail);
    }
    if (path.startsWith("/pf-admin-api/v1/")) {
      return void handlePfAdminApi(req, res, path, management).catch(fail);
    }
    return pingfederateApp(req, res);
  };

  return {
    origin,
    hostPort: `localhost:${port}`,
    port,
    tls,
    envId,
    pingone: {
      issuer: pingone.issuer,
      tokenEndpoint: `${pingone.issuer}${PINGONE_ROUTES.token}`,
      clients: { basic: p1.basic, post: p1.post, pkjwt: p1.pkjwt, noroles: p1.noroles },
    },
    pingfederate: {
      issuer: pingfederate.issuer,
      tokenEndpoint: `${origin}${PINGFEDERATE_ROUTES.token}`,
      adminBase: `${origin}/pf-admin-api/v1`,
      client: pfClient,
      adminUser: management.pfAdminUser,
      adminPassword: management.pfAdminPassword,
      accessToken: management.pfAccessToken,
    },
    requests: log,
    tokenRequests: (clientId) =>
      log.filter((e) => e.tokenRequest && (clientId === undefined || e.clientId === clientId))
        .length,
    failNext: (spec) => faults.add(spec),
    reset: () => {
      faults.clear();
      log.length = 0;
    },
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (ownTls) await Deno.remove(tls.dir, { recursive: true }).catch(() => {});
    },
  };
}
