/**
 * What command groups need to declare their commands: the `Cli` that wraps handlers as
 * actions, help examples, and the registry's flags. Kept apart from program.ts so that the
 * groups and the root command do not import each other.
 */
import { type Command, Option } from "commander";
import type { Context } from "../context.ts";
import { KEYS } from "../config/registry.ts";
import type { CommandResult, Output } from "../output/output.ts";
import type { Invocation, PrepareOptions } from "./invocation.ts";

/** A command body: gets the prepared invocation, the command and its positional arguments. */
export type Handler = (
  inv: Invocation,
  command: Command,
  args: string[],
) => Promise<CommandResult | void>;

/** A command body that needs no config file (completion, feedback): it gets the early Output. */
export type PlainHandler = (
  out: Output,
  command: Command,
  args: string[],
) => Promise<CommandResult | void>;

/** Shared state of one run, handed to command groups so they can declare actions. */
export interface Cli {
  readonly ctx: Context;
  /** Wraps a handler as a commander action. */
  action(handler: Handler, options?: PrepareOptions): (...args: unknown[]) => Promise<void>;
  /** Wraps a handler that must work even when the config file is missing or broken. */
  plainAction(handler: PlainHandler): (...args: unknown[]) => Promise<void>;
}

/** Adds an "Examples:" section to a command's help. */
export function examples(command: Command, lines: string[]): Command {
  return command.addHelpText(
    "after",
    "\nExamples:\n" + lines.map((l) => "  " + l).join("\n") + "\n",
  );
}

/** Adds the registry's flags of one scope (e.g. every `--pingone-*` flag) to a command. */
export function addKeyFlags(command: Command, scope: string): Command {
  for (const def of KEYS) {
    if (def.flagScope !== scope || !def.flags) continue;
    def.flags.forEach((flag, i) => {
      const takesValue = def.type !== "bool";
      const spec = `${i === 0 && def.short ? def.short + ", " : ""}${flag}${
        takesValue ? " <value>" : ""
      }`;
      const option = new Option(spec, `${def.description} (${def.key})`);
      // Legacy spellings (region codes, `worker`) are accepted on flags as everywhere else.
      if (def.type === "enum" && def.values) {
        option.choices([...def.values, ...Object.keys(def.valueAliases ?? {})]);
      }
      if (def.secret) option.hideHelp(); // secrets belong in env or `config set KEY -`, not argv
      command.addOption(option);
    });
  }
  return command;
}
