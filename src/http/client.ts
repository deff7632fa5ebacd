/**
 * The one HTTP layer every network call goes through: timeouts, bounded retries with backoff
 * and jitter (honouring Retry-After), the pingcli User-Agent, extra CA roots and proxies,
 * redacted debug logging, and errors mapped to stable codes (DESIGN §5).
 */
import type { Context } from "../context.ts";
import { PingcliError } from "../errors.ts";
import type { Logger } from "../output/log.ts";
import { redact } from "../output/log.ts";
import { VERSION } from "../version.ts";
import { insecureFetch } from "./insecure.ts";
import { finalError, networkError } from "./network_errors.ts";

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array | URLSearchParams;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: Uint8Array;
  url: string;
  /** Milliseconds from the first attempt to the end of the body. */
  elapsedMs: number;
  attempts: number;
}

export interface TransportOptions {
  /** Extra trusted root certificates (PEM), added to the system roots. */
  caCerts?: string[];
  /** Skip certificate verification for this service (warned about by the caller). */
  insecure?: boolean;
}

export interface HttpOptions extends TransportOptions {
  log: Logger;
  /** Time allowed to connect and receive response headers, per attempt. */
  connectTimeoutMs: number;
  /** Total time for the call, all attempts included. */
  totalTimeoutMs: number;
  /** Retry on network errors, 429 and 502/503/504 (idempotent calls and token requests). */
  retry: boolean;
  maxAttempts?: number;
  maxBodyBytes?: number;
  /** Appended to the User-Agent (PINGCLI_<PRODUCT>_APPEND_USER_AGENT). */
  userAgentSuffix?: string;
}

const RETRY_STATUS = new Set([429, 502, 503, 504]);
/** Large enough for PingFederate exports and bulk reads; bounded so a runaway peer cannot exhaust memory. */
const DEFAULT_MAX_BODY = 256 * 1024 * 1024;
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

export function userAgent(suffix?: string): string {
  const deno = typeof Deno !== "undefined" ? Deno.version.deno : "unknown";
  const ua = `pingcli/${VERSION} (deno ${deno}; ${Deno.build.os}-${Deno.build.arch})`;
  return suffix ? `${ua} ${suffix}` : ua;
}

/** Whether credentials may be sent to this URL: https, or plain http to a loopback host. */
export function schemeAllowed(url: URL): boolean {
  if (url.protocol === "https:") return true;
  return url.protocol === "http:" &&
    (LOOPBACK.has(url.hostname) || url.hostname.startsWith("127."));
}

/** Plain http:// is refused except to loopback hosts (local testing). */
export function checkScheme(url: URL): void {
  if (schemeAllowed(url)) return;
  throw new PingcliError(
    "USAGE_ERROR",
    `refusing to send credentials over ${url.protocol}//${url.host}`,
    {
      hint: "Use an https:// URL; plain http is only allowed for loopback hosts.",
    },
  );
}

const clients = new Map<string, Deno.HttpClient>();

/** The fetch to use for these transport options (a custom client only when needed). */
function transport(
  ctx: Context,
  options: TransportOptions,
): (url: string, init: RequestInit) => Promise<Response> {
  if (options.insecure) return insecureFetch;
  // Proxies (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) are applied by Deno's fetch itself, for the
  // default client and for custom ones alike. Extra roots (DENO_CERT, CA files) come in caCerts.
  const caCerts = options.caCerts ?? [];
  if (caCerts.length === 0) return (url, init) => ctx.fetch(url, init);
  const key = caCerts.join("\n");
  let client = clients.get(key);
  if (!client) {
    client = Deno.createHttpClient({ caCerts });
    clients.set(key, client);
  }
  const c = client;
  return (url, init) => ctx.fetch(url, { ...init, client: c } as RequestInit);
}

/** Sends one request with retries and timeouts; never throws for an HTTP status. */
export async function send(
  ctx: Context,
  request: HttpRequest,
  options: HttpOptions,
): Promise<HttpResponse> {
  const url = new URL(request.url);
  checkScheme(url);
  const doFetch = transport(ctx, options);
  const maxAttempts = options.retry ? options.maxAttempts ?? 3 : 1;
  const started = ctx.now();
  const deadline = started + options.totalTimeoutMs;
  const headers = {
    "user-agent": userAgent(options.userAgentSuffix),
    ...lowerKeys(request.headers ?? {}),
  };
  let attempt = 0;
  while (true) {
    attempt++;
    if (options.log.debugEnabled) {
      options.log.debug(
        `> ${request.method} ${url.href}${attempt > 1 ? ` (attempt ${attempt})` : ""}`,
      );
      for (const [k, v] of Object.entries(headers)) options.log.debug(redact(`> ${k}: ${v}`));
      if (request.body !== undefined) options.log.debug(redact(`> ${bodyText(request.body)}`));
    }
    const remaining = deadline - ctx.now();
    let outcome: HttpResponse | PingcliError;
    try {
      outcome = await attemptOnce(doFetch, url, request, headers, {
        connectMs: Math.min(options.connectTimeoutMs, remaining),
        totalMs: remaining,
        maxBody: options.maxBodyBytes ?? DEFAULT_MAX_BODY,
      });
    } catch (error) {
      outcome = networkError(error, url, options);
    }
    const elapsedMs = ctx.now() - started;
    if (!(outcome instanceof PingcliError)) {
      outcome.elapsedMs = elapsedMs;
      outcome.attempts = attempt;
      logResponse(options.log, outcome);
    } else {
      options.log.debug(`< ${outcome.code}: ${outcome.message}`);
    }
    const retryable = outcome instanceof PingcliError
      ? outcome.code === "NETWORK_ERROR" || outcome.code === "TIMEOUT"
      : RETRY_STATUS.has(outcome.status);
    if (!retryable || attempt >= maxAttempts) {
      if (outcome instanceof PingcliError) throw finalError(outcome, url, elapsedMs, attempt);
      return outcome;
    }
    const wait = backoff(
      attempt,
      outcome instanceof PingcliError ? null : outcome.headers.get("retry-after"),
      ctx.now(),
    );
    if (ctx.now() + wait >= deadline) {
      if (outcome instanceof PingcliError) throw finalError(outcome, url, elapsedMs, attempt);
      return outcome;
    }
    options.log.info(`retrying ${request.method} ${url.host}${url.pathname} in ${wait} ms`);
    await new Promise((r) => setTimeout(r, wait));
  }
}

