/**
 * Profiles: named sets of settings in one config file (reference §3.2). `activeProfile`
 * chooses the default one; `-P` overrides it for one command and never changes it.
 */
import { PingcliError } from "../errors.ts";
import { type ConfigEditor, updateConfig } from "./config_editor.ts";
import { DEFAULT_DESCRIPTION, type LoadedConfig } from "./file.ts";
import { validateProfileName } from "./profile_name.ts";
import { findProfile } from "./load.ts";
import { type KeyDef, KEYS, type SettingValue } from "./registry.ts";
import type { ConfigTarget } from "./edit.ts";

export interface ProfileSummary {
  readonly name: string;
  readonly description: string;
  readonly active: boolean;
}

/**
 * The profiles in the file; a missing file has the implicit `default` profile. None is active
 * when activeProfile names no profile.
 */
export function listProfiles(config: LoadedConfig): ProfileSummary[] {
  if (!config.exists || config.profiles.size === 0) {
    return [{ name: "default", description: DEFAULT_DESCRIPTION, active: true }];
  }
  const active = findProfile(config, config.activeProfile);
  return [...config.profiles.entries()].map(([name, values]) => ({
    name,
    description: String(values.get("description")?.value ?? ""),
    active: name === active,
  }));
}

/** A profile's stored settings in registry order, or an error naming the profiles there are. */
export function profileSettings(
  config: LoadedConfig,
  name: string,
): { def: KeyDef; value: SettingValue }[] {
  const found = findProfile(config, name);
  if (found === undefined) {
    throw notFound(name, listProfiles(config).map((p) => p.name), config.path);
  }
  const stored = config.profiles.get(found);
  if (!stored) {
    const def = KEYS.find((d) => d.key === "description")!;
    return [{ def, value: DEFAULT_DESCRIPTION }];
  }
  return KEYS.filter((def) => stored.has(def.key)).map((def) => ({
    def,
    value: stored.get(def.key)!.value,
  }));
}

function notFound(name: string, names: string[], path: string): PingcliError {
  return new PingcliError("CONFIG_INVALID", `profile '${name}' not found in ${path}`, {
    hint: `Profiles: ${names.join(", ") || "(none)"}. Run 'pingcli config profiles list'.`,
  });
}

/** The profile `name` names (ignoring case) as the file spells it, or a not-found error. */
function requireExisting(editor: ConfigEditor, name: string, path: string): string {
  const found = editor.findProfile(name);
  if (found === undefined) throw notFound(name, editor.profiles(), path);
  return found;
}

/** Adds a profile; optionally makes it the active one. */
export async function createProfile(
  file: Omit<ConfigTarget, "profile">,
  options: { name: string; description?: string; setActive?: boolean },
): Promise<void> {
  validateProfileName(options.name);
  await updateConfig(file.path, file.explicit, (editor) => {
    const clash = editor.profiles().find((p) => p.toLowerCase() === options.name.toLowerCase());
    if (clash) {
      throw new PingcliError("USAGE_ERROR", `profile '${clash}' already exists`, {
        hint: "Choose another name, or change it with 'pingcli config set -P " + clash +
          " <key>=<value>'.",
      });
    }
    editor.addProfile(options.name, options.description);
    if (options.setActive) editor.activeProfile = options.name;
  });
}

/** Deletes a profile (named ignoring case); the active profile cannot be deleted. */
export async function deleteProfile(
  file: Omit<ConfigTarget, "profile">,
  name: string,
): Promise<void> {
  await updateConfig(file.path, file.explicit, (editor) => {
    const stored = requireExisting(editor, name, file.path);
    if (editor.findProfile(editor.activeProfile) === stored) {
      throw new PingcliError("USAGE_ERROR", `the active profile '${stored}' cannot be deleted`, {
        hint: "Make another profile active first: pingcli config profiles use <name>",
      });
    }
    editor.deleteProfile(stored);
  });
}

/** Makes `name` (matched ignoring case) the active profile; returns the name as stored. */
export async function useProfile(
  file: Omit<ConfigTarget, "profile">,
  name: string,
): Promise<string> {
  return await updateConfig(file.path, file.explicit, (editor) => {
    const stored = requireExisting(editor, name, file.path);
    editor.activeProfile = stored;
    return stored;
  });
}
