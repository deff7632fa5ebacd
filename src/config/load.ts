/**
 * Loading the config file for commands that only read it. The YAML parser is imported only
 * when a file exists, so env-only runs (the CI case) never load it.
 */
import { fileError } from "../atomic_file.ts";
import { PingcliError } from "../errors.ts";
import type { LoadedConfig, StoredValue } from "./file.ts";

/** Loads the config file. A missing file is an empty config unless it was named explicitly. */
export async function loadConfig(path: string, explicit: boolean): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    // A path through a plain file (HOME set to a file) cannot hold a config either.
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
      if (explicit) {
        throw new PingcliError("CONFIG_NOT_FOUND", `config file not found: ${path}`, {
          hint:
            "Check the -C/--config path or PINGCLI_CONFIG, or create it with 'pingcli config set'.",
        });
      }
      return { path, exists: false, activeProfile: "default", profiles: new Map() };
    }
    throw fileError(`cannot read config file ${path}`, error);
  }
  const { parseConfig } = await import("./file.ts");
  return parseConfig(path, text).config;
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
