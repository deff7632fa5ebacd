/**
 * The Context of the real process: the environment pingcli may read, the standard streams,
 * the terminal. Only main.ts uses it; everything else gets a Context.
 */
import type { Context, TextSink } from "./context.ts";
import { envNamesRead } from "./env_names.ts";
import { confirm, readLine, readSecret } from "./terminal.ts";

function sink(file: typeof Deno.stdout | typeof Deno.stderr): TextSink {
  const encoder = new TextEncoder();
  let closed = false;
  const writeBytes = (bytes: Uint8Array) => {
    if (closed) return;
    try {
      for (let off = 0; off < bytes.length;) off += file.writeSync(bytes.subarray(off));
    } catch (error) {
      // The reader went away (`pingcli … | head`): not an error of ours; stop writing.
      if (!(error instanceof Deno.errors.BrokenPipe)) throw error;
      closed = true;
    }
  };
  return { write: (text: string) => writeBytes(encoder.encode(text)), writeBytes };
}

function readEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const name of envNamesRead()) {
    try {
      const value = Deno.env.get(name);
      if (value !== undefined) env[name] = value;
    } catch {
      // Not allowed by the permission set: treated as unset.
    }
  }
  return Object.freeze(env);
}

function columns(): number | undefined {
  try {
    return Deno.stdout.isTerminal() ? Deno.consoleSize().columns : undefined;
  } catch {
    return undefined;
  }
}

/** Builds the Context from Deno's process APIs. */
export function processContext(): Context {
  const env = readEnv();
  const ctx: Context = {
    env,
    stdout: sink(Deno.stdout),
    stderr: sink(Deno.stderr),
    readStdin: () => new Response(Deno.stdin.readable).text(),
    isTTY: {
      stdin: Deno.stdin.isTerminal(),
      stdout: Deno.stdout.isTerminal(),
      stderr: Deno.stderr.isTerminal(),
    },
    fetch: globalThis.fetch,
    now: () => Date.now(),
    home: env.HOME || env.USERPROFILE || undefined, // empty means none
    cwd: Deno.cwd(),
    columns: columns(),
    confirm: (question: string) => confirm(question, ctx.stderr),
    readSecret: (question: string) => readSecret(question, ctx.stderr),
    prompt: async (question: string) => {
      ctx.stderr.write(question);
      return await readLine();
    },
  };
  return ctx;
}
