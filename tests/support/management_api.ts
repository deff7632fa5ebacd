/**
 * Fake management APIs served next to the authorization servers: a slice of PingOne's
 * `/v1/...` platform API and PingFederate's `/pf-admin-api/v1/...` admin API.
 *
 * Bearer tokens are checked against the oidc-provider token store, so only tokens the test
 * server really issued (and that are neither expired nor revoked) are accepted.
 *
 * @module
 */

import type { IncomingMessage, ServerResponse } from "node:http";
import { decodeBasic, header, parseAuthorization, readBody, sendJson } from "./http_util.ts";
import type { OidcProvider, TokenRecord } from "./oidc_providers.ts";

/** Server state the management handlers need. */
export interface ManagementContext {
  origin: string;
  envId: string;
  pingone: OidcProvider;
  pingfederate: OidcProvider;
  /** PingOne client ids whose tokens authenticate but carry no roles (answer 403). */
  noRolesClientIds: Set<string>;
  pfAdminUser: string;
  pfAdminPassword: string;
  pfAccessToken: string;
  /** PingOne populations of the one environment, by id. */
  populations: Map<string, Record<string, unknown>>;
}

/** Resolves a bearer token against a provider's client-credentials and access-token stores. */
async function findToken(provider: OidcProvider, value: string): Promise<TokenRecord | undefined> {
  try {
    return (await provider.ClientCredentials.find(value)) ??
      (await provider.AccessToken.find(value));
  } catch {
    // oidc-provider throws on some malformed values; for an API that is just "invalid".
    return undefined;
  }
}

function pingOneError(res: ServerResponse, status: number, code: string, message: string): void {
  const headers: Record<string, string> = status === 401 ? { "www-authenticate": "Bearer" } : {};
  sendJson(res, status, { id: crypto.randomUUID(), code, message }, headers);
}

const NOT_FOUND = "The request could not be completed. The requested resource was not found.";

/** PingOne-style 404. */
export function pingOneNotFound(res: ServerResponse): void {
  pingOneError(res, 404, "NOT_FOUND", NOT_FOUND);
}

function environment(ctx: ManagementContext): Record<string, unknown> {
  const href = `${ctx.origin}/v1/environments/${ctx.envId}`;
  return {
    _links: { self: { href }, populations: { href: `${href}/populations` } },
    id: ctx.envId,
    name: "pingcli-test",
    description: "Environment served by the pingcli test server",
    type: "SANDBOX",
    region: "NA",
    createdAt: "2025-01-01T00:00:00.000Z",
    updatedAt: "2025-01-01T00:00:00.000Z",
    organization: { id: "00000000-0000-4000-8000-000000000001" },
    license: { id: "00000000-0000-4000-8000-000000000002" },
  };
}

/** The initial population set of a fresh server. */
export function defaultPopulations(envId: string): Map<string, Record<string, unknown>> {
  const id = crypto.randomUUID();
  return new Map([[id, {
    id,
    environment: { id: envId },
    name: "Default",
    description: "Default population",
    default: true,
    userCount: 0,
    createdAt: "2025-01-01T00:00:00.000Z",
    updatedAt: "2025-01-01T00:00:00.000Z",
  }]]);
}

/** Handles `/v1/...`: bearer check (401/403) first, as PingOne does, then the resource. */
export async function handlePingOneApi(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  ctx: ManagementContext,
): Promise<void> {
  const auth = parseAuthorization(req);
  const token = auth?.scheme === "bearer"
    ? await findToken(ctx.pingone, auth.credentials)
    : undefined;
  if (!token) {
    return pingOneError(
      res,
      401,
      "INVALID_TOKEN",
      "The request could not be completed. The access token is invalid or expired.",
    );
  }
  if (ctx.noRolesClientIds.has(token.clientId)) {
    return pingOneError(
      res,
      403,
      "ACCESS_FAILED",
      "The request could not be completed. You do not have access to this resource.",
    );
  }

  const method = req.method ?? "GET";
  const parts = path.split("/").filter(Boolean); // ["v1", "environments", id, ...]
  if (parts[0] !== "v1" || parts[1] !== "environments") return pingOneNotFound(res);
  if (parts.length === 2 && method === "GET") {
    return sendJson(res, 200, {
      _links: { self: { href: `${ctx.origin}/v1/environments` } },
      _embedded: { environments: [environment(ctx)] },
      count: 1,
      size: 1,
    });
  }
  if (parts[2] !== ctx.envId) return pingOneNotFound(res);
  if (parts.length === 3 && method === "GET") return sendJson(res, 200, environment(ctx));
  if (parts[3] !== "populations" || parts.length > 5) return pingOneNotFound(res);
  if (parts.length === 4) return await populations(req, res, method, ctx);

  const id = parts[4]!;
  const found = ctx.populations.get(id);
  if (!found) return pingOneNotFound(res);
  if (method === "GET") return sendJson(res, 200, found);
  if (method === "DELETE") {
    ctx.populations.delete(id);
    return sendJson(res, 204);
  }
  return pingOneError(res, 405, "METHOD_NOT_ALLOWED", "The request method is not allowed.");
}

