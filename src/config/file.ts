/**
 * The config file (`~/.pingcli/config.yaml`): its shape, parsing and validation, with
 * `path:line:col` in every error. Changing the file is config_editor.ts's job.
 */
import YAML, { type Document, isMap, isScalar, isSeq, type Node, type Pair, YAMLMap } from "yaml";
import { PingcliError } from "../errors.ts";
import { findKey, type KeyDef, KEYS, type SettingValue, suggestKey } from "./registry.ts";
import { parseValue } from "./values.ts";

export const PROFILE_NAME = /^[A-Za-z0-9_-]+$/;
export const DEFAULT_DESCRIPTION = "Default profile created by Ping CLI";
/** Top-level keys that are not profiles (lower case). */
export const TOP_LEVEL = new Set(["configmodelversion", "activeprofile"]);

export interface StoredValue {
  readonly value: SettingValue;
  /** The key path as written in the file (original casing). */
  readonly path: readonly string[];
  readonly line: number;
  readonly col: number;
}

export interface LoadedConfig {
  readonly path: string;
  /** False when the default file does not exist yet (defaults apply). */
  readonly exists: boolean;
  readonly activeProfile: string;
  /** Valid stored values only: in lenient mode an invalid value is left out (see `invalid`). */
  readonly profiles: ReadonlyMap<string, ReadonlyMap<string, StoredValue>>;
  /** Lenient mode: one `path:line:col: …` message per stored value that failed validation. */
  readonly invalid: readonly string[];
}

/** A stored value that failed validation, collected instead of thrown in lenient mode. */
export interface InvalidValue {
  readonly profile: string;
  /** The canonical key. */
  readonly key: string;
  /** The value as stored (JSON), so the same bad value can be recognised after an edit. */
  readonly stored: string;
  readonly error: PingcliError;
}

export interface ParseOptions {
  /**
   * Collect values that fail validation instead of throwing, so a bad value can still be
   * repaired with `config set`/`unset`. Malformed YAML, unknown keys and a broken structure
   * still throw: pingcli cannot tell what such a file means.
   */
  readonly lenient?: boolean;
}

