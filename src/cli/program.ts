/**
 * The root command: global flags, command groups, and the run loop that turns every outcome
 * into output and an exit code. Command groups load their heavy modules lazily, so
 * `--version` and `--help` touch no OAuth or YAML code.
 */
import { Command, CommanderError } from "commander";
import type { Context } from "../context.ts";
import { asPingcliError, PingcliError } from "../errors.ts";
import { Output, type OutputFormat } from "../output/output.ts";
import { colorWanted } from "../output/style.ts";
import { VERSION } from "../version.ts";
import { isTrue } from "../config/values.ts";
import { type Invocation, prepare } from "./invocation.ts";
import { addKeyFlags, type Cli, examples } from "./command_kit.ts";
import { COMPLETE_COMMAND } from "./completion.ts";

/** Scans argv and env for the output format, debug and colour before full parsing. */
function earlyOutput(ctx: Context, argv: string[]): Output {
  let format = ctx.env.PINGCLI_OUTPUT_FORMAT?.toLowerCase();
  let debug = false;
  let noColor = isTrue(ctx.env.PINGCLI_NO_COLOR);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") break;
    if (a === "-O" || a === "--output-format") format = argv[i + 1];
    else if (a.startsWith("--output-format=")) format = a.slice(16);
    else if (a.startsWith("-O") && a.length > 2) format = a.slice(2);
    else if (a === "--debug") debug = true;
    else if (a === "--no-color") noColor = true;
  }
  const formats = ["text", "json", "ndjson", "ndjson-wrapped"];
  return new Output(ctx, {
    format: (formats.includes(format ?? "") ? format : "text") as OutputFormat,
    color: colorWanted(ctx.isTTY.stderr, noColor, ctx.env),
    debug,
    detailedExitCode: false,
  });
}

/**
 * The command groups, with the one-line summary root help shows for each. Only the group a
 * command line names is loaded; the others are stand-ins that carry their summary, so root
 * help and "did you mean" still know them (this keeps `pingone api` from loading config code).
 */
const GROUPS: readonly {
  name: string;
  summary: string;
  load: () => Promise<{ register(program: Command, cli: Cli): void }>;
}[] = [
  {
    name: "config",
    summary: "Manage settings and profiles in the config file",
    load: () => import("./config.ts"),
  },
  {
    name: "auth",
    summary: "Authenticate, or check authentication, for all enabled Ping services",
    load: () => import("./auth.ts"),
  },
  {
    name: "pingone",
    summary: "PingOne platform and universal services",
    load: () => import("./pingone.ts"),
  },
  {
    name: "pingfederate",
    summary: "PingFederate deployed as software",
    load: () => import("./pingfederate.ts"),
  },
  {
    name: "completion",
    summary: "Print a shell completion script",
    load: () => import("./completion_command.ts"),
  },
  {
    name: "feedback",
    summary: "Print where to report a problem or send feedback",
    load: () => import("./feedback.ts"),
  },
];

/** Global options that take a value, so the word after them is not a command name. */
const VALUE_OPTIONS = new Set([
  "-C",
  "--config",
  "-P",
  "--profile",
  "-O",
  "--output-format",
  "--log-level",
  "--log-file",
  "--log-file-level",
]);

/** The command group an argv names (its first word that is not a global option), if any. */
export function groupOf(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === "--") return argv[i + 1];
    if (VALUE_OPTIONS.has(word)) i++;
    else if (!word.startsWith("-")) return word;
  }
  return undefined;
}

/**
 * Builds the command tree: every group when `only` is undefined (completion needs the whole
 * tree), else the named group in full and stand-ins for the rest.
 */
