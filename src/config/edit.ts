/**
 * Changing settings in the config file: `config set` and `config unset`.
 *
 * Every change goes through `updateConfig` (lock, re-read, validate, atomic write), so two
 * pingcli processes never lose each other's updates. Rules follow reference §3.4.
 */
import { PingcliError } from "../errors.ts";
import { type ConfigEditor, updateConfig } from "./config_editor.ts";
import { type KeyDef, type SettingValue } from "./registry.ts";
import { findKey, keysWithPrefix, suggestKey } from "./key_lookup.ts";
import { parseValue } from "./values.ts";
import { profileNotFound } from "./profile_name.ts";

/** Where a change is written: the file and the profile. */
export interface ConfigTarget {
  readonly path: string;
  /** Whether the user named the file (-C / PINGCLI_CONFIG); then it must exist. */
  readonly explicit: boolean;
  readonly profile: string;
}

/** Splits `key=value` at the first `=`. */
export function parseAssignment(text: string): { key: string; value: string } {
  const eq = text.indexOf("=");
  if (eq < 0) {
    throw new PingcliError("USAGE_ERROR", `expected key=value, got '${text}'`, {
      hint:
        "Example: pingcli config set service.pingOne.endpoint.rootDomain=pingone.eu. To read a secret from stdin: pingcli config set <key> -",
    });
  }
  return { key: text.slice(0, eq).trim(), value: text.slice(eq + 1) };
}

/** The error for a name that is no key, with the nearest key as a suggestion. */
function unknownKeyError(name: string): PingcliError {
  const suggestion = suggestKey(name);
  return new PingcliError("USAGE_ERROR", `unknown configuration key '${name}'`, {
    hint: (suggestion ? `Did you mean '${suggestion}'? ` : "") +
      "Run 'pingcli config list-keys' to see every key.",
  });
}

/** The key `name` names (any alias, any casing), if it may be changed with set/unset. */
export function changeableKey(name: string, command: "set" | "unset"): KeyDef {
  const def = findKey(name);
  if (!def) throw unknownKeyError(name);
  if (def.topLevel) {
    throw new PingcliError("USAGE_ERROR", `${def.key} cannot be changed with 'config ${command}'`, {
      hint: "Use 'pingcli config profiles use <name>' to change the active profile.",
    });
  }
  return def;
}

/** The keys `config get` shows for `name`: the key itself, or every key under the prefix. */
export function keysForGet(name: string): KeyDef[] {
  const def = findKey(name);
  if (def) return [def];
  const matches = keysWithPrefix(name);
  if (matches.length === 0) throw unknownKeyError(name);
  return matches;
}

/** Validates `raw` for `def` as `config set` would store it. */
export function validateForSet(def: KeyDef, raw: string): SettingValue {
  if (raw.trim() === "") {
    throw new PingcliError("USAGE_ERROR", `the value for ${def.key} is empty`, {
      hint: `To remove the setting, run: pingcli config unset ${def.key}`,
    });
  }
  return parseValue(def, raw, "config set");
}

function requireProfile(editor: ConfigEditor, target: ConfigTarget): void {
  if (editor.hasProfile(target.profile)) return;
  throw profileNotFound(target.profile, target.path, editor.profiles());
}

/** Stores `value` for `def` in the target profile. */
export async function setSetting(
  target: ConfigTarget,
  def: KeyDef,
  value: SettingValue,
): Promise<void> {
  await updateConfig(target.path, target.explicit, (editor) => {
    requireProfile(editor, target);
    editor.set(target.profile, def, value);
  });
}

/** Removes `def` from the target profile. Returns false (and writes nothing) if it was not set. */
export function unsetSetting(target: ConfigTarget, def: KeyDef): Promise<boolean> {
  return removeFromProfile(target, (editor) => editor.unset(target.profile, def));
}

/**
 * Removes a key the registry does not know (a typo, a Go CLI leftover such as `export`) from
 * the target profile, by its dotted path as the warning about it names it. Returns false (and
 * writes nothing) if the profile does not hold it.
 */
export function unsetUnknownKey(target: ConfigTarget, dotted: string): Promise<boolean> {
  return removeFromProfile(target, (editor) => editor.remove(target.profile, [dotted]));
}

async function removeFromProfile(
  target: ConfigTarget,
  remove: (editor: ConfigEditor) => boolean,
): Promise<boolean> {
  class NotSet extends Error {}
  try {
    await updateConfig(target.path, target.explicit, (editor) => {
      requireProfile(editor, target);
      if (!remove(editor)) throw new NotSet();
    });
    return true;
  } catch (error) {
    if (error instanceof NotSet) return false;
    throw error;
  }
}