async function populations(
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  ctx: ManagementContext,
): Promise<void> {
  const href = `${ctx.origin}/v1/environments/${ctx.envId}/populations`;
  if (method === "GET") {
    const list = [...ctx.populations.values()];
    return sendJson(res, 200, {
      _links: { self: { href } },
      _embedded: { populations: list },
      count: list.length,
      size: list.length,
    });
  }
  if (method !== "POST") {
    return pingOneError(res, 405, "METHOD_NOT_ALLOWED", "The request method is not allowed.");
  }
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(await readBody(req)));
  } catch {
    body = undefined;
  }
  const record = body as Record<string, unknown> | undefined;
  if (typeof record !== "object" || record === null || typeof record.name !== "string") {
    return sendJson(res, 400, {
      id: crypto.randomUUID(),
      code: "INVALID_DATA",
      message:
        "The request could not be completed. One or more validation errors were in the request.",
      details: [{ code: "REQUIRED_VALUE", target: "name", message: "must not be null" }],
    });
  }
  const id = crypto.randomUUID();
  const now = new Date().toISOString();
  const created = {
    ...record,
    id,
    environment: { id: ctx.envId },
    userCount: 0,
    createdAt: now,
    updatedAt: now,
  };
  ctx.populations.set(id, created);
  sendJson(res, 201, { _links: { self: { href: `${href}/${id}` } }, ...created });
}

function pfError(res: ServerResponse, status: number, resultId: string, message: string): void {
  const headers: Record<string, string> = status === 401
    ? { "www-authenticate": 'Basic realm="PingFederate"' }
    : {};
  sendJson(res, status, { resultId, message }, headers);
}

async function pfAuthenticated(req: IncomingMessage, ctx: ManagementContext): Promise<boolean> {
  const auth = parseAuthorization(req);
  if (auth?.scheme === "basic") {
    const basic = decodeBasic(auth.credentials, false);
    return basic?.user === ctx.pfAdminUser && basic.password === ctx.pfAdminPassword;
  }
  if (auth?.scheme === "bearer") {
    if (auth.credentials === ctx.pfAccessToken) return true;
    return (await findToken(ctx.pingfederate, auth.credentials)) !== undefined;
  }
  return false;
}

/** Handles `/pf-admin-api/v1/...`: auth (401), then the XSRF header (403), then the resource. */
export async function handlePfAdminApi(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  ctx: ManagementContext,
): Promise<void> {
  if (!(await pfAuthenticated(req, ctx))) {
    return pfError(res, 401, "authentication_required", "Invalid or missing credentials.");
  }
  if (header(req, "x-xsrf-header") !== "PingFederate") {
    return pfError(
      res,
      403,
      "csrf_header_missing",
      "Request is missing the required X-XSRF-Header: PingFederate header.",
    );
  }
  if (req.method !== "GET") {
    return pfError(res, 405, "method_not_allowed", "The request method is not allowed.");
  }
  const resource = path.slice("/pf-admin-api/v1".length);
  switch (resource) {
    case "/version":
      return sendJson(res, 200, { version: "13.0.1.0" });
    case "/serverSettings":
      return sendJson(res, 200, {
        contactInfo: { company: "pingcli test" },
        federationInfo: { baseUrl: ctx.origin, saml2EntityId: "pingcli-test" },
        rolesAndProtocols: { oauthRole: { enableOauth: true, enableOpenIdConnect: true } },
      });
    case "/dataStores":
      return sendJson(res, 200, {
        items: [
          {
            type: "JDBC",
            id: "ProvisionerDS",
            name: "ProvisionerDS (sa)",
            maskAttributeValues: false,
          },
          { type: "LDAP", id: "LDAP-test", name: "Test directory", maskAttributeValues: false },
        ],
      });
    default:
      return pfError(res, 404, "resource_not_found", "Resource not found.");
  }
}
