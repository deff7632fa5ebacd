/**
 * Shell completion answered from the live command tree.
 *
 * The scripts `pingcli completion <shell>` prints (see completion_scripts.ts) call
 * `pingcli __complete <words before the cursor...> =<current word>` on every TAB. This module
 * answers: one candidate per line as `value<TAB>description`, then `:<directive>`, where the
 * directive bits follow Cobra's protocol (2 = no space after the candidate, 4 = no file
 * completion). The current word carries a leading `=` so an empty word survives PowerShell's
 * argument passing.
 */
import type { Command, Option } from "commander";

export const COMPLETE_COMMAND = "__complete";

export interface Candidate {
  readonly value: string;
  readonly description?: string;
}

export interface Completions {
  readonly candidates: readonly Candidate[];
  /** Do not add a space after the candidate (it continues, e.g. `key=`). */
  readonly noSpace?: boolean;
  /** Let the shell complete file names too. */
  readonly files?: boolean;
}

/** Dynamic values a completer may need (profiles from the config file). */
export interface CompletionSources {
  profiles(): Promise<string[]>;
}

/** Completes the positional argument `index` (0-based) of a command. */
export type ArgumentCompleter = (
  current: string,
  index: number,
  sources: CompletionSources,
) => Completions | Promise<Completions>;

const COMPLETERS = new WeakMap<Command, ArgumentCompleter>();

/** Declares how a command's positional arguments complete. */
export function completeArguments(command: Command, completer: ArgumentCompleter): Command {
  COMPLETERS.set(command, completer);
  return command;
}

/** Options whose values are file paths. */
const PATH_OPTIONS = new Set(["--config", "--log-file"]);
const PROFILE_OPTIONS = new Set(["--profile"]);

const DIRECTIVE_NO_SPACE = 2;
const DIRECTIVE_NO_FILES = 4;

/** Renders completions in the wire format the shell scripts read. */
export function formatCompletions(result: Completions): string {
  const seen = new Set<string>();
  let text = "";
  for (const c of result.candidates) {
    if (seen.has(c.value)) continue;
    seen.add(c.value);
    const description = (c.description ?? "").replace(/\s+/g, " ").trim();
    text += description ? `${c.value}\t${description}\n` : `${c.value}\n`;
  }
  const directive = (result.noSpace ? DIRECTIVE_NO_SPACE : 0) |
    (result.files ? 0 : DIRECTIVE_NO_FILES);
  return text + `:${directive}\n`;
}

/**
 * Completes `args` (the arguments of a `__complete` call: preceding words, then the current
 * word with its `=` mark) against the command tree rooted at `program`.
 */
export async function complete(
  program: Command,
  args: readonly string[],
  sources: CompletionSources,
): Promise<Completions> {
  const marked = args.at(-1) ?? "=";
  const current = marked.startsWith("=") ? marked.slice(1) : marked;
  const words = args.slice(0, -1);
  let command = program;
  let positional = 0;
  let pendingOption: Option | undefined;
  let afterDashes = false;
  for (const word of words) {
    if (pendingOption) {
      pendingOption = undefined;
      continue;
    }
    if (!afterDashes && word === "--") {
      afterDashes = true;
      continue;
    }
    if (!afterDashes && word.startsWith("-") && word !== "-") {
      const option = findOption(command, word.split("=")[0]!);
      if (option && takesValue(option) && !word.includes("=") && !isBundledShort(word)) {
        pendingOption = option;
      }
      continue;
    }
    const sub = positional === 0 && !afterDashes ? findCommand(command, word) : undefined;
    if (sub) command = sub;
    else positional++;
  }
  if (pendingOption) return await optionValues(pendingOption, current, "", sources);
  if (!afterDashes && current.startsWith("-")) {
    const eq = current.indexOf("=");
    if (eq > 0) {
      const option = findOption(command, current.slice(0, eq));
      if (!option || !takesValue(option)) return { candidates: [] };
      return await optionValues(option, current.slice(eq + 1), current.slice(0, eq + 1), sources);
    }
    return { candidates: optionNames(command).filter((c) => c.value.startsWith(current)) };
  }
  const candidates: Candidate[] = [];
  let noSpace = false;
  let files = false;
  if (positional === 0 && !afterDashes) {
    for (const sub of visibleCommands(command)) {
      if (sub.name().startsWith(current)) {
        candidates.push({ value: sub.name(), description: sub.summary() || sub.description() });
      }
    }
  }
  const completer = COMPLETERS.get(command);
  if (completer) {
    const result = await completer(current, positional, sources);
    candidates.push(...result.candidates);
    noSpace = result.noSpace ?? false;
    files = result.files ?? false;
  } else {
    const argument = command.registeredArguments[positional] ??
      command.registeredArguments.find((a) => a.variadic);
    for (const choice of argument?.argChoices ?? []) {
      if (choice.startsWith(current)) candidates.push({ value: choice });
    }
  }
  return { candidates, noSpace, files };
}

async function optionValues(
  option: Option,
  current: string,
  prefix: string,
  sources: CompletionSources,
): Promise<Completions> {
  const long = option.long ?? "";
  if (PATH_OPTIONS.has(long)) return { candidates: [], files: true };
  let values: readonly string[] = option.argChoices ?? [];
  if (PROFILE_OPTIONS.has(long)) values = await sources.profiles().catch(() => []);
  return {
    candidates: values.filter((v) => v.startsWith(current)).map((v) => ({ value: prefix + v })),
  };
}

function takesValue(option: Option): boolean {
  return option.required || option.optional;
}

/** `-Ojson` carries its value in the same word. */
function isBundledShort(word: string): boolean {
  return !word.startsWith("--") && word.length > 2;
}

function findOption(command: Command, flag: string): Option | undefined {
  const short = !flag.startsWith("--") ? flag.slice(0, 2) : undefined;
  for (let cmd: Command | null = command; cmd; cmd = cmd.parent) {
    const found = cmd.options.find((o) => o.long === flag || (short && o.short === short));
    if (found) return found;
  }
  return undefined;
}

function findCommand(command: Command, name: string): Command | undefined {
  return command.commands.find((c) => c.name() === name || c.aliases().includes(name));
}

function visibleCommands(command: Command): Command[] {
  return command.createHelp().visibleCommands(command).filter((c) => c.name() !== "help");
}

/** Long options of the command and its ancestors (inherited global flags), then `--help`. */
function optionNames(command: Command): Candidate[] {
  const out: Candidate[] = [];
  for (let cmd: Command | null = command; cmd; cmd = cmd.parent) {
    for (const option of cmd.createHelp().visibleOptions(cmd)) {
      if (option.long) out.push({ value: option.long, description: option.description });
    }
  }
  return out;
}
