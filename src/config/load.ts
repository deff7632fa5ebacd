/**
 * Loading the config file for commands that only read it. The YAML parser is imported only
 * when a file exists, so env-only runs (the CI case) never load it.
 */
import { fileError } from "../atomic_file.ts";
import { PingcliError } from "../errors.ts";
import type { LoadedConfig, StoredValue } from "./file.ts";

/**
 * Loads the config file. A missing file is an empty config unless it was named explicitly.
 *
 * With `lenient`, a stored value that fails validation does not fail the load: it is left out
 * of `profiles` (so the env or the default applies) and described in `invalid`, for commands
 * that must work on a broken file to repair it (`config set`, `config unset`, `config get`).
 *
 * @example
 * const config = await loadConfig(path, false, { lenient: true });
 * for (const message of config.invalid) out.warn(message, "CONFIG_INVALID");
 */
export async function loadConfig(
  path: string,
  explicit: boolean,
  options: { lenient?: boolean } = {},
): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    // A path through a plain file (HOME set to a file) cannot hold a config either.
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
      if (explicit) {
        // `config set` does not create a named file either: a typo in -C must not scatter files.
        throw new PingcliError("CONFIG_NOT_FOUND", `config file not found: ${path}`, {
          hint: "Check the -C/--config path or PINGCLI_CONFIG. To start a new file there, " +
            "create it empty first.",
        });
      }
      return { path, exists: false, activeProfile: "default", profiles: new Map(), invalid: [] };
    }
    throw fileError(`cannot read config file ${path}`, error);
  }
  const { parseConfig } = await import("./file.ts");
  return parseConfig(path, text, { lenient: options.lenient }).config;
}

/** Reads and returns a profile's stored settings, or throws when the profile does not exist. */
export function profileValues(
  config: LoadedConfig,
  profile: string,
): ReadonlyMap<string, StoredValue> {
  const values = config.profiles.get(profile);
  if (values) return values;
  if (profile === "default" && config.profiles.size === 0) return new Map();
  throw new PingcliError("CONFIG_INVALID", `profile '${profile}' not found in ${config.path}`, {
    hint: `Profiles: ${
      [...config.profiles.keys()].join(", ") || "(none)"
    }. Create it with 'pingcli config profiles create --name ${profile}'.`,
  });
}