export async function buildProgram(cli: Cli, only?: string): Promise<Command> {
  const program = new Command("pingcli")
    .description(
      "Authenticate to Ping Identity services (PingOne, PingFederate) and call their APIs.\n\n" +
        "Settings resolve in this order: flag > environment variable > config file profile > default.\n" +
        "Every key can also be set with PINGCLI_<KEY SEGMENTS IN UPPER CASE>, e.g.\n" +
        "PINGCLI_SERVICE_PINGONE_ENDPOINT_ENVIRONMENTID. See 'pingcli config list-keys'.",
    )
    .version(VERSION, "--version", "Print the pingcli version")
    .helpOption("-h, --help", "Show help")
    .showSuggestionAfterError(true)
    .option(
      "-C, --config <path>",
      "Config file (default ~/.pingcli/config.yaml; env PINGCLI_CONFIG)",
    )
    .option("-P, --profile <name>", "Profile to use for this command only (env PINGCLI_PROFILE)")
    .option("--debug", "Show stack traces and redacted HTTP traffic on stderr");
  addKeyFlags(program, "global");
  program.addHelpCommand(false);
  for (const group of GROUPS) {
    if (only === undefined || group.name === only) (await group.load()).register(program, cli);
    else program.command(group.name);
    program.commands.find((c) => c.name() === group.name)!.summary(group.summary);
  }
  examples(program, [
    "pingcli auth status",
    "pingcli pingone api environments",
    "pingcli config set service.pingOne.endpoint.environmentID=<uuid>",
    "PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET=... pingcli -O json auth status",
  ]);
  return program;
}

/** Runs pingcli with `argv` (without the program name) and returns the exit code. */
export async function run(ctx: Context, argv: string[]): Promise<number> {
  const early = earlyOutput(ctx, argv);
  let out = early;
  let inv: Invocation | undefined;
  const cli: Cli = {
    ctx,
    action: (handler, options) => async (...all: unknown[]) => {
      const command = all[all.length - 1] as Command;
      early.command = commandPath(command); // known even if the config file fails to load
      inv = await prepare(ctx, command, early, options);
      out = inv.out;
      out.command = early.command;
      const result = await handler(inv, command, command.args);
      // Settings resolved by the handler may have found conflicting env vars.
      for (const warning of inv.settings.warnings) out.warn(warning, "CONFIG_CONFLICT");
      if (result) out.result(result);
    },
    plainAction: (handler) => async (...all: unknown[]) => {
      const command = all[all.length - 1] as Command;
      early.command = commandPath(command);
      const result = await handler(early, command, command.args);
      if (result) early.result(result);
    },
  };
  try {
    const complete = argv[0] === COMPLETE_COMMAND;
    const program = await buildProgram(cli, complete ? undefined : groupOf(argv) ?? "");
    if (complete) {
      // Answered before parsing: the words being completed are not a valid command line.
      const { answerCompletion } = await import("./completion_command.ts");
      ctx.stdout.write(await answerCompletion(ctx, program, argv.slice(1)));
      return 0;
    }
    configureTree(program, ctx);
    await program.parseAsync(argv, { from: "user" });
    return out.exitCode();
  } catch (error) {
    if (error instanceof CommanderError) {
      if (["commander.helpDisplayed", "commander.version", "commander.help"].includes(error.code)) {
        return 0;
      }
      const message = error.message.replace(/^error: /, "").split("\n")[0]!;
      const suggestion = error.message.split("\n").slice(1).join(" ").trim()
        .replace(/^\((.*)\)$/, "$1"); // commander writes "(Did you mean config?)"
      out.error(
        new PingcliError("USAGE_ERROR", message, {
          hint: [suggestion, "Run 'pingcli --help' or 'pingcli <command> --help'."].filter(Boolean)
            .join(" "),
        }),
      );
      return 1;
    }
    out.error(asPingcliError(error));
    return 1;
  } finally {
    inv?.log.close();
  }
}

/** `pingone api`, `config profiles list`: the command's names below the root. */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(" ");
}

/** Applies output routing and error behaviour to every command in the tree. */
function configureTree(command: Command, ctx: Context): void {
  command
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      // Usage errors are reported by `run` as our own error (enveloped in JSON modes).
      writeErr: (s) => {
        if (!s.startsWith("error:") && !s.startsWith("(Did you mean")) ctx.stderr.write(s);
      },
      getOutHelpWidth: () => ctx.columns ?? 100,
    })
    .showSuggestionAfterError(true)
    .helpOption("-h, --help", "Show help")
    .configureHelp({ showGlobalOptions: true });
  for (const sub of command.commands) configureTree(sub, ctx);
}
