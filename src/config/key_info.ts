/**
 * What the registry says about each key, in the shape `config list-keys` prints and
 * `docs/settings.md` is generated from.
 */
import YAML, { type Scalar } from "yaml";
import { type KeyDef, KEYS, type SettingValue } from "./registry.ts";
import { envNamesFor } from "./key_lookup.ts";

export interface KeyInfo {
  key: string;
  type: string;
  default: SettingValue | null;
  values: string[];
  flags: string[];
  env: string[];
  secret: boolean;
  aliases: string[];
  extension: boolean;
  description: string;
}

export function keyInfo(def: KeyDef): KeyInfo {
  return {
    key: def.key,
    type: def.type,
    default: def.default ?? null,
    values: [...(def.values ?? [])],
    flags: [...(def.short ? [def.short] : []), ...(def.flags ?? [])],
    env: envNamesFor(def),
    secret: def.secret === true,
    aliases: [...(def.aliases ?? [])],
    extension: def.extension === true,
    description: def.description,
  };
}

export function allKeyInfo(): KeyInfo[] {
  return KEYS.map(keyInfo);
}

/** A default as text: arrays comma-separated, "" when there is none. */
export function defaultText(def: KeyDef): string {
  const value = def.default;
  if (value === undefined) return "";
  return Array.isArray(value) ? value.join(",") : String(value);
}

/**
 * Every key as a nested YAML tree, each leaf holding its default (or null) with its type and
 * description as a comment: a template for a profile in the config file.
 */
export function keysYamlTree(): string {
  const doc = new YAML.Document({});
  for (const def of KEYS) {
    const node = doc.createNode(def.default ?? null, { flow: true }) as Scalar;
    const type = def.type === "enum" ? `one of ${def.values!.join(", ")}` : def.type;
    node.comment = ` ${type}${def.secret ? ", secret" : ""}. ${def.description}`;
    doc.setIn(def.key.split("."), node);
  }
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false, nullStr: "" });
}
