/**
 * Shared pieces of the end-to-end tests: environments that point the real CLI at the test
 * server, temp homes, file-tree walks and envelope parsing.
 */
import { type RunOptions, runPingcli, type RunResult } from "../support/cli.ts";
import type { Envelope as OutputEnvelope } from "../../src/output/output.ts";

export { runPingcli };
export { pingFederateEnv, pingOneEndpointEnv, pingOneEnv } from "../support/env.ts";
export type { RunResult };

/**
 * Deno.test without the op/resource sanitizers: each file shares one server across tests, and
 * its listener and keep-alive sockets outlive individual tests by design.
 */
export function test(name: string, fn: () => Promise<void>, ignore = false): void {
  Deno.test({ name, fn, ignore, sanitizeOps: false, sanitizeResources: false });
}

/** A fresh temporary HOME; removed by `cleanup()`. */
export class Homes {
  #dirs: string[] = [];
  async make(): Promise<string> {
    const dir = await Deno.makeTempDir({ prefix: "pingcli-e2e-home-" });
    this.#dirs.push(dir);
    return dir;
  }
  async cleanup(): Promise<void> {
    for (const dir of this.#dirs) {
      await Deno.chmod(dir, 0o700).catch(() => {});
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
    this.#dirs = [];
  }
}

/** Every path below `dir` (relative, sorted), directories with a trailing slash. */
export async function walk(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(`${dir}/${prefix}`)) {
    const rel = `${prefix}${entry.name}`;
    if (entry.isDirectory) {
      out.push(`${rel}/`);
      out.push(...await walk(dir, `${rel}/`));
    } else {
      out.push(rel);
    }
  }
  return out.sort();
}

/** Contents of every regular file below `dir`, concatenated with their names. */
export async function allFileText(dir: string): Promise<string> {
  let text = "";
  for (const rel of await walk(dir)) {
    if (rel.endsWith("/")) continue;
    text += `== ${rel}\n${await Deno.readTextFile(`${dir}/${rel}`)}\n`;
  }
  return text;
}

/** The output envelope, with `data` loosened for assertions. */
// deno-lint-ignore no-explicit-any
export type Envelope = Omit<OutputEnvelope, "data"> & { data: any };

/** Parses stdout as the JSON envelope (throws with the whole result when it is not). */
export function envelope(result: RunResult): Envelope {
  try {
    return JSON.parse(result.stdout) as Envelope;
  } catch {
    throw new Error(`stdout is not JSON:\n${JSON.stringify(result, null, 2)}`);
  }
}

/** Runs the CLI; a readable dump of the result is attached to assertion messages. */
export async function pingcli(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return await runPingcli(args, options);
}

/** For assertion messages. */
export function dump(result: RunResult): string {
  return `exit ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

/** The keys `auth status` reports for each connector, in order. */
export const CONNECTOR_STATUS_KEYS = [
  "connector",
  "label",
  "profile",
  "status",
  "method",
  "credentials",
  "tokenEndpoint",
  "apiBase",
  "storage",
  "token",
  "apiCheck",
  "error",
  "warnings",
];

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
