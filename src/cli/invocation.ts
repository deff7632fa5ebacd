/**
 * The Invocation: what every command action receives once global flags, the config file and
 * the profile are resolved. Built by `prepare`; commands never parse argv themselves.
 */
import type { Command } from "commander";
import type { AuthContext } from "../auth/auth_context.ts";
import type { Context } from "../context.ts";
import { PingcliError } from "../errors.ts";
import type { LoadedConfig } from "../config/file.ts";
import { type FlagValue, Settings } from "../config/resolve.ts";
import { isTrue } from "../config/values.ts";
import { KEYS } from "../config/registry.ts";
import { envNamesFor, findKey } from "../config/key_lookup.ts";
import { Output, type OutputFormat } from "../output/output.ts";
import { colorWanted } from "../output/style.ts";
import { Logger } from "../output/log.ts";
import { expandHome } from "../home_path.ts";
import { join, resolve } from "node:path";

export interface Invocation {
  readonly ctx: Context;
  readonly out: Output;
  readonly settings: Settings;
  readonly log: Logger;
  /**
   * Absolute path of the config file in use, and whether the user named it. Undefined when
   * no file is named and there is no home directory: there is no default file then (see
   * `configFileToWrite`).
   */
  readonly configPath: string | undefined;
  readonly explicitConfig: boolean;
  /** The profile this command acts on (-P, PINGCLI_PROFILE or activeProfile). */
  readonly profile: string;
  /** Whether pingcli may prompt: a TTY, and not --no-input or CI=true. */
  readonly interactive: boolean;
  readonly debug: boolean;
}

/**
 * Where the config file is: -C/--config, PINGCLI_CONFIG, else ~/.pingcli/config.yaml. Without
 * a home directory there is no default file (`path` undefined): reads see defaults and env,
 * so env-only use in a container without HOME works, and writes fail (`configFileToWrite`).
 */
export function configLocation(
  ctx: Context,
  flag: string | undefined,
): { path: string | undefined; explicit: boolean } {
  const named = flag ?? nonEmpty(ctx.env.PINGCLI_CONFIG);
  if (named) return { path: resolve(ctx.cwd, expandHome(named, ctx.home)), explicit: true };
  // Never a path relative to the working directory: that would create a literal `~` there.
  if (!ctx.home) return { path: undefined, explicit: false };
  return { path: join(ctx.home, ".pingcli", "config.yaml"), explicit: false };
}

/** The config file a command changes; an error when there is no home for the default one. */
export function configFileToWrite(inv: Invocation): { path: string; explicit: boolean } {
  if (inv.configPath === undefined) {
    throw new PingcliError(
      "CONFIG_INVALID",
      "cannot find the home directory for ~/.pingcli/config.yaml",
      {
        hint:
          "Set HOME (USERPROFILE on Windows), or name a config file with -C/--config or PINGCLI_CONFIG.",
      },
    );
  }
  return { path: inv.configPath, explicit: inv.explicitConfig };
}

export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}

/** Flags the user actually passed on the command line, mapped to their registry keys. */
function collectFlags(command: Command): Map<string, FlagValue> {
  const flags = new Map<string, FlagValue>();
  for (let cmd: Command | null = command; cmd; cmd = cmd.parent) {
    for (const option of cmd.options) {
      const attr = option.attributeName();
      if (cmd.getOptionValueSource(attr) !== "cli") continue;
      const long = option.long ?? "";
      const def = KEYS.find((d) => d.flags?.includes(long));
      if (!def || flags.has(def.key)) continue;
      let value = cmd.getOptionValue(attr) as string | boolean | string[];
      if (long === "--no-color") value = true; // commander stores --no-color as color=false
      flags.set(def.key, { value, flag: long });
    }
  }
  return flags;
}

/** Global options as declared on the root command. */
export interface GlobalOptions {
  config?: string;
  profile?: string;
  debug?: boolean;
}

