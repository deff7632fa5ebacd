/**
 * Builds the two oidc-provider instances behind the test auth server: one with PingOne's
 * route layout (issuer `https://host/<envId>/as`) and one with PingFederate's (issuer at the
 * host root, `/as/token.oauth2`, ...).
 *
 * oidc-provider ships no type declarations, so the small surface we use is typed here.
 *
 * @module
 */

import type { IncomingMessage, ServerResponse } from "node:http";
import { createMapAdapter } from "./memory_adapter.ts";

/** A stored token as oidc-provider's models expose it (only the fields we read). */
export interface TokenRecord {
  clientId: string;
  scope?: string;
  accountId?: string;
}

/** A token model class (`provider.ClientCredentials`, `provider.AccessToken`). */
export interface TokenModel {
  /** Resolves undefined for unknown, expired, revoked or malformed tokens. */
  find(value: string): Promise<TokenRecord | undefined>;
}

/** Koa context fields read by our middleware. */
export interface ProviderContext {
  req: IncomingMessage;
  oidc?: {
    route?: string;
    client?: { clientId: string };
    params?: Record<string, unknown>;
  };
}

/** The part of oidc-provider's `Provider` (a Koa app) that the test server uses. */
export interface OidcProvider {
  issuer: string;
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  use(fn: (ctx: ProviderContext, next: () => Promise<void>) => Promise<void>): void;
  ClientCredentials: TokenModel;
  AccessToken: TokenModel;
}

type ProviderClass = new (issuer: string, config: Record<string, unknown>) => OidcProvider;

/** Route map in oidc-provider's `routes` option shape (paths relative to the issuer path). */
export type ProviderRoutes = Record<string, string>;

/** PingOne's paths below `/<envId>/as`. */
export const PINGONE_ROUTES: ProviderRoutes = {
  authorization: "/authorize",
  token: "/token",
  device_authorization: "/device_authorization",
  code_verification: "/device",
  revocation: "/revoke",
  introspection: "/introspect",
  jwks: "/jwks",
  userinfo: "/userinfo",
  end_session: "/signoff",
};

/** PingFederate's runtime paths (issuer at the host root). */
export const PINGFEDERATE_ROUTES: ProviderRoutes = {
  authorization: "/as/authorization.oauth2",
  token: "/as/token.oauth2",
  device_authorization: "/as/device_authz.oauth2",
  code_verification: "/as/user_authz.oauth2",
  revocation: "/as/revoke_token.oauth2",
  introspection: "/as/introspect.oauth2",
  jwks: "/pf/JWKS",
  userinfo: "/idp/userinfo.openid",
  end_session: "/idp/startSLO.ping",
};

let providerClass: Promise<ProviderClass> | undefined;

/**
 * Imports oidc-provider once. Its entry module warns "Unsupported runtime" whenever
 * `typeof Deno !== "undefined"`; that is expected here, so the one line is filtered out
 * while the module evaluates (a static import could not be wrapped).
 */
function loadProviderClass(): Promise<ProviderClass> {
  providerClass ??= (async () => {
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (typeof args[0] === "string" && args[0].includes("Unsupported runtime")) return;
      warn(...args);
    };
    try {
      const mod = await import("oidc-provider");
      return mod.default as ProviderClass;
    } finally {
      console.warn = warn;
    }
  })();
  return providerClass;
}

/** Random url-safe secret; avoids `+/=:` so Basic-auth encoding subtleties can't bite. */
export function randomSecret(bytes = 24): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...raw)).replaceAll("+", "-").replaceAll("/", "_")
    .replaceAll("=", "");
}

/** Per-run ES256 signing key for a provider (EC keygen is ~10x faster than RSA). */
async function signingJwks(): Promise<{ keys: JsonWebKey[] }> {
  const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
    "sign",
    "verify",
  ]);
  // WebCrypto adds key_ops ["sign"] and ext; oidc-provider would publish key_ops in the JWKS,
  // and verifiers importing a "sign"-only public key for verification reject it.
  const { key_ops: _ops, ext: _ext, ...jwk } = await crypto.subtle.exportKey(
    "jwk",
    pair.privateKey,
  );
  return { keys: [{ ...jwk, kid: crypto.randomUUID(), alg: "ES256", use: "sig" } as JsonWebKey] };
}

/** Everything that differs between the PingOne and PingFederate providers. */
export interface ProviderSetup {
  issuer: string;
  routes: ProviderRoutes;
  /** Every scope the server knows; a known scope outside a client's `scope` is invalid_scope. */
  scopes: string[];
  /** oidc-provider client metadata records. */
  clients: Record<string, unknown>[];
  tokenTtlSeconds: number;
}

interface PolicyToken {
  clientId: string;
}
interface PolicyClient {
  clientId: string;
  clientAuthMethod: string;
}

/** Creates one configured provider. */
export async function createProvider(setup: ProviderSetup): Promise<OidcProvider> {
  const Provider = await loadProviderClass();
  const issuerPath = new URL(setup.issuer).pathname.replace(/\/$/, "");
  const ttl = setup.tokenTtlSeconds;
  return new Provider(setup.issuer, {
    adapter: createMapAdapter(),
    clients: setup.clients,
    jwks: await signingJwks(),
    cookies: { keys: [randomSecret(), randomSecret()] },
    routes: setup.routes,
    scopes: setup.scopes,
    clientDefaults: {
      id_token_signed_response_alg: "ES256",
      grant_types: ["client_credentials"],
      response_types: [],
      redirect_uris: [],
    },
    findAccount: (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: () => ({ sub }),
    }),
    pkce: { required: () => true },
    // Interactive UIs are future work; the dev UI would print a warning per provider.
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) =>
        `${issuerPath}/interaction/${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      deviceFlow: { enabled: true },
      // Same policies as oidc-provider's defaults, supplied explicitly to avoid its notices.
      introspection: {
        enabled: true,
        allowedPolicy: (
          ctx: { oidc: { client: PolicyClient } },
          client: PolicyClient,
          token: PolicyToken,
        ) => !(client.clientAuthMethod === "none" && token.clientId !== ctx.oidc.client.clientId),
      },
      revocation: {
        enabled: true,
        allowedPolicy: (_ctx: unknown, client: PolicyClient, token: PolicyToken) =>
          token.clientId === client.clientId,
      },
    },
    clientBasedCORS: () => false,
    renderError: (ctx: { type: string; body: string }, out: Record<string, string>) => {
      ctx.type = "json";
      ctx.body = JSON.stringify(out);
    },
    ttl: {
      AccessToken: ttl,
      ClientCredentials: ttl,
      AuthorizationCode: 60,
      DeviceCode: 600,
      BackchannelAuthenticationRequest: 600,
      IdToken: 3600,
      RefreshToken: 86400,
      Interaction: 3600,
      Session: 86400,
      Grant: 86400,
    },
  });
}
