/**
 * The OAuth 2.0 client credentials grant (RFC 6749 §4.4) through oauth4webapi, with errors
 * mapped to pingcli codes that say which credential was rejected and why.
 */
import * as oauth from "oauth4webapi";
import type { Context } from "../context.ts";
import { asPingcliError, PingcliError } from "../errors.ts";
import { fetchVia, type HttpOptions } from "../http/client.ts";
import type { AuthPlan } from "../services/connector.ts";

export type ClientCredentialsPlan = Extract<AuthPlan, { kind: "client_credentials" }>;

export interface Token {
  accessToken: string;
  tokenType: string;
  /** Epoch milliseconds, when known (expires_in, else the JWT exp). */
  expiresAt?: number;
  scopes?: string[];
  obtainedAt: number;
}

export interface GrantContext {
  ctx: Context;
  http: HttpOptions;
  /** Service name for messages, e.g. "PingOne". */
  label: string;
  /** Where the credentials came from, for the rejection message. */
  credentialSource: string;
}

/** Requests a token with the client credentials grant. */
export async function requestClientCredentialsToken(
  plan: ClientCredentialsPlan,
  g: GrantContext,
): Promise<Token> {
  const as: oauth.AuthorizationServer = { issuer: plan.issuer, token_endpoint: plan.tokenEndpoint };
  const client: oauth.Client = { client_id: plan.clientId };
  const params = new URLSearchParams();
  if (plan.scopes.length) params.set("scope", plan.scopes.join(" "));
  const insecureHttp = new URL(plan.tokenEndpoint).protocol === "http:";
  try {
    const clientAuth = await clientAuthFor(plan);
    const response = await oauth.clientCredentialsGrantRequest(as, client, clientAuth, params, {
      // A token response is a few hundred bytes; 1 MiB is generous and stops a runaway peer.
      [oauth.customFetch]: fetchVia(g.ctx, { ...g.http, retry: true, maxBodyBytes: 1024 * 1024 }),
      [oauth.allowInsecureRequests]: insecureHttp, // loopback only: checked by the http layer
    });
    const result = await oauth.processClientCredentialsResponse(as, client, response);
    const now = g.ctx.now();
    return {
      accessToken: result.access_token,
      tokenType: result.token_type,
      expiresAt: result.expires_in !== undefined
        ? now + result.expires_in * 1000
        : jwtExpiry(result.access_token),
      scopes: result.scope?.split(" ").filter(Boolean),
      obtainedAt: now,
    };
  } catch (error) {
    throw grantError(error, plan, g);
  }
}

async function clientAuthFor(plan: ClientCredentialsPlan): Promise<oauth.ClientAuth> {
  switch (plan.clientAuth) {
    case "client_secret_post":
      return oauth.ClientSecretPost(plan.secret!);
    case "private_key_jwt":
      return oauth.PrivateKeyJwt({
        key: await importPrivateKey(plan.privateKeyPem!),
        kid: plan.privateKeyId,
      });
    default:
      return oauth.ClientSecretBasic(plan.secret!);
  }
}

