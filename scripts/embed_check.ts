/**
 * Embed check (DESIGN §8, ecosystem.md §4.2 option 2): a host-target dry run of the release
 * `deno compile` with DENORT_BIN set to the running deno, written to a temp dir and deleted (the
 * output starts the Deno REPL, never ship it). It fails when anything but our sources and the
 * expected npm packages is embedded, when the payload is over budget, or when the baked
 * permissions differ from deno.json's `pingcli` set. Then it reports the `--bundle --minify`
 * payload for comparison (informational only).
 *
 *   deno task embed-check [--no-bundle] [--budget-mib 1.5] [--deno PATH]
 */
import { compileArgs, EMBED_PACKAGES, trimExcludes } from "./compile.ts";
import { envNamesRead } from "../src/env_names.ts";

export const ALLOWED_PACKAGES = EMBED_PACKAGES;
/** Our own files: top-level names allowed in the virtual file system. */
export const ALLOWED_TOP = ["main.ts", "deno.json", "deno.lock", "src"];
export const NPM_DIR = ".deno_compile_node_modules";
export const DEFAULT_BUDGET_MIB = 1.5;

export interface Entry {
  path: string; // e.g. ".deno_compile_node_modules/localhost/yaml/2.9.1/*", "src/cli/*"
  size: string; // as printed, e.g. "675.49KB"
  leaf: boolean;
}

export interface Listing {
  entries: Entry[];
  filesBytes: number;
  metadataBytes: number;
  remoteBytes: number;
}

/** Bytes for deno's human sizes ("9.77KB" is 10,000 bytes: the units are powers of 1024). */
export function parseSize(text: string): number {
  const m = text.trim().match(/^([\d.]+)\s*(B|KB|MB|GB)$/);
  if (!m) throw new Error(`cannot parse size "${text}"`);
  const mult = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[m[2] as "B" | "KB" | "MB" | "GB"];
  return Math.round(Number(m[1]) * mult);
}

// deno-lint-ignore no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/** Parses the "Embedded Files" tree that `deno compile` prints (with or without colours). */
export function parseListing(output: string): Listing {
  const lines = output.replace(ANSI, "").split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim() === "Embedded Files");
  if (start < 0) throw new Error('no "Embedded Files" listing in deno compile output');
  const entries: Entry[] = [];
  const stack: string[] = [];
  const totals = { Files: NaN, Metadata: NaN, "Remote modules": NaN };
  let rootSeen = false;
  for (const line of lines.slice(start + 1)) {
    if (!line.trim()) continue;
    const total = line.match(/^(Files|Metadata|Remote modules):\s*(\S+)\s*$/);
    if (total) {
      totals[total[1] as keyof typeof totals] = parseSize(total[2]!);
      continue;
    }
    const m = line.match(
      /^((?:│ | {2})*)([├└])─([┬─]) (.+?) \(([\d.]+\s*[KMG]?B)(?: - [^)]*)?\)\s*$/,
    );
    if (!m) {
      if (!rootSeen) { // the first line is the output file's name
        rootSeen = true;
        continue;
      }
      if (Object.values(totals).every((v) => !Number.isNaN(v))) break;
      throw new Error(`cannot parse listing line: ${JSON.stringify(line)}`);
    }
    rootSeen = true;
    const depth = m[1]!.length / 2;
    stack.length = depth;
    stack.push(m[4]!);
    entries.push({ path: stack.join("/"), size: m[5]!, leaf: m[3] === "─" });
  }
  if (Number.isNaN(totals.Files)) throw new Error('no "Files:" total in deno compile output');
  return {
    entries,
    filesBytes: totals.Files,
    metadataBytes: Number.isNaN(totals.Metadata) ? 0 : totals.Metadata,
    remoteBytes: Number.isNaN(totals["Remote modules"]) ? 0 : totals["Remote modules"],
  };
}

export function payloadBytes(l: Listing): number {
  return l.filesBytes + l.metadataBytes + l.remoteBytes;
}

/** The npm package an embedded path belongs to, "" when the path stops above the package. */
export function packageOf(path: string): string | undefined {
  const parts = path.split("/");
  if (parts[0] !== NPM_DIR) return undefined;
  const rest = parts.slice(2).filter((p) => p !== "*"); // parts[1] is the registry ("localhost")
  if (rest.length === 0) return "";
  if (rest[0]!.startsWith("@")) return rest.length >= 2 ? `${rest[0]}/${rest[1]}` : "";
  return rest[0]!;
}

