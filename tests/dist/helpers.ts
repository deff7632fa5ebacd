/** Shared helpers for the distribution tests (tests/dist). */

export const ROOT = new URL("../../", import.meta.url);
export const rootPath = (rel = "") =>
  decodeURIComponent(new URL(rel, ROOT).pathname).replace(/^\/([A-Za-z]:)/, "$1");

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function run(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: Record<string, string>; clearEnv?: boolean; timeoutMs?: number } = {},
): Promise<RunResult> {
  const out = await new Deno.Command(cmd, {
    args,
    cwd: opts.cwd ?? rootPath(),
    env: opts.env,
    clearEnv: opts.clearEnv ?? false,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(opts.timeoutMs ?? 120_000),
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

export async function readDenoJson(): Promise<Record<string, unknown>> {
  return JSON.parse(await Deno.readTextFile(rootPath("deno.json")));
}

export async function copyTree(from: string, to: string): Promise<void> {
  const info = await Deno.lstat(from);
  if (info.isDirectory) {
    await Deno.mkdir(to, { recursive: true });
    for await (const e of Deno.readDir(from)) {
      await copyTree(`${from}/${e.name}`, `${to}/${e.name}`);
    }
  } else if (info.isFile) {
    await Deno.copyFile(from, to);
  }
}

/** A throwaway copy of what the build reads (sources, config, scripts) in a temp dir. */
export async function repoCopy(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "pingcli-dist-test-" });
  for (const p of ["main.ts", "deno.json", "deno.lock", "src", "scripts"]) {
    await copyTree(rootPath(p), `${dir}/${p}`);
  }
  return dir;
}

export async function denoInfo(): Promise<{ denoDir: string; npmCache: string }> {
  const r = await run(Deno.execPath(), ["info", "--json"]);
  return JSON.parse(r.stdout);
}

/** A temp DENO_DIR holding a copy of the current npm cache (so no network is needed). */
export async function isolatedDenoDir(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "pingcli-deno-dir-" });
  const { npmCache } = await denoInfo();
  // Make sure the packages main.ts needs are cached before copying.
  await run(Deno.execPath(), ["install", "-q", "--frozen", "--entrypoint", "main.ts"]);
  await copyTree(npmCache, `${dir}/npm`);
  return dir;
}

export async function sha256(path: string): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", await Deno.readFile(path));
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