const KEY_ALGORITHMS: (RsaHashedImportParams | EcKeyImportParams | Algorithm)[] = [
  { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
  { name: "ECDSA", namedCurve: "P-256" },
  { name: "ECDSA", namedCurve: "P-384" },
  { name: "Ed25519" },
];

/** Imports a PKCS#8 PEM key (RSA → RS256, P-256 → ES256, P-384 → ES384, Ed25519 → EdDSA). */
export async function importPrivateKey(pem: string): Promise<CryptoKey> {
  const match = pem.match(/-----BEGIN PRIVATE KEY-----([\s\S]+?)-----END PRIVATE KEY-----/);
  if (!match) {
    throw new PingcliError(
      "CONFIG_INVALID",
      "the private key is not a PKCS#8 PEM (-----BEGIN PRIVATE KEY-----)",
      {
        hint: "Convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.p8.pem",
      },
    );
  }
  let der: Uint8Array<ArrayBuffer>;
  try {
    der = Uint8Array.from(atob(match[1]!.replace(/\s+/g, "")), (c) => c.charCodeAt(0));
  } catch {
    throw new PingcliError("CONFIG_INVALID", "the private key PEM is not valid base64", {
      hint: "Check the key file or variable: it must be a whole PKCS#8 PEM block.",
    });
  }
  for (const algorithm of KEY_ALGORITHMS) {
    try {
      return await crypto.subtle.importKey("pkcs8", der, algorithm, false, ["sign"]);
    } catch {
      // try the next algorithm
    }
  }
  throw new PingcliError("CONFIG_INVALID", "the private key is damaged or of an unsupported type", {
    hint: "Use an RSA, EC P-256/P-384 or Ed25519 key in PKCS#8 PEM form.",
  });
}

/** The `exp` of a JWT access token, if it is one; opaque tokens give undefined. */
export function jwtExpiry(token: string): number | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  try {
    const payload = JSON.parse(atob(parts[1]!.replace(/-/g, "+").replace(/_/g, "/")));
    return typeof payload.exp === "number" ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** A server may echo what it was sent; never repeat the secret in our message. */
function scrub(text: string | undefined, plan: ClientCredentialsPlan): string | undefined {
  if (text === undefined || !plan.secret || plan.secret.length < 4) return text;
  return text.split(plan.secret).join("********");
}

function grantError(error: unknown, plan: ClientCredentialsPlan, g: GrantContext): PingcliError {
  if (error instanceof PingcliError) return error;
  const where = `${g.label} token endpoint ${plan.tokenEndpoint}`;
  let code: string | undefined;
  let description: string | undefined;
  let status: number | undefined;
  if (error instanceof oauth.ResponseBodyError) {
    code = error.error;
    description = scrub(error.error_description, plan);
    status = error.status;
  } else if (error instanceof oauth.WWWAuthenticateChallengeError) {
    const params = error.cause[0]?.parameters;
    code = params?.error ?? "invalid_client";
    description = scrub(params?.error_description, plan);
    status = error.status;
  } else if (error instanceof oauth.OperationProcessingError) {
    const response = error.cause as Response | undefined;
    status = response instanceof Response ? response.status : undefined;
    if (status === 429) {
      return new PingcliError("RATE_LIMITED", `${where} is rate limiting requests (HTTP 429)`, {
        hint: "Wait and retry; pingcli already retried with backoff.",
        cause: error,
      });
    }
    const what = error.code === "OAUTH_RESPONSE_IS_NOT_JSON"
      ? "answered with a body that is not JSON"
      : status !== undefined
      ? `answered HTTP ${status}`
      : `sent an invalid response (${error.message})`;
    return new PingcliError("SERVICE_ERROR", `${where} ${what}`, {
      hint:
        "Check the token endpoint URL; if it is right, the service may be failing. Re-run with --debug for details.",
      cause: error,
      retryable: status !== undefined && status >= 500,
    });
  } else if (error instanceof TypeError || error instanceof oauth.UnsupportedOperationError) {
    return new PingcliError("SERVICE_ERROR", `${where}: ${error.message}`, { cause: error });
  } else {
    // Not an answer from the server (it may never have been asked): a bug, not a rejection.
    return asPingcliError(error);
  }
  if (code === "invalid_client" || code === "unauthorized_client") {
    const why = code === "invalid_client"
      ? "rejected the client credentials (invalid_client)"
      : "refused the client credentials grant for this client (unauthorized_client)";
    return new PingcliError(
      "CREDENTIALS_INVALID",
      `${g.label} ${why}${description ? `: ${description}` : ""}`,
      {
        hint: code === "invalid_client"
          ? `Check the client ID and secret (${g.credentialSource}) and the client authentication method (${plan.clientAuth}).`
          : "Enable the Client Credentials grant on the application, or use a worker application.",
        cause: error,
        details: { error: code, status },
      },
    );
  }
  if (code === "invalid_scope") {
    return new PingcliError(
      "CREDENTIALS_INVALID",
      `${g.label} refused the requested scopes (invalid_scope)${
        description ? `: ${description}` : ""
      }`,
      {
        hint: `Requested: ${
          plan.scopes.join(" ") || "(none)"
        }. Fix ${plan.scopesKey} or grant the scopes to the application.`,
        cause: error,
        details: { error: code, status },
      },
    );
  }
  return new PingcliError(
    "CREDENTIALS_INVALID",
    `${g.label} refused the token request (${code ?? `HTTP ${status}`})${
      description ? `: ${description}` : ""
    }`,
    {
      hint: "Check the application's grant types and credentials.",
      cause: error,
      details: { error: code, status },
    },
  );
}
