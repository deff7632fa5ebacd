/**
 * Typed parsing, validation and display of setting values. Every source (flag, env, file,
 * `config set`) goes through `parseValue`, so a value is valid the same way wherever it came
 * from (the Go CLI did not validate env values: pingcli-go-anchor.md §10.3).
 */
import { PingcliError } from "../errors.ts";
import type { KeyDef, SettingValue } from "./registry.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TRUE = new Set(["true", "1", "yes"]);
const FALSE = new Set(["false", "0", "no"]);

/** Whether an environment value reads as true (`true`, `1`, `yes`, any case), as every bool does. */
export function isTrue(text: string | undefined): boolean {
  return text !== undefined && TRUE.has(text.trim().toLowerCase());
}
const HOST_PORT =
  /^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(:\d{1,5})?$/i;
const DURATION_PART = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
/**
 * The longest timer a JavaScript runtime can hold (2^31-1 ms, just over 596h); a longer delay
 * fires at once (Node's TimeoutOverflowWarning), so a timeout beyond it would expire at once.
 */
const MAX_DURATION_MS = 2 ** 31 - 1;

/** The mask shown for a non-empty secret, whatever its length (Go CLI behaviour). */
export const MASK = "********";

function invalid(def: KeyDef, source: string, problem: string, allowed?: string): PingcliError {
  return new PingcliError(
    "CONFIG_INVALID",
    `invalid value for ${def.key} from ${source}: ${problem}`,
    { hint: allowed ? `Allowed: ${allowed}` : undefined },
  );
}

/** Parses and validates a raw value (a string from a flag or env, or a YAML value). */
export function parseValue(def: KeyDef, raw: unknown, source: string): SettingValue {
  const text = typeof raw === "string" ? raw.trim() : raw;
  if (def.type === "stringArray") {
    const items = Array.isArray(text) ? text.map((v) => String(v)) : String(text ?? "").split(",");
    return items.map((s) => s.trim()).filter((s) => s !== "");
  }
  if (typeof text === "object" && text !== null) {
    throw invalid(def, source, "expected a single value, found a list or mapping");
  }
  switch (def.type) {
    case "bool": {
      if (typeof text === "boolean") return text;
      const s = String(text).toLowerCase();
      if (TRUE.has(s)) return true;
      if (FALSE.has(s)) return false;
      throw invalid(def, source, `'${text}' is not a boolean`, "true, false, 1, 0, yes, no");
    }
    case "int": {
      const isPort = def.key.endsWith(".port");
      const n = typeof text === "number" ? text : Number(String(text));
      if (!Number.isInteger(n) || String(text).trim() === "") {
        throw invalid(
          def,
          source,
          `'${text}' is not a whole number`,
          isPort ? "a port number, 1-65535" : "a whole number",
        );
      }
      if (isPort && (n < 1 || n > 65535)) {
        throw invalid(def, source, `${n} is not a port`, "a port number, 1-65535");
      }
      if (n < 1) throw invalid(def, source, `${n} is not positive`, "a whole number of 1 or more");
      return n;
    }
    default:
      break;
  }
  const s = String(text ?? "");
  switch (def.type) {
    case "enum": {
      const values = def.values ?? [];
      const alias = Object.entries(def.valueAliases ?? {}).find(([old]) =>
        old.toLowerCase() === s.toLowerCase()
      );
      if (alias) return alias[1];
      const match = values.find((v) => v.toLowerCase() === s.toLowerCase());
      if (!match) throw invalid(def, source, `'${s}' is not allowed`, values.join(", "));
      return match;
    }
    case "uuid":
      if (!UUID.test(s)) {
        throw invalid(
          def,
          source,
          `'${s}' is not a valid UUID`,
          "a UUID such as 00000000-0000-0000-0000-000000000000",
        );
      }
      return s;
    case "url": {
      let url: URL;
      try {
        url = new URL(s);
      } catch {
        throw invalid(def, source, `'${s}' is not a valid URL`, "an absolute https:// URL");
      }
      if (url.protocol !== "https:" && url.protocol !== "http:") {
        throw invalid(def, source, `'${s}' is not an http(s) URL`, "an absolute https:// URL");
      }
      return s;
    }
    case "hostPort": {
      const host = s.replace(/^https:\/\//i, "").replace(/\/+$/, "");
      if (!HOST_PORT.test(host)) {
        throw invalid(
          def,
          source,
          `'${s}' is not a host name`,
          "a host with an optional port, e.g. auth.example.com or localhost:8443",
        );
      }
      return host;
    }
    case "duration": {
      const ms = parseDuration(
        s,
        () => invalid(def, source, `'${s}' is not a duration`, "e.g. 500ms, 10s, 1m30s"),
      );
      // A zero timeout or interval would make every call fail (or spin): never meaningful.
      if (ms <= 0) {
        throw invalid(
          def,
          source,
          `'${s}' is not longer than zero`,
          "a duration longer than zero, e.g. 500ms, 10s, 1m30s",
        );
      }
      if (ms > MAX_DURATION_MS) {
        throw invalid(
          def,
          source,
          `'${s}' is longer than 596h`,
          "a duration longer than zero and at most 596h, e.g. 500ms, 10s, 1m30s",
        );
      }
      return s;
    }
    default:
      return s;
  }
}

/** Go-style durations (`1m30s`, `500ms`, `10s`) or a bare number of seconds, to milliseconds. */
export function parseDuration(
  text: string,
  fail: () => Error = () => new Error(`bad duration ${text}`),
): number {
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1000;
  let total = 0;
  let consumed = "";
  for (const m of s.matchAll(DURATION_PART)) {
    const n = Number(m[1]);
    total += n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as "ms" | "s" | "m" | "h"];
    consumed += m[0];
  }
  if (consumed !== s || s === "") throw fail();
  return total;
}

/** Renders a value for display, masking secrets unless `unmask`. */
export function displayValue(
  def: KeyDef,
  value: SettingValue | undefined,
  unmask: boolean,
): string {
  if (value === undefined) return "";
  const text = Array.isArray(value) ? value.join(",") : String(value);
  if (def.secret && !unmask && text !== "") return MASK;
  return text;
}

/** The value as it goes into JSON output: masked string for secrets, typed otherwise. */
export function jsonValue(
  def: KeyDef,
  value: SettingValue | undefined,
  unmask: boolean,
): SettingValue | null {
  if (value === undefined) return null;
  if (def.secret && !unmask) return displayValue(def, value, false);
  return value;
}