async function attemptOnce(
  doFetch: (url: string, init: RequestInit) => Promise<Response>,
  url: URL,
  request: HttpRequest,
  headers: Record<string, string>,
  limits: { connectMs: number; totalMs: number; maxBody: number },
): Promise<HttpResponse> {
  const controller = new AbortController();
  let phase: "connect" | "body" = "connect";
  const connectTimer = setTimeout(
    () => controller.abort(new TimeoutSignal("connect")),
    limits.connectMs,
  );
  const totalTimer = setTimeout(() => controller.abort(new TimeoutSignal("total")), limits.totalMs);
  try {
    const response = await doFetch(url.href, {
      method: request.method,
      headers,
      body: request.body as BodyInit | undefined,
      redirect: "manual",
      signal: controller.signal,
    });
    clearTimeout(connectTimer);
    phase = "body";
    const body = await readLimited(response, limits.maxBody, url);
    return {
      status: response.status,
      headers: response.headers,
      body,
      url: url.href,
      elapsedMs: 0,
      attempts: 1,
    };
  } catch (error) {
    if (controller.signal.aborted && controller.signal.reason instanceof TimeoutSignal) {
      const ms = phase === "connect" ? limits.connectMs : limits.totalMs;
      throw new PingcliError(
        "TIMEOUT",
        `${url.host} did not answer within ${Math.round(ms / 100) / 10} s`,
        {
          hint:
            "Check the host is reachable, or raise http.connectTimeout / http.timeout (PINGCLI_HTTP_TIMEOUT).",
          cause: error,
        },
      );
    }
    throw error;
  } finally {
    clearTimeout(connectTimer);
    clearTimeout(totalTimer);
  }
}

class TimeoutSignal extends Error {
  constructor(readonly phase: string) {
    super(`timeout (${phase})`);
  }
}

async function readLimited(response: Response, max: number, url: URL): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      throw new PingcliError(
        "SERVICE_ERROR",
        `response from ${url.host} is larger than ${formatSize(max)}`,
        {
          hint: "The service sent an unexpectedly large body; try a narrower request.",
          retryable: false,
        },
      );
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    body.set(c, offset);
    offset += c.byteLength;
  }
  return body;
}

/** Exponential backoff with full jitter; Retry-After (seconds or HTTP date) wins when given. */
export function backoff(attempt: number, retryAfter: string | null, now: number): number {
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  const base = 200 * 2 ** (attempt - 1);
  return Math.round(base / 2 + Math.random() * base / 2);
}

function logResponse(log: Logger, response: HttpResponse): void {
  if (!log.debugEnabled) return;
  log.debug(`< ${response.status} (${response.elapsedMs} ms)`);
  for (const [k, v] of response.headers) log.debug(redact(`< ${k}: ${v}`));
  const text = new TextDecoder().decode(response.body.subarray(0, 4096));
  if (text) log.debug(redact(`< ${text}`));
}

function bodyText(body: string | Uint8Array | URLSearchParams): string {
  if (typeof body === "string") return body.slice(0, 4096);
  if (body instanceof URLSearchParams) return body.toString();
  return new TextDecoder().decode(body.subarray(0, 4096));
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/** Adapts `send` to the fetch signature oauth4webapi's customFetch expects. */
export function fetchVia(
  ctx: Context,
  options: HttpOptions,
): (url: string, init: RequestInit) => Promise<Response> {
  return async (url, init) => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((v, k) => (headers[k] = v));
    delete headers["user-agent"]; // oauth4webapi's own; pingcli's is set by `send`
    const response = await send(ctx, {
      method: init.method ?? "GET",
      url,
      headers,
      body: init.body as string | URLSearchParams | undefined,
    }, options);
    return responseOf(response.status, response.headers, response.body as BodyInit);
  };
}

/** A fetch Response; statuses that forbid a body get none (the constructor would throw). */
export function responseOf(status: number, headers: Headers, body: BodyInit): Response {
  const nullBody = [101, 204, 205, 304].includes(status);
  return new Response(nullBody ? null : body, { status, headers });
}

/** The request ID a service sent (PingOne: Correlation-Id), for support and logs. */
export function requestIdOf(headers: Headers): string | null {
  return headers.get("correlation-id") ?? headers.get("x-request-id");
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MiB` : `${bytes} bytes`;
}
