/**
 * Shared pieces of the end-to-end tests: environments that point the real CLI at the test
 * server, temp homes, file-tree walks and envelope parsing.
 */
import type { AuthServer, SecretClient } from "../support/auth_server.ts";
import { type RunOptions, runPingcli, type RunResult } from "../support/cli.ts";

export { runPingcli };
export type { RunResult };

/**
 * Deno.test without the op/resource sanitizers: each file shares one server across tests, and
 * its listener and keep-alive sockets outlive individual tests by design.
 */
export function test(name: string, fn: () => Promise<void>, ignore = false): void {
  Deno.test({ name, fn, ignore, sanitizeOps: false, sanitizeResources: false });
}

/** Endpoint settings plus DENO_CERT, without any credential. */
export function pingOneEndpointEnv(server: AuthServer, home: string): Record<string, string> {
  return {
    HOME: home,
    DENO_CERT: server.tls.caFile,
    PINGONE_ENVIRONMENT_ID: server.envId,
    PINGONE_AUTH_SERVICE_HOSTNAME: server.hostPort,
    PINGONE_API_SERVICE_HOSTNAME: server.hostPort,
  };
}

/** A complete env-only PingOne client_secret_basic configuration (bare PINGONE_* names). */
export function pingOneEnv(
  server: AuthServer,
  home: string,
  client: SecretClient = server.pingone.clients.basic,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ...pingOneEndpointEnv(server, home),
    PINGONE_CLIENT_CREDENTIALS_CLIENT_ID: client.id,
    PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET: client.secret,
    ...extra,
  };
}

/** Base PingFederate env (host + CA); add the authentication settings. */
export function pingFederateEnv(
  server: AuthServer,
  home: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    HOME: home,
    DENO_CERT: server.tls.caFile,
    PINGCLI_PINGFEDERATE_HTTPS_HOST: server.origin,
    ...extra,
  };
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

export interface Envelope {
  schemaVersion: string;
  status: "success" | "warning" | "error";
  message: string;
  // deno-lint-ignore no-explicit-any
  data: any;
  errors: {
    code: string;
    category: string;
    message: string;
    hint: string | null;
    retryable: boolean;
    details?: unknown;
  }[];
  meta: Record<string, unknown>;
  warnings: { code: string; message: string }[];
}

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
