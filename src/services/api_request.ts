/**
 * Builds the request for `pingone api` / `pingfederate api` from the user's flags:
 * method, URI relative to the service base, repeatable headers, body.
 */
import { PingcliError } from "../errors.ts";
import type { HttpRequest } from "../http/client.ts";

export const API_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

export interface ApiFlags {
  method?: string;
  header?: string[];
  data?: string;
  dataRaw?: string;
}

/** Resolves `uri` against `base`; absolute URLs must stay under the base (never leak a token). */
export function apiUrl(base: string, uri: string): string {
  const trimmed = uri.trim();
  if (/^https?:\/\//i.test(trimmed)) {
    if (!trimmed.startsWith(base + "/") && trimmed !== base) {
      const host = URL.parse(trimmed)?.host || trimmed;
      throw new PingcliError(
        "USAGE_ERROR",
        `refusing to send credentials to ${host}: the URL is outside ${base}`,
        {
          hint: "Give a path relative to the service base, e.g. 'environments'.",
        },
      );
    }
    return trimmed;
  }
  let path = trimmed.replace(/^\/+/, "");
  if (base.endsWith("/v1")) path = path.replace(/^v1\//, ""); // "v1/environments" works too
  const url = path ? `${base}/${path}` : base;
  if (!URL.canParse(url)) {
    throw new PingcliError("USAGE_ERROR", `'${uri}' does not make a valid URL under ${base}`);
  }
  return url;
}

/** Parses `Name: value` headers; values may contain commas and colons. */
export function parseHeaders(lines: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(":");
    const name = i > 0 ? line.slice(0, i).trim() : "";
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new PingcliError("USAGE_ERROR", `invalid header '${line}'`, {
        hint: "Use -r 'Name: value'.",
      });
    }
    if (name.toLowerCase() === "authorization") {
      throw new PingcliError(
        "USAGE_ERROR",
        "the Authorization header cannot be set with -r/--header",
        {
          hint: "pingcli adds the Authorization header from the configured credentials.",
        },
      );
    }
    headers[name] = line.slice(i + 1).trim();
  }
  return headers;
}

/** The request, reading the body from a file or stdin when `--data` is given. */
export async function buildApiRequest(
  base: string,
  uri: string,
  flags: ApiFlags,
  readStdin: () => Promise<string>,
): Promise<HttpRequest> {
  const method = (flags.method ?? "GET").toUpperCase();
  if (!(API_METHODS as readonly string[]).includes(method)) {
    throw new PingcliError("USAGE_ERROR", `unsupported HTTP method '${flags.method}'`, {
      hint: `Allowed: ${API_METHODS.join(", ")}.`,
    });
  }
  if (flags.data !== undefined && flags.dataRaw !== undefined) {
    throw new PingcliError("USAGE_ERROR", "--data and --data-raw cannot be used together");
  }
  const headers = parseHeaders(flags.header ?? []);
  let body: string | Uint8Array | undefined = flags.dataRaw;
  if (flags.data !== undefined) {
    if (flags.data === "-") body = await readStdin();
    else {
      try {
        body = await Deno.readFile(flags.data); // bytes as they are: bodies need not be text
      } catch (error) {
        throw new PingcliError(
          "FILE_ERROR",
          `cannot read --data file ${flags.data}: ${(error as Error).message}`,
        );
      }
    }
  }
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
    headers["Content-Type"] = "application/json";
  }
  return { method, url: apiUrl(base, uri), headers, body };
}