/** Problems with the embedded file list (empty when it is fine). */
export function checkEntries(entries: Entry[], allowed = ALLOWED_PACKAGES): string[] {
  const problems: string[] = [];
  const allow = new Set(allowed);
  for (const { path, leaf } of entries) {
    const parts = path.split("/");
    const top = parts[0]!;
    if (parts.includes("node_modules")) {
      problems.push(`${path}: a node_modules directory is embedded (is there a package.json?)`);
    } else if (top === NPM_DIR) {
      const pkg = packageOf(path);
      if (pkg === "" && leaf) {
        problems.push(`${path}: cannot tell which npm packages this collapsed entry holds`);
      } else if (pkg && !allow.has(pkg)) {
        problems.push(`${path}: unexpected npm package ${pkg}`);
      }
    } else if (/^\.deno_compile_bundle_[0-9a-f]+\.mjs$/.test(top)) {
      // the single module written by --bundle
    } else if (!ALLOWED_TOP.includes(top.replace(/\/\*$/, ""))) {
      problems.push(`${path}: not one of our sources (${ALLOWED_TOP.join(", ")})`);
    }
  }
  return problems;
}

/** Reads the JSON metadata deno writes into a compiled binary (undefined if not found). */
export function readMetadata(binary: Uint8Array): Record<string, unknown> | undefined {
  const needle = new TextEncoder().encode('{"argv":');
  const at = indexOf(binary, needle);
  if (at < 0) return undefined;
  let depth = 0;
  let inString = false;
  for (let i = at; i < binary.length; i++) {
    const c = binary[i]!;
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b) depth++;
    else if (c === 0x7d && --depth === 0) {
      try {
        return JSON.parse(new TextDecoder().decode(binary.subarray(at, i + 1)));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = hay.indexOf(needle[0]!); i >= 0; i = hay.indexOf(needle[0]!, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Problems with the baked permissions (metadata.permissions of the dry-run binary). */
export function checkPermissions(meta: Record<string, unknown>, expectedRun: string[]): string[] {
  // deno-lint-ignore no-explicit-any
  const p = (meta as any).permissions ?? {};
  const problems: string[] = [];
  const all = (k: string) => Array.isArray(p[k]) && p[k].length === 0; // [] means "all"
  for (const k of ["allow_net", "allow_read", "allow_write"]) {
    if (!all(k)) problems.push(`${k} should be unrestricted, is ${JSON.stringify(p[k])}`);
  }
  for (const k of ["allow_ffi", "allow_sys"]) {
    if (p[k] !== null) problems.push(`${k} should not be granted, is ${JSON.stringify(p[k])}`);
  }
  const env = Array.isArray(p.allow_env) ? [...p.allow_env].sort() : p.allow_env;
  if (JSON.stringify(env) !== JSON.stringify([...envNamesRead()].sort())) {
    problems.push(
      "allow_env differs from envNamesRead(): run deno run -A scripts/permissions.ts --write",
    );
  }
  const run = Array.isArray(p.allow_run) ? [...p.allow_run].sort() : p.allow_run ?? null;
  // No helper programs configured means no run permission at all.
  const wanted = expectedRun.length ? [...expectedRun].sort() : null;
  if (JSON.stringify(run) !== JSON.stringify(wanted)) {
    problems.push(
      `allow_run should be ${expectedRun.join(",")}, is ${JSON.stringify(p.allow_run)}`,
    );
  }
  if (p.prompt !== false) problems.push("prompt should be false (compile with --no-prompt)");
  return problems;
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MiB` : `${(n / 1024).toFixed(1)} KiB`;
}

export interface DryRun {
  ok: boolean;
  output: string;
  binary?: Uint8Array;
}

/** Runs `deno compile` for the host with DENORT_BIN = the full deno binary, into a temp dir. */
export async function dryRun(deno: string, extra: string[] = []): Promise<DryRun> {
  const dir = await Deno.makeTempDir({ prefix: "pingcli-embed-check-" });
  try {
    const out = `${dir}/pingcli-dry-run${Deno.build.os === "windows" ? ".exe" : ""}`;
    const npmCache = JSON.parse(
      new TextDecoder().decode(
        (await new Deno.Command(deno, { args: ["info", "--json"], stderr: "inherit" }).output())
          .stdout,
      ),
    ).npmCache;
    const excludes = await trimExcludes(npmCache);
    // The release arguments, minus -q (it hides the listing) and --target (host only), plus
    // --no-check (type checking is CI's `deno check` step; it does not change what is embedded).
    const args = compileArgs(Deno.build.target as never, out, excludes).filter((a) => a !== "-q");
    args.splice(1, 0, "--no-check");
    const t = args.indexOf("--target");
    args.splice(t, 2);
    args.splice(args.length - 1, 0, ...extra);
    const result = await new Deno.Command(deno, {
      args,
      cwd: new URL("..", import.meta.url),
      env: {
        DENORT_BIN: deno,
        DENO_NO_PACKAGE_JSON: "1",
        DENO_NO_UPDATE_CHECK: "1",
        NO_COLOR: "1",
      },
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(300_000),
    }).output();
    const text = new TextDecoder().decode(result.stdout) + new TextDecoder().decode(result.stderr);
    if (!result.success) return { ok: false, output: text };
    return { ok: true, output: text, binary: await Deno.readFile(out) };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function main(): Promise<number> {
  const args = [...Deno.args];
  let budgetMib = DEFAULT_BUDGET_MIB;
  let deno = Deno.execPath();
  let bundle = true;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--no-bundle") bundle = false;
    else if (a === "--budget-mib") budgetMib = Number(args[++i]);
    else if (a === "--deno") deno = args[++i]!;
    else {
      console.error(`embed-check: unknown argument ${a}`);
      return 2;
    }
  }
  const budget = Math.round(budgetMib * 1024 * 1024);

  const run = await dryRun(deno);
  if (!run.ok) {
    console.error("embed-check: FAILED: the dry-run deno compile failed:\n" + run.output);
    return 1;
  }
  const listing = parseListing(run.output);
  const total = payloadBytes(listing);
  console.log("Embedded (deno compile --exclude-unused-npm, host target, dry run):");
  for (const e of listing.entries.filter((e) => e.leaf)) console.log(`  ${e.path} (${e.size})`);
  console.log(
    `payload: ${formatBytes(total)} (files ${formatBytes(listing.filesBytes)}, metadata ` +
      `${formatBytes(listing.metadataBytes)}, remote modules ${listing.remoteBytes} B); ` +
      `budget ${formatBytes(budget)}`,
  );
  const problems = checkEntries(listing.entries);
  if (total > budget) {
    problems.push(`payload ${formatBytes(total)} is over the ${formatBytes(budget)} budget`);
  }
  const meta = run.binary ? readMetadata(run.binary) : undefined;
  if (meta) {
    const denoJson = JSON.parse(await Deno.readTextFile(new URL("../deno.json", import.meta.url)));
    const configuredRun = denoJson.permissions?.pingcli?.run;
    const expectedRun: string[] = Array.isArray(configuredRun) ? configuredRun : [];
    problems.push(...checkPermissions(meta, expectedRun).map((p) => `baked permissions: ${p}`));
    console.log("baked permissions: checked against deno.json and envNamesRead()");
  } else {
    console.log("baked permissions: metadata not found in the dry-run binary (not checked)");
  }

  if (bundle) {
    const b = await dryRun(deno, ["--bundle", "--minify"]);
    if (!b.ok) {
      const err = b.output.split("\n").find((l) => l.startsWith("error")) ?? b.output.trim();
      console.log(`--bundle --minify: dry run failed (informational only): ${err}`);
    } else {
      const bl = parseListing(b.output);
      console.log(
        `--bundle --minify payload: ${formatBytes(payloadBytes(bl))} (${
          bl.entries.filter((e) => e.leaf).map((e) => `${e.path} ${e.size}`).join(", ")
        }) (informational only)`,
      );
      for (const p of checkEntries(bl.entries)) console.log(`  --bundle note: ${p}`);
    }
  }

  if (problems.length) {
    for (const p of problems) console.error(`embed-check: FAILED: ${p}`);
    return 1;
  }
  console.log("embed-check: OK");
  return 0;
}

if (import.meta.main) Deno.exit(await main());
