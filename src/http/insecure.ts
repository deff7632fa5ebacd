/**
 * A fetch that skips TLS certificate verification, for `insecureTrustAllTLS` only. Deno's
 * fetch cannot turn verification off per client, so this goes through node:https with
 * `rejectUnauthorized: false`, scoped to the one service that asked for it.
 */
import { request } from "node:https";
import { responseOf } from "./client.ts";

export function insecureFetch(url: string, init: RequestInit): Promise<Response> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((v, k) => (headers[k] = v));
    const req = request(
      url,
      { method: init.method ?? "GET", headers, rejectUnauthorized: false, ca: [] },
      (res) => {
        const chunks: Uint8Array[] = [];
        res.on("data", (c: Uint8Array) => chunks.push(c));
        res.on("end", () => {
          const responseHeaders = new Headers();
          for (const [k, v] of Object.entries(res.headers)) {
            if (v !== undefined) {
              responseHeaders.set(k, Array.isArray(v) ? v.join(", ") : String(v));
            }
          }
          resolve(responseOf(res.statusCode ?? 0, responseHeaders, new Blob(chunks as BlobPart[])));
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    init.signal?.addEventListener("abort", () => req.destroy(init.signal?.reason as Error));
    const body = init.body;
    if (body !== undefined && body !== null) {
      req.write(
        typeof body === "string"
          ? body
          : body instanceof URLSearchParams
          ? body.toString()
          : body as Uint8Array,
      );
    }
    req.end();
  });
}
