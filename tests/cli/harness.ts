/**
 * Runs pingcli in-process the way a user would run it: a Context with a fake environment, a
 * temporary HOME, captured stdout/stderr, and `run(ctx, argv)` returning the exit code.
 */
import { BufferSink, type Context } from "../../src/context.ts";
import { run } from "../../src/cli/program.ts";
import { join } from "node:path";

import type { RunResult } from "../support/cli.ts";
export type { RunResult };

export interface RunOptions {
  /** Environment variables pingcli sees (HOME is set from the sandbox). */
  env?: Record<string, string>;
  /** Standard input. */
  stdin?: string;
  /** Pretend stdin/stdout/stderr are terminals. */
  tty?: boolean;
  /** Answers confirmation questions (records each question). */
  confirm?: (question: string) => boolean;
  /** Answers text prompts in order (each question is written to stderr, as on a terminal). */
  answers?: string[];
  /** Typed at hidden-input prompts in order; undefined is a cancel (Ctrl-C). */
  secrets?: (string | undefined)[];
}

/** A temporary home directory with helpers for its config file. */
export class Sandbox {
  readonly home: string;
  constructor(home: string) {
    this.home = home;
  }

  static async create(): Promise<Sandbox> {
    return new Sandbox(await Deno.makeTempDir({ prefix: "pingcli-test-" }));
  }

  get configDir(): string {
    return join(this.home, ".pingcli");
  }

  get configPath(): string {
    return join(this.configDir, "config.yaml");
  }

  async writeConfig(text: string): Promise<void> {
    await Deno.mkdir(this.configDir, { recursive: true, mode: 0o700 });
    await Deno.writeTextFile(this.configPath, text);
  }

  readConfig(): Promise<string> {
    return Deno.readTextFile(this.configPath);
  }

  async configExists(): Promise<boolean> {
    return await Deno.stat(this.configPath).then(() => true, () => false);
  }

  /** Runs `pingcli <argv>` in-process with HOME set to this sandbox. */
  run(argv: string[], options: RunOptions = {}): Promise<RunResult> {
    return runPingcli(argv, { ...options, env: { HOME: this.home, ...options.env } });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await Deno.chmod(this.home, 0o700).catch(() => {});
    await Deno.chmod(this.configDir, 0o700).catch(() => {});
    await Deno.remove(this.home, { recursive: true });
  }
}

/** Runs pingcli in-process with exactly `options.env` as its environment. */
export async function runPingcli(argv: string[], options: RunOptions = {}): Promise<RunResult> {
  const stdout = new BufferSink();
  const stderr = new BufferSink();
  const env = Object.freeze({ ...options.env });
  const tty = options.tty === true;
  const ctx: Context = {
    env,
    stdout,
    stderr,
    readStdin: () => Promise.resolve(options.stdin ?? ""),
    isTTY: { stdin: tty, stdout: tty, stderr: tty },
    fetch: () => Promise.reject(new Error("no network in config tests")),
    now: () => Date.UTC(2026, 0, 1),
    home: env.HOME,
    cwd: env.HOME ?? "/",
    columns: 100,
    confirm: options.confirm ? (q) => Promise.resolve(options.confirm!(q)) : undefined,
    prompt: (question) => {
      stderr.write(question);
      return Promise.resolve(options.answers?.shift());
    },
    // As on a terminal with echo off: the question, then only the newline of the Enter key.
    readSecret: (question) => {
      stderr.write(question + "\n");
      return Promise.resolve(options.secrets?.shift());
    },
  };
  const code = await run(ctx, argv);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Parses a JSON envelope from stdout. */
export function envelope(result: RunResult): {
  schemaVersion: string;
  status: string;
  message: string;
  data: unknown;
  errors: { code: string; category: string; message: string; hint: string | null }[];
  meta: Record<string, unknown>;
  warnings: { code: string; message: string }[];
} {
  return JSON.parse(result.stdout);
}
