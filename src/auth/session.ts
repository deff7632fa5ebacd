/**
 * Authenticated calls: get a token for a connector (reusing a fresh cached one), attach it,
 * send through the http layer, and on a 401 with a cached token drop it and retry once.
 */
import type { AuthContext } from "./auth_context.ts";
import { describeSource } from "../config/resolve.ts";
import { parseDuration } from "../config/values.ts";
import { PingcliError } from "../errors.ts";
import { type HttpOptions, type HttpRequest, type HttpResponse, send } from "../http/client.ts";
import type { AuthPlan, Connector } from "../services/connector.ts";
import {
  type ClientCredentialsPlan,
  requestClientCredentialsToken,
  type Token,
} from "./client_credentials.ts";
import {
  isFresh,
  openTokenStore,
  storageKey,
  type StorageType,
  type TokenStore,
} from "./token_store.ts";

/** HTTP options for a connector from the resolved settings. */
export function httpOptionsFor(
  inv: AuthContext,
  connector: Connector,
  retry: boolean,
): HttpOptions {
  const s = inv.settings;
  return {
    log: inv.log,
    connectTimeoutMs: parseDuration(s.get<string>("http.connectTimeout") ?? "10s"),
    totalTimeoutMs: parseDuration(s.get<string>("http.timeout") ?? "30s"),
    retry,
    maxBodyBytes: (s.get<number>("http.maxResponseSize") ?? 256) * 1024 * 1024,
    caCerts: [...connector.caCerts, ...denoCert(inv)],
    insecure: connector.insecure,
    userAgentSuffix: inv.ctx.env[`PINGCLI_${connector.name.toUpperCase()}_APPEND_USER_AGENT`],
  };
}

const denoCerts = new Map<string, string>();

/**
 * DENO_CERT (a PEM file of extra roots), read by pingcli itself so that it applies however the
 * process was started (compiled binary, tests with their own environment), not only where the
 * Deno runtime picks it up at start-up.
 */
function denoCert(inv: AuthContext): string[] {
  const path = inv.ctx.env.DENO_CERT;
  if (!path) return [];
  try {
    // Read once per process: every request of a command builds its options from here.
    let pem = denoCerts.get(path);
    if (pem === undefined) denoCerts.set(path, pem = Deno.readTextFileSync(path));
    return [pem];
  } catch (error) {
    throw new PingcliError(
      "TLS_ERROR",
      `cannot read DENO_CERT file ${path}: ${(error as Error).message}`,
      {
        hint: "Point DENO_CERT at a PEM file of trusted root certificates, or unset it.",
        retryable: false,
      },
    );
  }
}

/** The usable plan, or the configuration error that prevents one. */
export function requirePlan(connector: Connector): AuthPlan {
  if (connector.plan instanceof PingcliError) throw connector.plan;
  if (connector.plan.kind === "interactive") {
    throw new PingcliError(
      "CREDENTIALS_MISSING",
      `${connector.label} is set to the ${connector.plan.grant} grant, which needs an interactive login that this build does not provide yet`,
      {
        hint:
          "Use client credentials: set service.pingOne.authentication.grantType=client_credentials (env PINGONE_AUTH_GRANT_TYPE).",
      },
    );
  }
  return connector.plan;
}

export interface Authorization {
  header: string;
  token?: Token;
  fromCache: boolean;
  /** Milliseconds the token request took, when one was made. */
  latencyMs?: number;
}

/** Base64 of the UTF-8 bytes (RFC 7617 §2.1 lets the charset be UTF-8). */
function base64(text: string): string {
  return btoa(Array.from(new TextEncoder().encode(text), (b) => String.fromCharCode(b)).join(""));
}

/** Gets `Authorization` header values for one connector. */
export class Authenticator {
  readonly #inv: AuthContext;
  readonly #connector: Connector;
  readonly store: TokenStore;
  #key?: string;

  constructor(inv: AuthContext, connector: Connector) {
    this.#inv = inv;
    this.#connector = connector;
    const type = (inv.settings.get<string>("auth.storage.type") ?? "secure_local") as StorageType;
    this.store = openTokenStore(type, inv.ctx.home);
    for (const f of connector.fields) {
      if (f.secret && typeof f.value === "string") inv.log.registerSecret(f.value);
    }
  }