export interface PrepareOptions {
  /**
   * The selected profile (-P, PINGCLI_PROFILE, activeProfile) need not exist: `config profiles`
   * commands must work while PINGCLI_PROFILE names the profile about to be created, or while
   * activeProfile names none.
   */
  allowMissingProfile?: boolean;
  /**
   * Bad values and unknown keys in the selected profile become warnings instead of errors, so
   * `config set`/`unset` can repair them and `config get` can show the rest.
   */
  lenientConfig?: boolean;
  /** The profile the command's arguments name, if any, is the one it acts on (`profiles show`). */
  profileArgument?: (command: Command) => string | undefined;
}

/** Resolves config file, profile and settings, and builds the Output for this command. */
export async function prepare(
  ctx: Context,
  command: Command,
  early: Output,
  options: PrepareOptions = {},
): Promise<Invocation> {
  const globals = command.optsWithGlobals() as GlobalOptions;
  const debug = globals.debug === true;
  const { path, explicit } = configLocation(ctx, globals.config);
  const { checkProfile, loadConfig, selectProfile } = await import("../config/load.ts");
  const config: LoadedConfig = await loadConfig(path, explicit);
  const named = options.profileArgument?.(command);
  const requested = named ?? globals.profile ?? nonEmpty(ctx.env.PINGCLI_PROFILE);
  // Profile names match ignoring case; from here on the profile is named as the file spells it.
  const profile = selectProfile(config, requested, { allowMissing: options.allowMissingProfile });
  // Only the profile in use is validated strictly: a bad value elsewhere does not matter here.
  const problems = checkProfile(config, profile, { lenient: options.lenientConfig });
  const flags = collectFlags(command);
  const settings = new Settings({
    env: ctx.env,
    flags,
    config,
    profile,
    allowMissingProfile: options.allowMissingProfile,
  });
  const out = new Output(ctx, {
    format: settings.get<OutputFormat>("outputFormat") ?? "text",
    color: colorWanted(ctx.isTTY.stderr, settings.get<boolean>("noColor") ?? false, ctx.env),
    startedAt: early.startedAt,
    dataColor: colorWanted(ctx.isTTY.stdout, settings.get<boolean>("noColor") ?? false, ctx.env),
    debug,
    detailedExitCode: settings.get<boolean>("detailedExitCode") ?? false,
  });
  for (const w of early.warnings) out.warnings.push(w);
  const log = await Logger.open(ctx, {
    level: settings.get<string>("log.level") ?? "WARN",
    file: settings.get<string>("log.file"),
    fileLevel: settings.get<string>("log.fileLevel") ?? "DEBUG",
    debug,
  });
  out.diagnosticLog = log;
  for (const w of out.warnings) log.record("WARN", w.message);
  if (log.openProblem) out.warn(log.openProblem, "LOG_FILE");
  for (const message of problems) out.warn(message, "CONFIG_INVALID");
  for (const warning of settings.warnings) out.warn(warning, "CONFIG_CONFLICT");
  for (const [key, flag] of flags) {
    if (!findKey(key)?.secret) continue;
    out.warn(
      `${flag.flag} puts a secret on the command line, where shell history and process lists ` +
        `can see it; prefer env ${envNamesFor(findKey(key)!)[0]} or 'pingcli config set ${key} -'`,
      "SECRET_ON_COMMAND_LINE",
    );
  }
  const ci = isTrue(ctx.env.CI);
  const interactive = ctx.isTTY.stdin && ctx.isTTY.stderr && !ci &&
    !(settings.get<boolean>("noInput") ?? false);
  return {
    ctx,
    out,
    settings,
    log,
    configPath: path,
    explicitConfig: explicit,
    profile,
    interactive,
    debug,
  };
}

/** The slice of an invocation the auth layer works with. */
export function authContext(inv: Invocation): AuthContext {
  return {
    ctx: inv.ctx,
    settings: inv.settings,
    log: inv.log,
    profile: inv.profile,
    warn: (message, code) => inv.out.warn(message, code),
  };
}
