/**
 * An HTTPS reverse proxy for failure tests: it forwards to an upstream by default and can be
 * switched to reset connections, stall, or answer with broken or hostile responses.
 *
 * @module
 */

import { createServer } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { readBody } from "./http_util.ts";
import { type TestTls, trustingClient } from "./tls.ts";

/** A fixed response, e.g. `{ status: 429, headers: { "retry-after": "1" } }`. */
export interface StatusMode {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * What the proxy does with the next request:
 * - `"forward"` (default): pass through to the upstream.
 * - `"reset"`: destroy the connection as soon as it is accepted (fetch throws).
 * - `"stall"`: accept and never answer (until `close()`).
 * - `"malformed-json"`: 200 `application/json` with body `{"access_tok`.
 * - `"oversized"`: 200 JSON body of about 20 MB, streamed (chunked, no content-length).
 * - `"html"`: 200 `text/html` page (as a captive portal or a misrouted proxy would send).
 * - a {@linkcode StatusMode}: that status, headers and body.
 */
export type FaultProxyMode =
  | "forward"
  | "reset"
  | "stall"
  | "malformed-json"
  | "oversized"
  | "html"
  | StatusMode;

/** Options for {@linkcode startFaultProxy}. */
export interface FaultProxyOptions {
  /** Where `"forward"` mode sends requests (only the origin is used). */
  upstream: URL;
  /** Test TLS material; the proxy serves its certificate and trusts its CA upstream. */
  tls: TestTls;
}

/** A running fault proxy. */
export interface FaultProxy {
  /** Current behaviour; assign to switch. */
  mode: FaultProxyMode;
  /** Requests seen, plus connections reset in `"reset"` mode. */
  readonly hits: number;
  /** `https://localhost:<port>` */
  origin: string;
  /** `localhost:<port>` */
  hostPort: string;
  port: number;
  /** Stops listening and drops every connection, including stalled ones. */
  close(): Promise<void>;
}

/** Size of the `"oversized"` body. */
export const OVERSIZED_BYTES = 20 * 1024 * 1024;

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  "host",
  "content-length",
  // fetch would transparently decompress while we copied content-encoding: drop both sides.
  "accept-encoding",
  "content-encoding",
]);

/** Streams ~20 MB of valid-looking JSON, honouring backpressure and client disconnects. */
async function sendOversized(res: ServerResponse): Promise<void> {
  res.writeHead(200, { "content-type": "application/json" });
  const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
  let closed = false;
  res.on("close", () => closed = true);
  res.write('{"access_token":"');
  for (let sent = 0; sent < OVERSIZED_BYTES && !closed; sent += chunk.byteLength) {
    if (!res.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          res.off("drain", done);
          res.off("close", done);
          resolve();
        };
        res.on("drain", done);
        res.on("close", done);
      });
    }
  }
  if (!closed) res.end('","token_type":"Bearer","expires_in":3600}');
}

/** Starts the proxy on 127.0.0.1 with a random port. */
export async function startFaultProxy(opts: FaultProxyOptions): Promise<FaultProxy> {
  const upstream = opts.upstream.origin;
  const client = trustingClient(opts.tls.caPem);
  const inflight = new Set<AbortController>();
  let hits = 0;
  let closing = false;

  const state = { mode: "forward" as FaultProxyMode };

  async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || HOP_BY_HOP.has(name)) continue;
      for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
    }
    const method = req.method ?? "GET";
    const body = method === "GET" || method === "HEAD" ? undefined : await readBody(req);
    const abort = new AbortController();
    inflight.add(abort);
    res.on("close", () => abort.abort());
    try {
      const answer = await fetch(`${upstream}${req.url ?? "/"}`, {
        method,
        headers,
        body,
        redirect: "manual",
        client,
        signal: abort.signal,
      });
      const data = new Uint8Array(await answer.arrayBuffer());
      answer.headers.forEach((value, name) => {
        if (!HOP_BY_HOP.has(name)) res.setHeader(name, value);
      });
      res.statusCode = answer.status;
      res.setHeader("content-length", String(data.byteLength));
      res.end(data);
    } catch (err) {
      if (res.headersSent || res.destroyed) return;
      res.statusCode = 502;
      res.setHeader("content-type", "text/plain");
      res.end(`fault proxy: upstream failed: ${err}`);
    } finally {
      inflight.delete(abort);
    }
  }

  const server = createServer({ key: opts.tls.keyPem, cert: opts.tls.certPem }, (req, res) => {
    hits += 1;
    const mode = state.mode;
    if (mode === "reset") return void req.socket.destroy();
    if (mode === "stall") return; // the socket stays open until the client gives up or close()
    if (mode === "forward") return void forward(req, res);
    if (mode === "malformed-json") {
      res.writeHead(200, { "content-type": "application/json" });
      return void res.end('{"access_tok');
    }
    if (mode === "html") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return void res.end(
        "<!DOCTYPE html><html><body><h1>Sign in to the network</h1></body></html>",
      );
    }
    if (mode === "oversized") return void sendOversized(res);
    res.writeHead(mode.status, { "content-type": "application/json", ...mode.headers });
    res.end(mode.body ?? "");
  });
  // Fresh connections in reset mode die before TLS; keep-alive ones die in the handler above.
  server.on("connection", (socket: Socket) => {
    if (state.mode !== "reset" || closing) return;
    hits += 1;
    socket.destroy();
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port));
  });

  return {
    get mode() {
      return state.mode;
    },
    set mode(mode: FaultProxyMode) {
      state.mode = mode;
    },
    get hits() {
      return hits;
    },
    origin: `https://localhost:${port}`,
    hostPort: `localhost:${port}`,
    port,
    close: async () => {
      closing = true;
      for (const abort of inflight) abort.abort();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      client.close();
    },
  };
}

/** A loopback port with nothing listening (connections are refused). */
export function refusedPort(): Promise<number> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return Promise.resolve(port);
}
