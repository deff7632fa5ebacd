/**
 * Finding keys in the registry: by any name or casing, by prefix, the nearest one to a typo
 * (and the 1.0 successor of a pre-1.0 key), and the environment variables that set each.
 */
import { type KeyDef, KEYS } from "./registry.ts";

/** `PINGCLI_` + the key's segments in upper case joined by `_` (Ping CLI 1.1 rule). */
export function genericEnvName(key: string): string {
  return "PINGCLI_" + key.split(".").map((s) => s.toUpperCase()).join("_");
}

/** Every env var that sets a key, in precedence order: documented names, then the generic one. */
export function envNamesFor(def: KeyDef): string[] {
  const names = [...(def.env ?? [])];
  if (!def.topLevel) {
    for (const name of [def.key, ...(def.aliases ?? [])].map(genericEnvName)) {
      if (!names.includes(name)) names.push(name);
    }
  }
  return names;
}

const BY_LOWER = new Map<string, KeyDef>();
for (const def of KEYS) {
  for (const name of [def.key, ...(def.aliases ?? [])]) BY_LOWER.set(name.toLowerCase(), def);
}

/** Looks a key up by any of its names, case-insensitively. */
export function findKey(name: string): KeyDef | undefined {
  return BY_LOWER.get(name.trim().toLowerCase());
}

/** Keys whose canonical name equals or starts with `prefix.` (case-insensitive). */
export function keysWithPrefix(prefix: string): KeyDef[] {
  const p = prefix.toLowerCase().replace(/\.$/, "");
  // "pingone" and "pingfederate" are accepted as shorthands for their service subtree.
  const expanded = p === "pingone" || p === "pingfederate" ? `service.${p}` : p;
  return KEYS.filter((def) => {
    const k = def.key.toLowerCase();
    return k === expanded || k.startsWith(expanded + ".");
  });
}

/**
 * The closest valid key name to `name`, for "did you mean" hints: the nearest key or key prefix
 * by edit distance (so a mistyped parent such as `service.pingOne.endpiont` suggests
 * `service.pingOne.endpoint`, not a sibling key), else the only key whose trailing segments are
 * `name` (so `environmentID` suggests `service.pingOne.endpoint.environmentID`).
 */
export function suggestKey(name: string): string | undefined {
  const target = name.trim().toLowerCase();
  const legacy = legacyKey(target);
  if (legacy) return legacy;
  const depth = target.split(".").length;
  // A prefix is a candidate only at the same depth: `a.b.typo` may mean the parent `a.b.c`,
  // but `a.b.c.typo` means a key under it, not the parent itself.
  // Naming a parent exactly where a key is needed: repeating it back would not help.
  const parents = keyPrefixes().filter((p) =>
    p.split(".").length === depth && p.toLowerCase() !== target
  );
  let best: { key: string; score: number } | undefined;
  // Keys first: on a tie a whole key is the more useful answer than a prefix.
  for (const candidate of [...KEYS.map((def) => def.key), ...parents]) {
    const score = editDistance(target, candidate.toLowerCase());
    if (!best || score < best.score) best = { key: candidate, score };
  }
  if (best && best.score <= Math.max(3, Math.floor(target.length / 3))) return best.key;
  const bySuffix = KEYS.filter((def) => def.key.toLowerCase().endsWith("." + target));
  return bySuffix.length === 1 ? bySuffix[0]!.key : undefined;
}

/**
 * Pre-1.0 keys (Go CLI 0.x files) and the 1.0 key that replaced each (reference §3.5), so an
 * old file's error points at the right key rather than the nearest spelling.
 */
const LEGACY_KEYS: Record<string, string> = {
  "service.pingone.authentication.worker.clientid":
    "service.pingOne.authentication.clientCredentials.clientID",
  "service.pingone.authentication.worker.clientsecret":
    "service.pingOne.authentication.clientCredentials.clientSecret",
  "service.pingone.authentication.worker.environmentid": "service.pingOne.endpoint.environmentID",
  "color": "noColor",
};

/**
 * Pre-1.0 parents whose keys moved as a group: the Go CLI's worker app settings are 1.0's
 * client credentials, so `worker` and any key under it point there.
 */
const LEGACY_PARENTS: Record<string, string> = {
  "service.pingone.authentication.worker": "service.pingOne.authentication.clientCredentials",
};

/** The 1.0 key or parent that replaced a pre-1.0 one (lower-case `target`), if any. */
function legacyKey(target: string): string | undefined {
  if (LEGACY_KEYS[target]) return LEGACY_KEYS[target];
  for (const [old, replacement] of Object.entries(LEGACY_PARENTS)) {
    if (target === old) return replacement;
    if (!target.startsWith(old + ".")) continue;
    // A key under the old parent: the same key under the new one, else the new parent.
    return findKey(replacement + target.slice(old.length))?.key ?? replacement;
  }
  return undefined;
}

let prefixes: string[] | undefined;

/** Every parent path of a key (`service`, `service.pingOne`, …), once each. */
function keyPrefixes(): string[] {
  if (prefixes) return prefixes;
  const seen = new Set<string>();
  for (const def of KEYS) {
    const segments = def.key.split(".");
    for (let i = 1; i < segments.length; i++) seen.add(segments.slice(0, i).join("."));
  }
  return prefixes = [...seen];
}

/** Levenshtein distance; small inputs only (key names, command names). */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = current;
    }
  }
  return row[b.length]!;
}

/** Every environment variable name pingcli may read for configuration. */
export function allConfigEnvNames(): string[] {
  return [...new Set(KEYS.flatMap(envNamesFor))].sort();
}
