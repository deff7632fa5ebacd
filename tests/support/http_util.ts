/**
 * Small node:http helpers shared by the test servers.
 *
 * @module
 */

import type { IncomingMessage, ServerResponse } from "node:http";

/** Writes a JSON response (or an empty one for 204). */
export function sendJson(
  res: ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (body === undefined || status === 204) {
    res.statusCode = status;
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.statusCode = status;
  if (!res.hasHeader("content-type")) res.setHeader("content-type", "application/json");
  res.setHeader("content-length", String(new TextEncoder().encode(text).byteLength));
  res.end(text);
}

/** Reads a whole request body (test payloads are small). */
export async function readBody(req: IncomingMessage): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of req) chunks.push(chunk as Uint8Array);
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** First value of a request header (node lower-cases names; values may be arrays). */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Splits `Authorization` into scheme (lower-cased) and credentials. */
export function parseAuthorization(
  req: IncomingMessage,
): { scheme: string; credentials: string } | undefined {
  const value = header(req, "authorization");
  const match = value?.match(/^(\S+)\s+(.+)$/);
  if (!match) return undefined;
  return { scheme: match[1]!.toLowerCase(), credentials: match[2]!.trim() };
}

/**
 * Decodes HTTP Basic credentials. Per RFC 6749 §2.3.1 OAuth clients form-urlencode the id and
 * secret before base64, so they are url-decoded too (harmless for plain admin passwords).
 */
export function decodeBasic(
  credentials: string,
  urlDecode: boolean,
): { user: string; password: string } | undefined {
  let text: string;
  try {
    text = new TextDecoder().decode(Uint8Array.from(atob(credentials), (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
  const at = text.indexOf(":");
  if (at < 0) return undefined;
  const decode = (s: string) => {
    if (!urlDecode) return s;
    try {
      return decodeURIComponent(s.replaceAll("+", " "));
    } catch {
      return s;
    }
  };
  return { user: decode(text.slice(0, at)), password: decode(text.slice(at + 1)) };
}
