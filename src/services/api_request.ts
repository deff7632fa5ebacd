/**
 * Builds the request for `pingone api` / `pingfederate api` from the user's flags:
 * method, URI relative to the service base, repeatable headers, body.
 */
import { PingcliError } from "../errors.ts";
import type { HttpRequest } from "../http/client.ts";

const API_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

export interface ApiFlags {
  method?: string;
  header?: string[];
  data?: string;
  dataRaw?: string;
}

/**
 * Resolves `uri` against `base`. The result, after URL normalisation (`..`, `%2e%2e`), must stay
 * under the base: the token is for this API, never for another host or path.
 */
export function apiUrl(base: string, uri: string, example = "environments"): string {
  const trimmed = uri.trim();
  if (trimmed === "") {
    throw new PingcliError("USAGE_ERROR", "API_URI is empty", {
      hint: `Give a path relative to ${base}, e.g. '${example}'.`,
    });
  }
  const root = new URL(base);
  const prefix = root.pathname.replace(/\/+$/, "");
  let candidate: string;
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed)) {
    candidate = trimmed;
  } else if (trimmed === prefix || trimmed.startsWith(prefix + "/")) {
    candidate = root.origin + trimmed; // the full path, as copied from API docs
  } else {
    let path = trimmed.replace(/^\/+/, "");
    if (base.endsWith("/v1")) path = path.replace(/^v1(\/|$)/, ""); // "v1/environments" works too
    candidate = `${base}/${path}`;
  }
  const url = URL.parse(candidate);
  if (!url) {
    throw new PingcliError("USAGE_ERROR", `'${uri}' does not make a valid URL under ${base}`, {
      hint: `Give a path relative to ${base}, e.g. '${example}'.`,
    });
  }
  const inside = url.origin === root.origin &&
    (url.pathname === prefix || url.pathname.startsWith(prefix + "/"));
  if (!inside) {
    const where = url.origin === root.origin ? url.pathname : url.host;
    throw new PingcliError(
      "USAGE_ERROR",
      `refusing to send credentials to ${where}: the URL is outside ${base}`,
      { hint: `Give a path relative to ${base}, e.g. '${example}'.` },
    );
  }
  return url.href;
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
    const value = line.slice(i + 1).trim();
    if (/[\r\n\0]/.test(value)) {
      throw new PingcliError("USAGE_ERROR", `the value of header '${name}' contains a line break`, {
        hint: "Give each header with its own -r 'Name: value'.",
      });
    }
    headers[name] = value;
  }
  return headers;
}

/** The request, reading the body from a file or stdin when `--data` is given. */
export async function buildApiRequest(
  base: string,
  uri: string,
  flags: ApiFlags,
  readStdin: () => Promise<string>,
  example?: string,
): Promise<HttpRequest> {
  const url = apiUrl(base, uri, example); // checked first: nothing is read for a bad URI
  const method = (flags.method ?? "GET").toUpperCase();
  if (!(API_METHODS as readonly string[]).includes(method)) {
    throw new PingcliError("USAGE_ERROR", `unsupported HTTP method '${flags.method}'`, {
      hint: `Allowed: ${API_METHODS.join(", ")}.`,
    });
  }
  if (flags.data !== undefined && flags.dataRaw !== undefined) {
    throw new PingcliError("USAGE_ERROR", "--data and --data-raw cannot be used together");
  }
  if ((flags.data !== undefined || flags.dataRaw !== undefined) && method === "GET") {
    throw new PingcliError("USAGE_ERROR", "a GET request cannot carry a body", {
      hint: "Add -m POST, PUT or PATCH, or drop --data/--data-raw.",
    });
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
  return { method, url, headers, body };
}

/**
 * What a response body becomes in machine output: parsed JSON (when the service says JSON and
 * it parses), text, or base64 with its content type for binary bodies, which text would mangle.
 */
export function responseData(
  body: Uint8Array,
  contentType: string,
): { json: unknown; data: unknown } {
  if (body.length === 0) return { json: undefined, data: null };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    let binary = "";
    for (const byte of body) binary += String.fromCharCode(byte);
    return { json: undefined, data: { contentType, encoding: "base64", body: btoa(binary) } };
  }
  if (/json/i.test(contentType) && text.trim() !== "") {
    try {
      const json = JSON.parse(text);
      return { json, data: json };
    } catch {
      // A service that says JSON but sends something else: pass the text on.
    }
  }
  return { json: undefined, data: text };
}