  /** An Authorization header; `fresh` skips the cache (auth status proves the credentials live). */
  async authorize(fresh = false): Promise<Authorization> {
    const plan = requirePlan(this.#connector);
    if (plan.kind === "basic") {
      return {
        header: "Basic " + base64(`${plan.username}:${plan.password}`),
        fromCache: false,
      };
    }
    if (plan.kind === "bearer") {
      this.#inv.log.registerSecret(plan.token);
      return { header: `Bearer ${plan.token}`, fromCache: false };
    }
    const cc = plan as ClientCredentialsPlan;
    const key = await this.#storageKey(cc);
    if (fresh) return await this.#fetch(cc, key);
    const cached = await this.#cached(key);
    if (cached) return cached;
    // Another pingcli may be fetching the same token right now: wait for it, then look again.
    const release = await this.#lock(key);
    try {
      return await this.#cached(key) ?? await this.#fetch(cc, key);
    } finally {
      await release();
    }
  }

  async #cached(key: string): Promise<Authorization | undefined> {
    const cached = await this.store.get(key);
    if (!isFresh(cached, this.#inv.ctx.now())) return undefined;
    this.#inv.log.registerSecret(cached.accessToken);
    this.#inv.log.debug(
      `using cached ${this.#connector.label} token (expires ${
        new Date(cached.expiresAt!).toISOString()
      })`,
    );
    return { header: `Bearer ${cached.accessToken}`, token: cached, fromCache: true };
  }

  /** The store's lock, if it has one; a lock that cannot be taken only costs a token request. */
  async #lock(key: string): Promise<() => Promise<void>> {
    if (!this.store.lock) return () => Promise.resolve();
    try {
      return await this.store.lock(key);
    } catch (error) {
      this.#inv.log.debug(`no token lock (${(error as Error).message}); fetching without it`);
      return () => Promise.resolve();
    }
  }

  async #fetch(cc: ClientCredentialsPlan, key: string): Promise<Authorization> {
    const started = this.#inv.ctx.now();
    const token = await requestClientCredentialsToken(cc, {
      ctx: this.#inv.ctx,
      http: httpOptionsFor(this.#inv, this.#connector, true),
      label: this.#connector.label,
      credentialSource: this.#connector.fields
        .filter((f) => f.label === "Client ID" || f.secret)
        .map((f) => `${f.label.toLowerCase()} from ${describeSource(f.source, this.#inv.ctx.home)}`)
        .join(", "),
    });
    this.#inv.log.registerSecret(token.accessToken);
    try {
      await this.store.put(key, token);
    } catch (error) {
      // An unwritable cache (read-only home, full disk) costs a token request next time; it
      // must not fail the command.
      this.#inv.warn(
        `could not store the ${this.#connector.label} token (${this.store.description}): ${
          (error as Error).message
        }; continuing without caching it`,
        "TOKEN_NOT_CACHED",
      );
    }
    return {
      header: `Bearer ${token.accessToken}`,
      token,
      fromCache: false,
      latencyMs: this.#inv.ctx.now() - started,
    };
  }

  /** Drops the cached token (after the service refused it). */
  async invalidate(): Promise<void> {
    const plan = requirePlan(this.#connector);
    if (plan.kind === "client_credentials") await this.store.delete(await this.#storageKey(plan));
  }

  async #storageKey(plan: ClientCredentialsPlan): Promise<string> {
    this.#key ??= await storageKey({
      connector: this.#connector.name,
      grant: "client_credentials",
      profile: this.#inv.profile,
      tokenEndpoint: plan.tokenEndpoint,
      clientId: plan.clientId,
      secret: plan.secret ?? plan.privateKeyPem ?? "",
      scopes: plan.scopes,
      clientAuth: plan.clientAuth,
    });
    return this.#key;
  }
}

/** Sends an authenticated request to a connector's API (path relative to its base). */
export async function callApi(
  inv: AuthContext,
  connector: Connector,
  auth: Authenticator,
  request: HttpRequest,
): Promise<HttpResponse> {
  const idempotent = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"].includes(request.method);
  const http = httpOptionsFor(inv, connector, idempotent);
  let authorization = await auth.authorize();
  const attempt = () =>
    send(inv.ctx, {
      ...request,
      headers: { ...connector.headers, ...request.headers, authorization: authorization.header },
    }, http);
  let response = await attempt();
  if (response.status === 401 && authorization.fromCache) {
    inv.log.info(`${connector.label} refused the cached token; requesting a new one`);
    await auth.invalidate();
    authorization = await auth.authorize(true);
    response = await attempt();
  }
  return response;
}
