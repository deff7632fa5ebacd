/**
 * Builds the standalone pingcli binaries with `deno compile` (DESIGN §8, ecosystem.md §4).
 *
 *   deno task compile                                  all six targets into dist/
 *   deno task compile --target x86_64-unknown-linux-gnu [--target …]   a subset
 *   deno task compile --sums-only                      only (re)write dist/SHA256SUMS
 *
 * Options: --out-dir DIR (default dist), --timeout SECONDS (per target, default 300),
 *          --deno PATH (the deno used to compile; default the one running this script),
 *          --no-check (skip deno compile's type check; for experiments, never for releases).
 *
 * Every target needs Deno's `denort` base binary for the same Deno version. Where it comes from,
 * first match wins:
 *   1. DENORT_BIN_<TARGET> (target upper-cased, `-` → `_`), e.g. DENORT_BIN_X86_64_APPLE_DARWIN;
 *   2. DENORT_BIN, honoured only when exactly one target is built (deno applies it to any target);
 *   3. a pre-seeded $DENO_DIR/dl/release/v<deno version>/denort-<target>.zip;
 *   4. a download from dl.deno.land by deno itself, bounded by --timeout. When that host is
 *      unreachable, every target that needs it gets one line saying so and the exit code is 1.
 *
 * Files of the embedded npm packages that never run (READMEs, .d.ts, source maps, yaml's browser
 * build) are left out with --exclude; see isTrimmed().
 *
 * Reproducible output (docs/releasing.md): with SOURCE_DATE_EPOCH set, the npm cache is filled
 * first (`deno install --frozen --entrypoint main.ts`), then the mtimes of the embedded sources
 * and of every file in the npm cache are set to that epoch, because each embedded file records
 * its mtime. Use a fixed DENO_DIR path too: the cache path leaks into the embedded data.
 */
import { VERSION } from "../src/version.ts";

export const TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-apple-darwin",
  "aarch64-apple-darwin",
  "x86_64-pc-windows-msvc",
  "aarch64-pc-windows-msvc",
] as const;
export type Target = typeof TARGETS[number];

const ROOT = new URL("..", import.meta.url);
const rootPath = (rel = "") =>
  decodeURIComponent(new URL(rel, ROOT).pathname).replace(
    /^\/([A-Za-z]:)/,
    "$1",
  );

/** Files that become part of the binary's virtual file system (besides npm packages). */
export const SOURCE_ROOTS = ["main.ts", "deno.json", "deno.lock", "src"];

export function isTarget(t: string): t is Target {
  return (TARGETS as readonly string[]).includes(t);
}

export function outputName(version: string, target: Target): string {
  return `pingcli-${version}-${target}${target.includes("windows") ? ".exe" : ""}`;
}

export function denortEnvName(target: Target): string {
  return `DENORT_BIN_${target.toUpperCase().replaceAll("-", "_")}`;
}

/** The npm packages the binary may embed: main.ts's npm imports and their dependencies. */
export const EMBED_PACKAGES = [
  "commander",
  "oauth4webapi",
  "yaml",
];

/**
 * Files of the embedded npm packages that are never loaded at run time, left out of the binary
 * with `--exclude` (about 0.5 MiB): READMEs, type declarations, source maps, and yaml's browser
 * build (Deno resolves yaml through its "node" export condition to dist/). LICENSE files stay.
 */
export function isTrimmed(pkg: string, relPath: string): boolean {
  const base = relPath.slice(relPath.lastIndexOf("/") + 1);
  if (pkg === "yaml" && (relPath === "browser" || relPath.startsWith("browser/"))) return true;
  return /^(readme|changelog|history)(\.|$)/i.test(base) || /\.d\.[mc]?ts$/.test(base) ||
    /\.map$/.test(base);
}

/** name@version of every npm package in deno.lock ("a@1.0.0_peer@2" → a, 1.0.0). */
export function lockedPackages(lock: unknown): { name: string; version: string }[] {
  // deno-lint-ignore no-explicit-any
  const npm = (lock as any)?.npm ?? {};
  return Object.keys(npm).map((key) => {
    const at = key.indexOf("@", 1);
    return { name: key.slice(0, at), version: key.slice(at + 1).split("_")[0]! };
  });
}