/** Parses and validates config text. Errors carry `path:line:col`. */
export function parseConfig(
  path: string,
  text: string,
  options: ParseOptions = {},
): { doc: Document; config: LoadedConfig; invalid: InvalidValue[] } {
  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { uniqueKeys: true, lineCounter });
  const at = (node: Node | null | undefined): { line: number; col: number } => {
    const offset = node?.range?.[0];
    return offset === undefined ? { line: 1, col: 1 } : lineCounter.linePos(offset);
  };
  const fail = (node: Node | null | undefined, message: string, hint?: string): never => {
    const { line, col } = at(node);
    throw new PingcliError("CONFIG_INVALID", `${path}:${line}:${col}: ${message}`, {
      hint: hint ?? "Fix the file by hand; pingcli has left it unchanged.",
    });
  };
  const firstError = doc.errors[0];
  if (firstError) {
    const pos = firstError.linePos?.[0] ?? { line: 1, col: 1 };
    const what = firstError.code === "DUPLICATE_KEY"
      ? "duplicate key"
      : firstError.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
    throw new PingcliError(
      "CONFIG_INVALID",
      `${path}:${pos.line}:${pos.col}: malformed YAML: ${what}`,
      {
        hint: "Fix the file by hand; pingcli has left it unchanged.",
      },
    );
  }
  const root = doc.contents;
  const profiles = new Map<string, Map<string, StoredValue>>();
  const invalid: InvalidValue[] = [];
  /** A bad value: thrown, or in lenient mode recorded and left out of the profile. */
  const badValue = (profile: string, def: KeyDef, node: Node, error: PingcliError): void => {
    const { line, col } = at(node);
    const located = new PingcliError("CONFIG_INVALID", `${path}:${line}:${col}: ${error.message}`, {
      hint: error.hint,
    });
    if (!options.lenient) throw located;
    const stored = JSON.stringify(node.toJSON());
    invalid.push({ profile, key: def.key, stored, error: located });
  };
  let activeProfile: string | undefined;
  let activeNode: Node | undefined;
  if (root !== null && root !== undefined) {
    if (!isMap(root)) fail(root, "the file must be a mapping of profiles");
    for (const pair of (root as YAMLMap).items as Pair<Node, Node>[]) {
      const name = isScalar(pair.key) ? String(pair.key.value) : "";
      const lower = name.toLowerCase();
      if (lower === "activeprofile") {
        if (!isScalar(pair.value) || typeof pair.value.value !== "string") {
          fail(pair.value ?? pair.key, "activeProfile must be a profile name");
        }
        activeProfile = String((pair.value as YAML.Scalar).value);
        activeNode = pair.value ?? undefined;
        continue;
      }
      if (lower === "configmodelversion") continue;
      if (!PROFILE_NAME.test(name)) {
        fail(pair.key, `invalid profile name '${name}': use letters, digits, '_' and '-'`);
      }
      const values = new Map<string, StoredValue>();
      if (
        pair.value !== null && pair.value !== undefined &&
        !(isScalar(pair.value) && pair.value.value === null)
      ) {
        if (!isMap(pair.value)) fail(pair.value, `profile '${name}' must be a mapping of settings`);
        walk(pair.value as YAMLMap, [], values, name);
      }
      profiles.set(name, values);
    }
  }
  function walk(
    map: YAMLMap,
    prefix: string[],
    out: Map<string, StoredValue>,
    profile: string,
  ): void {
    for (const pair of map.items as Pair<Node, Node>[]) {
      const segment = isScalar(pair.key) ? String(pair.key.value) : "";
      const keyPath = [...prefix, segment];
      const dotted = keyPath.join(".");
      const def = findKey(dotted);
      if (isMap(pair.value)) {
        if (def && !def.topLevel) {
          const message = `${dotted} must be a single value, not a mapping`;
          badValue(profile, def, pair.value, new PingcliError("CONFIG_INVALID", message));
          continue;
        }
        const knownPrefix = findPrefix(dotted);
        if (!knownPrefix) unknownKey(pair.key, dotted);
        walk(pair.value, keyPath, out, profile);
        continue;
      }
      if (!def && findPrefix(dotted) && pair.value !== null && !isScalarNull(pair.value)) {
        fail(pair.value, `${dotted} must be a mapping of keys (such as ${firstUnder(dotted)})`);
      }
      if (!def || def.topLevel) unknownKey(pair.key, dotted);
      const node = pair.value;
      const raw = node === null || node === undefined
        ? null
        : isSeq(node)
        ? node.items.map((item) => (isScalar(item) ? scalarValue(item, def!) : null))
        : isScalar(node)
        ? scalarValue(node, def!)
        : null;
      // `key:` with no value, or `key: ""` as older versions wrote, counts as unset.
      if (raw === null || raw === "") continue;
      const { line, col } = at(node ?? pair.key);
      let value: SettingValue;
      try {
        value = parseValue(def!, raw, `file (profile ${profile})`);
      } catch (error) {
        if (!(error instanceof PingcliError)) throw error;
        badValue(profile, def!, node!, error);
        continue;
      }
      if (out.has(def!.key)) {
        fail(
          pair.key,
          `${def!.key} is set twice (as ${out.get(def!.key)!.path.join(".")} and ${dotted})`,
        );
      }
      out.set(def!.key, { value, path: keyPath, line, col });
    }
  }
  function unknownKey(node: Node | null | undefined, dotted: string): never {
    const suggestion = suggestKey(dotted);
    return fail(
      node,
      `unknown key '${dotted}'`,
      (suggestion ? `Did you mean '${suggestion}'? ` : "") +
        "Run 'pingcli config list-keys' to see every key.",
    );
  }
  const active = activeProfile ?? "default";
  if (profiles.size > 0 && !profiles.has(active)) {
    fail(
      activeNode ?? root as Node,
      `activeProfile '${active}' names no profile in the file`,
      `Profiles: ${[...profiles.keys()].join(", ")}`,
    );
  }
  const messages = invalid.map((v) => invalidMessage(v.error));
  return {
    doc,
    config: { path, exists: true, activeProfile: active, profiles, invalid: messages },
    invalid,
  };
}

/** One line for a warning: the located problem and what is allowed. */
function invalidMessage(error: PingcliError): string {
  return error.hint ? `${error.message}. ${error.hint}` : error.message;
}

/**
 * A scalar's value for `def`. Text keys take the text as written, so `softwareVersion: 13.0`
 * stays "13.0" and a client ID like `0123` keeps its leading zero.
 */
function scalarValue(node: YAML.Scalar, def: KeyDef): unknown {
  const textual = def.type !== "bool" && def.type !== "int";
  if (textual && node.value !== null && typeof node.value !== "string" && node.source) {
    return node.source;
  }
  return node.value;
}

function isScalarNull(node: Node): boolean {
  return isScalar(node) && node.value === null;
}

/** The first key under a prefix, for messages. */
function firstUnder(dotted: string): string {
  const p = dotted.toLowerCase() + ".";
  return KEYS.find((def) => def.key.toLowerCase().startsWith(p))?.key ?? dotted;
}

/** Whether `dotted` is a parent of some key (so a mapping is expected there). */
function findPrefix(dotted: string): boolean {
  const p = dotted.toLowerCase() + ".";
  return KEYS.some((def) =>
    [def.key, ...(def.aliases ?? [])].some((k) => k.toLowerCase().startsWith(p))
  );
}

/** A mapping key as text (a parsed Scalar, or a plain string the editor added). */
export function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return typeof key === "string" ? key : "";
}
