/**
 * Keeps the `--allow-env` list of the `pingcli` permission set in deno.json equal to
 * `envNamesRead()` (src/env_names.ts), the exact list of variables main.ts reads.
 *
 *   deno run -A scripts/permissions.ts           print the list deno.json should have
 *   deno run -A scripts/permissions.ts --check   exit 1 when deno.json differs
 *   deno run -A scripts/permissions.ts --write   rewrite that list in deno.json in place
 *
 * Only the `env` array is generated; net/read/write/run are written by hand in deno.json (the one
 * place the permission set is defined). `--write` edits the array text in place so the rest of
 * the file keeps its formatting.
 */
import { envNamesRead } from "../src/env_names.ts";

export const PERMISSION_SET = "pingcli";
export const DENO_JSON = new URL("../deno.json", import.meta.url);

export interface EnvDiff {
  missing: string[]; // read by main.ts but not allowed in deno.json
  extra: string[]; // allowed in deno.json but never read
  orderDiffers: boolean;
}

/** The `env` list of the pingcli permission set, or undefined when there is none. */
export function configuredEnv(denoJson: unknown): string[] | undefined {
  // deno-lint-ignore no-explicit-any
  const env = (denoJson as any)?.permissions?.[PERMISSION_SET]?.env;
  return Array.isArray(env) ? env.map(String) : undefined;
}

export function diffEnv(configured: readonly string[], wanted: readonly string[]): EnvDiff {
  const have = new Set(configured);
  const want = new Set(wanted);
  return {
    missing: wanted.filter((n) => !have.has(n)),
    extra: configured.filter((n) => !want.has(n)),
    orderDiffers: configured.join("\n") !== wanted.join("\n"),
  };
}

/** Finds the `[`…`]` span of permissions.pingcli.env in the raw deno.json text. */
function envArraySpan(text: string): { start: number; end: number; indent: string } | undefined {
  const perms = text.indexOf('"permissions"');
  if (perms < 0) return undefined;
  const set = text.indexOf(`"${PERMISSION_SET}"`, perms);
  if (set < 0) return undefined;
  const envKey = text.indexOf('"env"', set);
  if (envKey < 0) return undefined;
  const start = text.indexOf("[", envKey);
  if (start < 0) return undefined;
  const end = text.indexOf("]", start); // env names contain no brackets
  if (end < 0) return undefined;
  const lineStart = text.lastIndexOf("\n", envKey) + 1;
  const indent = text.slice(lineStart, envKey).match(/^\s*/)?.[0] ?? "";
  return { start, end: end + 1, indent };
}

/** deno.json text with the env list replaced by `names` (deno fmt's layout: one per line). */
export function rewriteEnv(text: string, names: readonly string[]): string {
  const span = envArraySpan(text);
  if (!span) {
    throw new Error(
      `deno.json has no "permissions": { "${PERMISSION_SET}": { "env": [...] } } block to update`,
    );
  }
  const inner = span.indent + "  ";
  const array = names.length === 0
    ? "[]"
    : `[\n${names.map((n) => inner + JSON.stringify(n)).join(",\n")}\n${span.indent}]`;
  const out = text.slice(0, span.start) + array + text.slice(span.end);
  const check = configuredEnv(JSON.parse(out));
  if (!check || check.join("\n") !== names.join("\n")) {
    throw new Error("internal error: rewritten deno.json does not hold the expected env list");
  }
  return out;
}

if (import.meta.main) {
  const args = new Set(Deno.args);
  const wanted = envNamesRead();
  if (args.has("--write")) {
    const text = await Deno.readTextFile(DENO_JSON);
    const before = configuredEnv(JSON.parse(text)) ?? [];
    const out = rewriteEnv(text, wanted);
    if (out === text) {
      console.log(`deno.json: permissions.${PERMISSION_SET}.env already up to date`);
    } else {
      await Deno.writeTextFile(DENO_JSON, out);
      const d = diffEnv(before, wanted);
      console.log(
        `deno.json: permissions.${PERMISSION_SET}.env updated (${wanted.length} names; ` +
          `+${d.missing.length} -${d.extra.length})`,
      );
    }
  } else if (args.has("--check")) {
    const configured = configuredEnv(JSON.parse(await Deno.readTextFile(DENO_JSON))) ?? [];
    const d = diffEnv(configured, wanted);
    if (d.missing.length || d.extra.length || d.orderDiffers) {
      console.error(
        `deno.json permissions.${PERMISSION_SET}.env differs from envNamesRead(): ` +
          `missing [${d.missing.join(", ")}], extra [${d.extra.join(", ")}]` +
          (d.orderDiffers && !d.missing.length && !d.extra.length ? " (order only)" : "") +
          "\nrun: deno run -A scripts/permissions.ts --write",
      );
      Deno.exit(1);
    }
    console.log(`deno.json permissions.${PERMISSION_SET}.env matches (${wanted.length} names)`);
  } else {
    console.log(JSON.stringify(wanted, null, 2));
  }
}