/** `--exclude` paths (absolute, in the npm cache) for the trimmed files of EMBED_PACKAGES. */
export async function trimExcludes(npmCache: string): Promise<string[]> {
  const lock = JSON.parse(await Deno.readTextFile(rootPath("deno.lock")));
  const out: string[] = [];
  const registries: string[] = [];
  try {
    for await (const e of Deno.readDir(npmCache)) if (e.isDirectory) registries.push(e.name);
  } catch {
    return out; // empty cache: nothing to trim (deno compile fills it)
  }
  for (const { name, version } of lockedPackages(lock)) {
    if (!EMBED_PACKAGES.includes(name)) continue;
    for (const reg of registries.sort()) {
      const dir = joinPath(npmCache, reg, ...name.split("/"), version);
      const walk = async (rel: string): Promise<void> => {
        let entries: Deno.DirEntry[];
        try {
          entries = await Array.fromAsync(Deno.readDir(rel ? joinPath(dir, rel) : dir));
        } catch {
          return;
        }
        for (const e of entries.sort((a, b) => a.name < b.name ? -1 : 1)) {
          const r = rel ? `${rel}/${e.name}` : e.name;
          if (isTrimmed(name, r)) out.push(joinPath(dir, ...r.split("/")));
          else if (e.isDirectory) await walk(r);
        }
      };
      await walk("");
    }
  }
  return out;
}

/** The `deno compile` argument list for one target (the same one the release workflow uses). */
export function compileArgs(target: Target, output: string, excludes: string[] = []): string[] {
  return [
    "compile",
    "-q", // bakes log level "error": no Deno info lines (e.g. unresolved --allow-run names)
    "-P=pingcli",
    "--frozen",
    "--exclude-unused-npm",
    "--no-prompt",
    "--app-name",
    "pingcli",
    ...excludes.flatMap((p) => ["--exclude", p]),
    "--target",
    target,
    "-o",
    output,
    "main.ts",
  ];
}

export type BaseSource =
  | { kind: "env"; name: string; path: string }
  | { kind: "cache"; path: string }
  | { kind: "download"; url: string; cachePath: string };

export function baseBinarySource(
  target: Target,
  env: Record<string, string | undefined>,
  targetCount: number,
  denoDir: string,
  denoVersion: string,
): BaseSource {
  const perTarget = denortEnvName(target);
  if (env[perTarget]) return { kind: "env", name: perTarget, path: env[perTarget]! };
  if (env.DENORT_BIN && targetCount === 1) {
    return { kind: "env", name: "DENORT_BIN", path: env.DENORT_BIN };
  }
  const cachePath = joinPath(denoDir, "dl", "release", `v${denoVersion}`, `denort-${target}.zip`);
  if (existsSync(cachePath)) return { kind: "cache", path: cachePath };
  return {
    kind: "download",
    url: `https://dl.deno.land/release/v${denoVersion}/denort-${target}.zip`,
    cachePath,
  };
}

function joinPath(...parts: string[]): string {
  const sep = Deno.build.os === "windows" ? "\\" : "/";
  return parts.map((p, i) => (i === 0 ? p.replace(/[\\/]+$/, "") : p.replace(/^[\\/]+/, "")))
    .join(sep);
}

function absolute(path: string): string {
  return /^([A-Za-z]:)?[\\/]/.test(path) ? path : joinPath(Deno.cwd(), path);
}

