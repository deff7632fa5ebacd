/**
 * Runs the real entry point the way users get it: `deno run -P=pingcli main.ts` (the permission
 * set the compiled binary bakes in), with a clean environment built by the test.
 */
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

let denoDir: string | undefined;

/** The Deno cache in use, so child processes with a fake HOME find the npm packages. */
export async function cacheDir(): Promise<string> {
  if (denoDir) return denoDir;
  const { stdout } = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json"],
    stdout: "piped",
  }).output();
  denoDir = JSON.parse(new TextDecoder().decode(stdout)).denoDir as string;
  return denoDir;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string>;
  stdin?: string;
  cwd?: string;
}

/** Runs `pingcli <args>` with only `options.env` (plus DENO_DIR) in the environment. */
export async function runPingcli(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", "-P=pingcli", "--no-prompt", `${ROOT}main.ts`, ...args],
    cwd: options.cwd ?? ROOT,
    env: { DENO_DIR: await cacheDir(), DENO_NO_UPDATE_CHECK: "1", ...options.env },
    clearEnv: true,
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(options.stdin));
    await writer.close();
  }
  const { code, stdout, stderr } = await child.output();
  const decoder = new TextDecoder();
  return { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
}
