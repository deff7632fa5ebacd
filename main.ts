/**
 * Process glue only: build the Context from the real process, run, exit with the code.
 */
import type { Context, TextSink } from "./src/context.ts";
import { envNamesRead } from "./src/env_names.ts";
import { VERSION } from "./src/version.ts";

function sink(file: typeof Deno.stdout | typeof Deno.stderr): TextSink {
  const encoder = new TextEncoder();
  return {
    write(text: string) {
      const bytes = encoder.encode(text);
      for (let off = 0; off < bytes.length;) off += file.writeSync(bytes.subarray(off));
    },
  };
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

/** Reads one line from stdin (the terminal), without buffering past the newline. */
async function readLine(): Promise<string | undefined> {
  const bytes: number[] = [];
  const one = new Uint8Array(1);
  while (true) {
    const n = await Deno.stdin.read(one);
    if (n === null) {
      return bytes.length ? new TextDecoder().decode(new Uint8Array(bytes)) : undefined;
    }
    if (one[0] === 10) break;
    bytes.push(one[0]!);
  }
  return new TextDecoder().decode(new Uint8Array(bytes)).replace(/\r$/, "");
}

function columns(): number | undefined {
  try {
    return Deno.stdout.isTerminal() ? Deno.consoleSize().columns : undefined;
  } catch {
    return undefined;
  }
}

if (import.meta.main && Deno.args.length === 1 && Deno.args[0] === "--version") {
  // The most common probe in CI scripts: answer it without loading the command tree.
  console.log(VERSION);
} else if (import.meta.main) {
  const { run } = await import("./src/cli/program.ts");
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
    home: env.HOME ?? env.USERPROFILE,
    cwd: Deno.cwd(),
    columns: columns(),
    confirm: (question: string) => Promise.resolve(globalThis.confirm(question)),
    prompt: async (question: string) => {
      ctx.stderr.write(question);
      return await readLine();
    },
  };
  Deno.exit(await run(ctx, Deno.args));
}