function existsSync(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** `sha256sum` format: "<hex>  <name>\n" per file, sorted by name. */
export async function sha256Hex(path: string): Promise<string> {
  const data = await Deno.readFile(path);
  const digest = await crypto.subtle.digest("SHA-256", data);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export async function writeSums(outDir: string, version: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(outDir)) {
    if (e.isFile && TARGETS.some((t) => e.name === outputName(version, t))) names.push(e.name);
  }
  names.sort();
  const lines: string[] = [];
  for (const n of names) lines.push(`${await sha256Hex(joinPath(outDir, n))}  ${n}`);
  await Deno.writeTextFile(joinPath(outDir, "SHA256SUMS"), lines.map((l) => l + "\n").join(""));
  return lines;
}

/** Sets atime and mtime of `path` and everything below it to `epoch` (seconds). */
export async function normaliseMtimes(path: string, epoch: number): Promise<number> {
  let count = 0;
  let info: Deno.FileInfo;
  try {
    info = await Deno.lstat(path);
  } catch {
    return 0;
  }
  if (info.isSymlink) return 0;
  if (info.isDirectory) {
    for await (const e of Deno.readDir(path)) {
      count += await normaliseMtimes(joinPath(path, e.name), epoch);
    }
  }
  try {
    await Deno.utime(path, epoch, epoch);
    count++;
  } catch (e) {
    if (!info.isDirectory) throw e; // directory mtimes are not embedded; some OSes refuse them
  }
  return count;
}

interface DenoInfo {
  denoVersion: string;
  denoDir: string;
  npmCache: string;
}

async function denoInfo(deno: string, env: Record<string, string>): Promise<DenoInfo> {
  const out = await new Deno.Command(deno, {
    args: ["info", "--json"],
    env,
    clearEnv: true,
    stderr: "inherit",
  })
    .output();
  if (!out.success) throw new Error("`deno info --json` failed");
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

/** Why deno could not download a base binary ("dns error: …"), or undefined if unrelated. */
export function baseBinaryFailure(stderr: string): string | undefined {
  if (!/https:\/\/dl\.deno\.land\//.test(stderr)) return undefined;
  const cause = stderr.match(
    /(dns error|connection refused|connection reset|timed out|tls|certificate|status)[^\n]*/i,
  )?.[0];
  let text = (cause ?? "download failed").trim();
  const count = (c: string) => text.split(c).length - 1;
  while (text.endsWith(")") && count(")") > count("(")) text = text.slice(0, -1);
  return text;
}

function parseArgs(args: string[]) {
  const opts = {
    targets: [] as string[],
    outDir: "dist",
    timeout: 300,
    deno: Deno.execPath(),
    sumsOnly: false,
    noCheck: false,
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const [flag, inline] = a.includes("=")
      ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)]
      : [a, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--target":
        opts.targets.push(...value().split(",").map((s) => s.trim()).filter(Boolean));
        break;
      case "--out-dir":
        opts.outDir = value();
        break;
      case "--timeout":
        opts.timeout = Number(value());
        if (!(opts.timeout > 0)) throw new Error("--timeout must be a positive number of seconds");
        break;
      case "--deno":
        opts.deno = value();
        break;
      case "--sums-only":
        opts.sumsOnly = true;
        break;
      case "--no-check":
        opts.noCheck = true;
        break;
      case "-h":
      case "--help":
        console.log(
          "usage: deno task compile [--target T]... [--out-dir DIR] [--timeout S] [--no-check]\n" +
            "       deno task compile --sums-only [--out-dir DIR]\n" +
            `targets: ${TARGETS.join(", ")}`,
        );
        Deno.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${a}`);
    }
  }
  for (const t of opts.targets) {
    if (!isTarget(t)) throw new Error(`unknown target ${t} (one of: ${TARGETS.join(", ")})`);
  }
  return opts;
}

async function main(): Promise<number> {
  let opts;
  try {
    opts = parseArgs(Deno.args);
  } catch (e) {
    console.error(`compile: ${(e as Error).message}`);
    return 2;
  }
  const version = VERSION;
  const outDir = absolute(opts.outDir); // deno compile runs in the repo root
  await Deno.mkdir(outDir, { recursive: true });
  if (opts.sumsOnly) {
    const lines = await writeSums(outDir, version);
    console.log(`${outDir}/SHA256SUMS: ${lines.length} file(s)`);
    return lines.length > 0 ? 0 : 1;
  }
  const targets = (opts.targets.length ? [...new Set(opts.targets)] : [...TARGETS]) as Target[];

  const env: Record<string, string> = {
    ...Deno.env.toObject(),
    DENO_NO_PACKAGE_JSON: "1",
    DENO_NO_UPDATE_CHECK: "1",
    NO_COLOR: "1",
  };
  delete env.DENORT_BIN; // set again per target below
  const allEnv = Deno.env.toObject();
  const info = await denoInfo(opts.deno, env);

  if (allEnv.DENORT_BIN && targets.length > 1 && !targets.every((t) => allEnv[denortEnvName(t)])) {
    console.error(
      "compile: DENORT_BIN is used by deno for whatever target it builds, so it is honoured only " +
        "with a single --target; for several targets set DENORT_BIN_<TARGET> per target " +
        `(e.g. ${
          denortEnvName(targets[0]!)
        }) or pre-seed ${info.denoDir}/dl/release/v${info.denoVersion}/`,
    );
    return 2;
  }

  const epochText = allEnv.SOURCE_DATE_EPOCH;
  if (epochText) {
    const epoch = Number(epochText);
    if (!Number.isInteger(epoch) || epoch < 0) {
      console.error(`compile: SOURCE_DATE_EPOCH must be a non-negative integer, got ${epochText}`);
      return 2;
    }
    if (!allEnv.DENO_DIR) {
      console.error(
        "compile: warning: SOURCE_DATE_EPOCH is set but DENO_DIR is not; set DENO_DIR to a fixed " +
          "path for byte-identical builds (see docs/releasing.md)",
      );
    }
    const install = await new Deno.Command(opts.deno, {
      args: ["install", "-q", "--frozen", "--entrypoint", "main.ts"],
      cwd: rootPath(),
      env,
      clearEnv: true,
      stdout: "inherit",
      stderr: "inherit",
    }).output();
    if (!install.success) {
      console.error("compile: `deno install --frozen --entrypoint main.ts` failed");
      return 1;
    }
    let n = await normaliseMtimes(info.npmCache, epoch);
    for (const p of SOURCE_ROOTS) n += await normaliseMtimes(rootPath(p), epoch);
    console.log(`SOURCE_DATE_EPOCH=${epoch}: normalised mtimes of ${n} files and directories`);
  }

  const excludes = await trimExcludes(info.npmCache);
  const failures: string[] = [];
  let downloadFailed: string | undefined; // set once dl.deno.land has failed: don't retry per target
  for (const target of targets) {
    const output = joinPath(outDir, outputName(version, target));
    const source = baseBinarySource(target, allEnv, targets.length, info.denoDir, info.denoVersion);
    const fix = `set ${denortEnvName(target)}=/path/to/denort or pre-seed ${
      source.kind === "download" ? source.cachePath : "the DENO_DIR cache"
    }`;
    const fail = (why: string) => {
      const line = `${target}: FAILED: ${why}`;
      console.error(`compile: ${line}`);
      failures.push(line);
    };
    if (source.kind === "download" && downloadFailed) {
      fail(`cannot obtain the denort base binary ${source.url} (${downloadFailed}); ${fix}`);
      continue;
    }
    const childEnv = { ...env };
    if (source.kind === "env") childEnv.DENORT_BIN = source.path;
    const signal = AbortSignal.timeout(opts.timeout * 1000);
    let result: Deno.CommandOutput | undefined;
    try {
      result = await new Deno.Command(opts.deno, {
        args: opts.noCheck
          ? ["compile", "--no-check", ...compileArgs(target, output, excludes).slice(1)]
          : compileArgs(target, output, excludes),
        cwd: rootPath(),
        env: childEnv,
        clearEnv: true, // the env object is complete and leaves DENORT_BIN out when unused
        stdout: "piped",
        stderr: "piped",
        signal,
      }).output();
    } catch (e) {
      if (!signal.aborted) throw e;
    }
    if (result?.success && !signal.aborted) {
      const size = (await Deno.stat(output)).size;
      console.log(
        `${target}: ${output} (${(size / 1048576).toFixed(1)} MiB, base: ${describe(source)})`,
      );
      continue;
    }
    await removePartial(outDir, output); // never leave a partial binary behind
    const stderr = result ? new TextDecoder().decode(result.stderr) : "";
    const why = source.kind === "download" ? baseBinaryFailure(stderr) : undefined;
    if (signal.aborted) {
      if (source.kind === "download") {
        downloadFailed = `no answer within ${opts.timeout}s`;
        fail(`cannot obtain the denort base binary ${source.url} (${downloadFailed}); ${fix}`);
      } else {
        fail(`deno compile did not finish within ${opts.timeout}s`);
      }
    } else if (source.kind === "download" && why) {
      downloadFailed = why;
      fail(`cannot obtain the denort base binary ${source.url} (${why}); ${fix}`);
    } else {
      fail(`deno compile exited ${result?.code}: ${errorLine(stderr)} (base: ${describe(source)})`);
      if (allEnv.PINGCLI_COMPILE_VERBOSE) console.error(stderr);
    }
  }

  if (failures.length < targets.length) {
    const lines = await writeSums(outDir, version);
    console.log(`${outDir}/SHA256SUMS: ${lines.length} file(s)`);
  }
  if (failures.length) {
    console.error(`compile: ${failures.length} of ${targets.length} target(s) failed`);
    return 1;
  }
  return 0;
}

/** deno's `error: …` line plus its innermost "Caused by" entry, on one line. */
export function errorLine(stderr: string): string {
  const lines = stderr.split("\n").map((l) => l.trim()).filter(Boolean);
  const at = lines.findIndex((l) => l.startsWith("error:"));
  if (at < 0) return lines[0] ?? "(no output)";
  const head = lines[at]!.slice(6).trim();
  const causes: string[] = [];
  if (lines[at + 1] === "Caused by:") {
    for (const l of lines.slice(at + 2)) {
      const m = l.match(/^\d+: (.*)$/);
      if (!m || l === "Stack backtrace:") break;
      causes.push(m[1]!);
    }
  }
  return causes.length ? `${head}: ${causes[causes.length - 1]}` : head;
}

/** Removes `output` and the `<output>.tmp-*` file deno writes before renaming into place. */
async function removePartial(outDir: string, output: string): Promise<void> {
  const base = output.slice(Math.max(output.lastIndexOf("/"), output.lastIndexOf("\\")) + 1);
  for await (const e of Deno.readDir(outDir)) {
    if (e.name === base || e.name.startsWith(`${base}.tmp-`)) {
      await Deno.remove(joinPath(outDir, e.name)).catch(() => {});
    }
  }
}

function describe(s: BaseSource): string {
  if (s.kind === "env") return `${s.name}=${s.path}`;
  if (s.kind === "cache") return s.path;
  return s.url;
}

if (import.meta.main) Deno.exit(await main());
