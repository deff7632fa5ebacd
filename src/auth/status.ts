/**
 * `auth status`: for each connector, prove the credentials live — a fresh token request (a
 * cached token proves nothing), then one light API call to confirm the token is accepted.
 * The report never contains a secret or a token.
 */
import type { AuthContext } from "./auth_context.ts";
import { describeSource } from "../config/resolve.ts";
import { jsonValue } from "../config/values.ts";
import { findKey } from "../config/key_lookup.ts";
import { asPingcliError, PingcliError } from "../errors.ts";
import type { Connector, ConnectorName } from "../services/connector.ts";
import { Authenticator, httpOptionsFor, requirePlan } from "./session.ts";
import { requestIdOf, send } from "../http/client.ts";

export interface CredentialReport {
  key: string;
  label: string;
  value: unknown;
  source: string | null;
  secret: boolean;
}

export interface ConnectorStatus {
  connector: ConnectorName;
  label: string;
  profile: string;
  status: "authenticated" | "warning" | "failed";
  method: string;
  credentials: CredentialReport[];
  tokenEndpoint: string | null;
  apiBase: string | null;
  storage: string;
  token: {
    expiresAt: string | null;
    expiresInSeconds: number | null;
    scopes: string[];
    latencyMs: number | null;
  } | null;
  apiCheck: {
    method: "GET";
    url: string;
    httpStatus: number | null;
    accepted: boolean;
    latencyMs: number | null;
    requestId: string | null;
  } | null;
  error: { code: string; message: string; hint: string | null } | null;
  warnings: string[];
}

export interface StatusReport {
  profile: string;
  connectors: ConnectorStatus[];
}

/** The error behind a failed status, so the summary keeps its retryable flag and details. */
const causes = new WeakMap<ConnectorStatus, PingcliError>();

/** Checks one connector end to end. Never throws for an authentication outcome. */
export async function checkConnector(
  inv: AuthContext,
  connector: Connector,
): Promise<ConnectorStatus> {
  const home = inv.ctx.home;
  const status: ConnectorStatus = {
    connector: connector.name,
    label: connector.label,
    profile: inv.profile,
    status: "authenticated",
    method: connector.method,
    credentials: connector.fields.map((f) => ({
      key: f.key,
      label: f.label,
      value: jsonValue(findKey(f.key)!, f.value, false),
      source: f.source ? describeSource(f.source, home) : null,
      secret: f.secret,
    })),
    tokenEndpoint: null,
    apiBase: connector.apiBase ?? null,
    storage: "",
    token: null,
    apiCheck: null,
    error: null,
    warnings: [...connector.warnings],
  };
  const auth = new Authenticator(inv, connector);
  status.storage = auth.store.description;
  try {
    const plan = requirePlan(connector);
    if (plan.kind === "client_credentials") status.tokenEndpoint = plan.tokenEndpoint;
    const authorization = await auth.authorize(true);
    if (authorization.token) {
      const t = authorization.token;
      status.token = {
        expiresAt: t.expiresAt !== undefined ? new Date(t.expiresAt).toISOString() : null,
        expiresInSeconds: t.expiresAt !== undefined
          ? Math.round((t.expiresAt - inv.ctx.now()) / 1000)
          : null,
        scopes: t.scopes ?? [],
        latencyMs: authorization.latencyMs ?? null,
      };
    }
    if (connector.probePath && connector.apiBase) {
      const url = connector.apiBase + connector.probePath;
      const response = await send(inv.ctx, {
        method: "GET",
        url,
        headers: { ...connector.headers, authorization: authorization.header },
      }, httpOptionsFor(inv, connector, true));
      const requestId = requestIdOf(response.headers);
      status.apiCheck = {
        method: "GET",
        url,
        httpStatus: response.status,
        accepted: response.status >= 200 && response.status < 300,
        latencyMs: response.elapsedMs,
        requestId,
      };
      apiOutcome(status, connector, response.status, plan.kind);
    } else if (connector.name === "pingone") {
      status.warnings.push(
        "no API check: service.pingOne.endpoint.environmentID is not set, so the token was not tried against the management API",
      );
      status.status = "warning";
    }
  } catch (error) {
    const e = asPingcliError(error);
    status.status = "failed";
    status.error = { code: e.code, message: e.message, hint: e.hint ?? null };
    causes.set(status, e);
  }
  if (status.status === "authenticated" && status.warnings.length) status.status = "warning";
  return status;
}

function apiOutcome(
  status: ConnectorStatus,
  connector: Connector,
  code: number,
  kind: string,
): void {
  if (code >= 200 && code < 300) return;
  const what = `${connector.label} API answered HTTP ${code} to GET ${connector.probePath}`;
  if (code === 403) {
    status.status = "warning";
    status.warnings.push(
      `the token was issued but the ${what}: the application is missing roles (PingOne: assign roles to the worker application, e.g. Environment Admin)`,
    );
    return;
  }
  status.status = "failed";
  if (code === 401) {
    const err = new PingcliError(
      "CREDENTIALS_INVALID",
      kind === "client_credentials"
        ? `the token was issued but the ${what}`
        : `the ${what}: the credentials were rejected`,
      {
        hint: kind === "basic"
          ? "Check the PingFederate username and password."
          : kind === "bearer"
          ? "The access token is invalid or expired; set a new one."
          : "The token is not valid for this API: check the environment ID, region and API host.",
      },
    );
    status.error = { code: err.code, message: err.message, hint: err.hint ?? null };
    return;
  }
  const e = new PingcliError(
    code === 429 ? "RATE_LIMITED" : code === 404 ? "CONFIG_INVALID" : "SERVICE_ERROR",
    `the ${what}`,
    {
      hint: code === 404
        ? connector.name === "pingone"
          ? "The environment was not found: check service.pingOne.endpoint.environmentID and the region (rootDomain)."
          : "Check service.pingFederate.httpsHost and adminAPIPath."
        : "The service is failing or busy; try again later.",
    },
  );
  status.error = { code: e.code, message: e.message, hint: e.hint ?? null };
}

/** The error that sums up a report, for the envelope and the exit code (undefined if all passed). */
export function reportFailure(report: StatusReport): PingcliError | undefined {
  const failed = report.connectors.filter((c) => c.status === "failed");
  if (failed.length === 0) return undefined;
  const first = failed[0]!.error!;
  const label = failed[0]!.label;
  const message = failed.length === 1
    ? first.message.includes(label) ? first.message : `${label}: ${first.message}`
    : `${failed.length} connectors failed to authenticate: ${
      failed.map((c) => c.label).join(", ")
    }`;
  const cause = causes.get(failed[0]!);
  return new PingcliError(first.code as PingcliError["code"], message, {
    hint: first.hint ?? undefined,
    retryable: cause?.retryable,
    details: cause?.details,
  });
}
