/**
 * Loading the config file for commands that only read it, and choosing the profile a command
 * uses. The YAML parser is imported only when a file exists, so env-only runs (the CI case)
 * never load it.
 */
import { fileError } from "../atomic_file.ts";
import { PingcliError } from "../errors.ts";
import type { ConfigProblem, LoadedConfig, StoredValue } from "./file.ts";
import { profileNotFound as notFound } from "./profile_name.ts";

/** How messages name the default config file when there is no home directory to put it in. */
const DEFAULT_CONFIG_PATH = "~/.pingcli/config.yaml";

/**
 * Loads the config file. A missing file is an empty config unless it was named explicitly;
 * so is an undefined `path` (no home directory, so no default file: defaults and env apply).
 * Problems inside profiles (bad values, unknown keys) do not fail the load: they are in
 * `invalid`, and `checkProfile` decides what they mean for the profile a command uses.
 *
 * @example
 * const config = await loadConfig(path, false);
 * const profile = selectProfile(config, flags.profile);
 * for (const message of checkProfile(config, profile, { lenient: true })) out.warn(message);
 */
export async function loadConfig(
  path: string | undefined,
  explicit: boolean,
): Promise<LoadedConfig> {
  const missing = (path: string): LoadedConfig => ({
    path,
    exists: false,
    activeProfile: "default",
    profiles: new Map(),
    invalid: [],
  });
  if (path === undefined) return missing(DEFAULT_CONFIG_PATH);
  if (!await configFileExists(path)) {
    // `config set` does not create a named file either: a typo in -C must not scatter files.
    if (explicit) throw configNotFound(path);
    return missing(path);
  }
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    throw fileError(`cannot read config file ${path}`, error);
  }
  const { parseConfig } = await import("./file.ts");
  return parseConfig(path, text).config;
}

/** A file named with -C/PINGCLI_CONFIG that is not there: never created implicitly. */
export function configNotFound(path: string): PingcliError {
  return new PingcliError("CONFIG_NOT_FOUND", `config file not found: ${path}`, {
    hint: "Check the -C/--config path or PINGCLI_CONFIG. To start a new file there, " +
      "create it empty first.",
  });
}

/**
 * Whether the config file exists. A path that exists but is not a regular file (a directory,
 * `/dev/null`) is CONFIG_INVALID: it holds no config, and writing there must not be tried.
 */
export async function configFileExists(path: string): Promise<boolean> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (error) {
    // A path through a plain file (HOME set to a file) cannot hold a config either.
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
      return false;
    }
    throw fileError(`cannot read config file ${path}`, error);
  }
  if (info.isFile) return true;
  throw new PingcliError("CONFIG_INVALID", `${path} is not a regular file`, {
    hint: "The config file must be a regular YAML file: name one with -C/--config or " +
      "PINGCLI_CONFIG.",
  });
}

/** The profile names in the file; a file without profiles has the implicit `default`. */
function profileNames(config: LoadedConfig): string[] {
  return config.profiles.size > 0 ? [...config.profiles.keys()] : ["default"];
}

/**
 * The profile `name` names, as the file spells it: profile names are matched ignoring case,
 * as the Go CLI did (`-P DEV` finds `dev`). Undefined when there is no such profile.
 */
export function findProfile(config: LoadedConfig, name: string): string | undefined {
  const names = profileNames(config);
  return names.find((n) => n === name) ??
    names.find((n) => n.toLowerCase() === name.toLowerCase());
}

/**
 * The profile a command uses: `requested` (-P or PINGCLI_PROFILE) if given, else the file's
 * activeProfile, as the file spells it. An activeProfile that names no profile is an error
 * only here, when it is what gets used: -P and `config profiles use` still work on such a file.
 * With `allowMissing`, a profile that does not exist is returned as given (profile management).
 */
export function selectProfile(
  config: LoadedConfig,
  requested: string | undefined,
  options: { allowMissing?: boolean } = {},
): string {
  const name = requested ?? config.activeProfile;
  const found = findProfile(config, name);
  if (found !== undefined || options.allowMissing) return found ?? name;
  if (requested !== undefined) throw profileNotFound(config, requested);
  throw danglingActiveProfile(config);
}

/** The error for an activeProfile that names no profile in the file. */
export function danglingActiveProfile(config: LoadedConfig): PingcliError {
  const at = config.activeProfileAt;
  const message = at
    ? `${config.path}:${at.line}:${at.col}: activeProfile '${config.activeProfile}' names no ` +
      "profile in the file"
    : `${config.path}: activeProfile is not set and there is no 'default' profile`;
  return new PingcliError("CONFIG_INVALID", message, {
    hint: `Profiles: ${profileNames(config).join(", ")}. Make one active with ` +
      "'pingcli config profiles use <name>', or choose one for a command with -P <name>.",
  });
}

function profileNotFound(config: LoadedConfig, profile: string): PingcliError {
  return notFound(profile, config.path, profileNames(config));
}

/** Reads and returns a profile's stored settings, or throws when the profile does not exist. */
export function profileValues(
  config: LoadedConfig,
  profile: string,
): ReadonlyMap<string, StoredValue> {
  const found = findProfile(config, profile);
  if (found === undefined) throw profileNotFound(config, profile);
  return config.profiles.get(found) ?? new Map();
}

/** The problems stored in one profile (bad values, unknown keys), in file order. */
function profileProblems(config: LoadedConfig, profile: string): ConfigProblem[] {
  return config.invalid.filter((p) => p.profile === profile);
}

/**
 * What the problems in the profile a command uses mean for it: the first one is the error,
 * or, with `lenient` (commands that repair or show the file), each is a warning to print.
 * Problems in other profiles do not matter to a command that does not use them.
 */
export function checkProfile(
  config: LoadedConfig,
  profile: string,
  options: { lenient?: boolean } = {},
): string[] {
  const problems = profileProblems(config, profile);
  if (!options.lenient && problems[0]) throw problems[0].error;
  return problems.map(problemWarning);
}

/** One line for a warning: the located problem and what to do about it. */
export function problemWarning(problem: ConfigProblem): string {
  const { message, hint } = problem.error;
  return hint ? `${message}. ${hint}` : message;
}
