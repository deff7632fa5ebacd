/**
 * `pingcli completion [shell]`, and the answers completion scripts ask for at each TAB. Works
 * without a config file, so it still helps when the file is missing or broken.
 */
import type { Command } from "commander";
import type { Context } from "../context.ts";
import { PingcliError } from "../errors.ts";
import type { CommandResult, Output } from "../output/output.ts";
import {
  complete,
  completeArguments,
  type CompletionSources,
  formatCompletions,
} from "./completion.ts";
import { completionScript, INSTALL, type Shell, SHELLS } from "./completion_scripts.ts";
import { configLocation, nonEmpty } from "./invocation.ts";
import { type Cli, examples } from "./command_kit.ts";

export function register(program: Command, cli: Cli): void {
  const completion = examples(
    program
      .command("completion")
      .summary("Print a shell completion script")
      .description(
        "Print a shell completion script for bash, zsh, fish or PowerShell.\n\n" +
          "Completions come from pingcli itself at each TAB, so they always match this " +
          "version: commands, flags, configuration keys and their allowed values, and profile " +
          "names.",
      )
      .argument("[shell]", `Shell: ${SHELLS.join(", ")}`)
      .action(cli.plainAction(printScript)),
    [
      INSTALL.bash.now,
      INSTALL.zsh.now,
      INSTALL.fish.now,
      INSTALL.powershell.now,
      INSTALL.bash.always,
    ],
  );
  completeArguments(completion, (current) => ({
    candidates: SHELLS.filter((s) => s.startsWith(current)).map((value) => ({ value })),
  }));
}

function printScript(out: Output, _command: Command, args: string[]): Promise<CommandResult> {
  const shell = args[0]?.toLowerCase();
  if (shell === undefined) {
    const lines = SHELLS.map((s) => `  ${s.padEnd(10)} ${INSTALL[s].now}`);
    return Promise.resolve({
      data: SHELLS.map((s) => ({ shell: s, load: INSTALL[s].now, install: INSTALL[s].always })),
      text: "Load completions for your shell:\n" + lines.join("\n") + "\n\n" +
        "To load them in every new shell:\n" +
        SHELLS.map((s) => `  ${s.padEnd(10)} ${INSTALL[s].always}`).join("\n"),
    });
  }
  if (!(SHELLS as readonly string[]).includes(shell)) {
    throw new PingcliError("USAGE_ERROR", `unsupported shell '${args[0]}'`, {
      hint: `Choose one of: ${SHELLS.join(", ")}.`,
    });
  }
  const script = completionScript(shell as Shell);
  if (!out.isText) {
    return Promise.resolve({ data: { shell, script }, message: `${shell} completion script` });
  }
  return Promise.resolve({ data: null, raw: new TextEncoder().encode(script) });
}

/**
 * Answers a `pingcli __complete ...` call from a completion script. Never fails: a broken
 * config file only means no profile names.
 */
export async function answerCompletion(
  ctx: Context,
  program: Command,
  args: string[],
): Promise<string> {
  const sources: CompletionSources = {
    profiles: async () => {
      const { loadConfig } = await import("../config/load.ts");
      const { path, explicit } = configLocation(ctx, configFlag(args));
      const config = await loadConfig(path, explicit);
      return config.profiles.size ? [...config.profiles.keys()] : ["default"];
    },
  };
  try {
    return formatCompletions(await complete(program, args, sources));
  } catch {
    return formatCompletions({ candidates: [] });
  }
}

/** The -C/--config value among the words being completed, if any. */
function configFlag(words: string[]): string | undefined {
  for (let i = 0; i < words.length - 1; i++) {
    const w = words[i]!;
    if (w === "-C" || w === "--config") return nonEmpty(words[i + 1]);
    if (w.startsWith("--config=")) return nonEmpty(w.slice(9));
  }
  return undefined;
}
