/**
 * Process glue only: answer `--version` at once (the commonest probe in CI scripts, so it loads
 * nothing else), otherwise build the Context from the real process, run, exit with the code.
 */
import { VERSION } from "./src/version.ts";

if (import.meta.main) {
  if (Deno.args.length === 1 && Deno.args[0] === "--version") {
    console.log(VERSION);
  } else {
    const { processContext } = await import("./src/process_context.ts");
    const { run } = await import("./src/cli/program.ts");
    Deno.exit(await run(processContext(), Deno.args));
  }
}
