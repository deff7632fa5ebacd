/**
 * Request logging and on-demand fault injection for the test auth server.
 *
 * @module
 */

import type { IncomingMessage, ServerResponse } from "node:http";

/** One request as the server saw it. Secrets are not kept: see {@linkcode RequestLogEntry.headers}. */
export interface RequestLogEntry {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Path plus query string, as sent. */
  url: string;
  /**
   * Request headers (lower-case names). `authorization` / `proxy-authorization` are reduced to
   * their scheme (e.g. `"Basic"`); `cookie` is dropped.
   */
  headers: Record<string, string>;
  /** `Date.now()` at arrival. */
  time: number;
  /** True for the PingOne and PingFederate token endpoints. */
  tokenRequest: boolean;
  /** Client id presented to a token endpoint, whatever the outcome, when it could be told. */
  clientId?: string;
  /** Set when a {@linkcode FaultSpec} answered instead of the normal handler. */
  faulted: boolean;
  /** Response status, once the response has been sent. */
  status?: number;
}

/** A canned answer for the next matching request(s). */
export interface FaultSpec {
  /** Matches requests whose path starts with this (e.g. `"/v1/"`, `"/as/token.oauth2"`). */
  pathPrefix: string;
  status: number;
  /** Only match this method (any when omitted). */
  method?: string;
  /** How many requests to answer (default 1; `Infinity` for all). */
  times?: number;
  /** Object → JSON; string → sent verbatim. Default: a PingOne-style JSON error. */
  body?: string | Record<string, unknown>;
  headers?: Record<string, string>;
}

const REDACTED_TO_SCHEME = new Set(["authorization", "proxy-authorization"]);

/** Builds the log entry for an incoming request. */
export function logEntryFor(req: IncomingMessage, tokenRequest: boolean): RequestLogEntry {
  const url = req.url ?? "/";
  const headers: Record<string, string> = {};
  for (const [name, raw] of Object.entries(req.headers)) {
    if (raw === undefined || name === "cookie") continue;
    const value = Array.isArray(raw) ? raw.join(", ") : raw;
    headers[name] = REDACTED_TO_SCHEME.has(name) ? value.split(/\s/, 1)[0]! : value;
  }
  return {
    method: req.method ?? "GET",
    path: url.split("?", 1)[0]!,
    url,
    headers,
    time: Date.now(),
    tokenRequest,
    faulted: false,
  };
}

const DEFAULT_CODES: Record<number, string> = {
  400: "INVALID_REQUEST",
  401: "INVALID_TOKEN",
  403: "ACCESS_FAILED",
  404: "NOT_FOUND",
  429: "REQUEST_LIMITED",
  500: "UNEXPECTED_ERROR",
  502: "BAD_GATEWAY",
  503: "SERVICE_UNAVAILABLE",
  504: "GATEWAY_TIMEOUT",
};

/** Pending faults, consumed in registration order. */
export class FaultQueue {
  #faults: (FaultSpec & { left: number })[] = [];

  /** Queues a fault. */
  add(spec: FaultSpec): void {
    this.#faults.push({ ...spec, left: spec.times ?? 1 });
  }

  /** Removes every pending fault. */
  clear(): void {
    this.#faults = [];
  }

  /** Returns (and uses up one shot of) the first fault matching the request. */
  take(method: string, path: string): FaultSpec | undefined {
    const index = this.#faults.findIndex((f) =>
      path.startsWith(f.pathPrefix) && (!f.method || f.method.toUpperCase() === method)
    );
    if (index < 0) return undefined;
    const fault = this.#faults[index]!;
    fault.left -= 1;
    if (fault.left <= 0) this.#faults.splice(index, 1);
    return fault;
  }
}

/** Writes a fault's response. */
export function sendFault(res: ServerResponse, fault: FaultSpec): void {
  const body = fault.body ?? {
    id: crypto.randomUUID(),
    code: DEFAULT_CODES[fault.status] ?? "UNEXPECTED_ERROR",
    message: `Injected fault: HTTP ${fault.status}`,
  };
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.statusCode = fault.status;
  res.setHeader("content-type", "application/json");
  for (const [name, value] of Object.entries(fault.headers ?? {})) res.setHeader(name, value);
  res.setHeader("content-length", String(new TextEncoder().encode(text).byteLength));
  res.end(text);
}
