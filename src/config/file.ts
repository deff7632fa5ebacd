/**
 * The config file (`~/.pingcli/config.yaml`): its shape, parsing and validation, with
 * `path:line:col` in every error. Changing the file is config_editor.ts's job.
 */
import YAML, {
  type Document,
  isAlias,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  YAMLMap,
} from "yaml";
import { PingcliError } from "../errors.ts";
import { type KeyDef, KEYS, type SettingValue } from "./registry.ts";
import { findKey, suggestKey } from "./key_lookup.ts";
import { parseValue } from "./values.ts";
import { PROFILE_NAME } from "./profile_name.ts";
import { shellWord } from "./shell_word.ts";

export const DEFAULT_DESCRIPTION = "Default profile created by Ping CLI";

export interface StoredValue {
  readonly value: SettingValue;
  /** The key path as written in the file (original casing; a flat key is one element). */
  readonly path: readonly string[];
  readonly line: number;
  readonly col: number;
}

export interface LoadedConfig {
  readonly path: string;
  /** False when the default file does not exist yet (defaults apply). */
  readonly exists: boolean;
  /** `activeProfile` as written, or "default" when the file does not set it. */
  readonly activeProfile: string;
  /** Where the `activeProfile` value is written; undefined when the file does not set it. */
  readonly activeProfileAt?: { readonly line: number; readonly col: number };
  /** Valid stored values only: a value or key with a problem is left out (see `invalid`). */
  readonly profiles: ReadonlyMap<string, ReadonlyMap<string, StoredValue>>;
  /**
   * What is wrong inside profiles: bad values and unknown keys. Only the profile a command
   * uses makes them fatal (checkProfile in load.ts); repair commands show them as warnings.
   */
  readonly invalid: readonly ConfigProblem[];
}

/** A stored value or key that failed validation, in one profile. */
export interface ConfigProblem {
  readonly profile: string;
  /** `value`: a bad value for a known key. `key`: an unknown key, or a value of the wrong shape. */
  readonly kind: "value" | "key";
  /** The canonical key (`value`), or the dotted path as written (`key`). */
  readonly key: string;
  /** The value as stored (JSON), so the same problem can be recognised after an edit. */
  readonly stored: string;
  /** CONFIG_INVALID, its message starting `path:line:col:`. */
  readonly error: PingcliError;
}

/** The versions of the file format pingcli reads (1 is the Go CLI's unversioned layout). */
const MODEL_VERSIONS = ["1", "2"];

/**
 * Parses config text. Malformed YAML and a broken structure (not a mapping of profiles, a bad
 * profile name, an unsupported configModelVersion) throw CONFIG_INVALID with `path:line:col`;
 * pingcli cannot tell what such a file means. A bad value or an unknown key inside a profile
 * is collected in `invalid` instead, so other profiles stay usable and pingcli can repair it.
 */
export function parseConfig(path: string, text: string): { doc: Document; config: LoadedConfig } {
  const lineCounter = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { uniqueKeys: true, lineCounter });
  const at = (node: Node | null | undefined): { line: number; col: number } => {
    const offset = node?.range?.[0];
    return offset === undefined ? { line: 1, col: 1 } : lineCounter.linePos(offset);
  };
  const located = (node: Node | null | undefined, message: string, hint?: string) => {
    const { line, col } = at(node);
    return new PingcliError("CONFIG_INVALID", `${path}:${line}:${col}: ${message}`, { hint });
  };
  const fail = (node: Node | null | undefined, message: string, hint?: string): never => {
    throw located(node, message, hint ?? "Fix the file by hand; pingcli has left it unchanged.");
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
  const shared = firstSharedValue(doc, text);
  if (shared) {
    const { line, col } = lineCounter.linePos(shared.offset);
    throw new PingcliError(
      "CONFIG_INVALID",
      `${path}:${line}:${col}: YAML ${shared.what} is not supported in the config file`,
      {
        hint: "Write each profile's values out in full: pingcli does not read anchors (&), " +
          "aliases (*) or merge keys (<<). Fix the file by hand; pingcli has left it unchanged.",
      },
    );
  }
  const root = doc.contents;
  const profiles = new Map<string, Map<string, StoredValue>>();
  const invalid: ConfigProblem[] = [];
  const problem = (
    profile: string,
    kind: ConfigProblem["kind"],
    key: string,
    node: Node | null | undefined,
    error: PingcliError,
  ): void => {
    const stored = JSON.stringify(node?.toJSON() ?? null);
    invalid.push({ profile, kind, key, stored, error });
  };
  let activeProfile: string | undefined;
  let activeProfileAt: { line: number; col: number } | undefined;
  const profileLines = new Map<string, { name: string; line: number }>();
  if (root !== null && root !== undefined && !isEmptyScalar(root)) {
    if (!isMap(root)) fail(root, "the file must be a mapping of profiles");
    for (const pair of (root as YAMLMap).items as Pair<Node, Node>[]) {
      const name = isScalar(pair.key) ? String(pair.key.value) : "";
      const lower = name.toLowerCase();
      if (lower === "activeprofile") {
        if (!isScalar(pair.value) || typeof pair.value.value !== "string") {
          fail(pair.value ?? pair.key, "activeProfile must be a profile name");
        }
        activeProfile = String((pair.value as YAML.Scalar).value);
        activeProfileAt = at(pair.value);
        continue;
      }
      if (lower === "configmodelversion") {
        checkModelVersion(pair.value);
        continue;
      }
      if (!PROFILE_NAME.test(name)) {
        fail(pair.key, `invalid profile name '${name}': use letters, digits, '_' and '-'`);
      }
      // Profile names match ignoring case (-P dev finds DEV): two may not differ by case only.
      const clash = profileLines.get(lower);
      if (clash) {
        fail(
          pair.key,
          `profile '${name}' is written twice (also as '${clash.name}' on line ${clash.line}); ` +
            "profile names ignore case",
        );
      }
      profileLines.set(lower, { name, line: at(pair.key).line });
      const values = new Map<string, StoredValue>();
      if (pair.value !== null && pair.value !== undefined && !isEmptyScalar(pair.value)) {
        if (!isMap(pair.value)) fail(pair.value, `profile '${name}' must be a mapping of settings`);
        walk(pair.value as YAMLMap, [], values, name);
      }
      profiles.set(name, values);
    }
  }
  function checkModelVersion(node: Node | null): void {
    const version = isScalar(node) ? String(node.value ?? "") : "";
    if (version === "" || MODEL_VERSIONS.includes(version)) return;
    fail(
      node,
      `configModelVersion ${version} is not supported: pingcli reads configModelVersion 2`,
      "The file may come from a newer pingcli. Fix the file by hand; pingcli has left it unchanged.",
    );
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
      const node = pair.value;
      const keyProblem = (at: Node | null | undefined, message: string, hint?: string) =>
        problem(profile, "key", dotted, node, located(at, message, hint));
      if (isMap(node)) {
        if (def && !def.topLevel) {
          const error = located(node, `${dotted} must be a single value, not a mapping`);
          problem(profile, "value", def.key, node, error);
        } else if (findPrefix(dotted)) walk(node, keyPath, out, profile);
        else keyProblem(pair.key, ...unknownKey(profile, dotted));
        continue;
      }
      if (!def && findPrefix(dotted)) {
        // `pingOne:` with nothing under it (null, or "") holds no settings yet.
        if (node === null || node === undefined || isEmptyScalar(node)) continue;
        keyProblem(
          node,
          `${dotted} must be a mapping of keys (such as ${firstUnder(dotted)})`,
          `To remove it: pingcli config unset -P ${profile} ${shellWord(dotted)}`,
        );
        continue;
      }
      if (!def || def.topLevel) {
        keyProblem(pair.key, ...unknownKey(profile, dotted));
        continue;
      }
      const raw = node === null || node === undefined
        ? null
        : isSeq(node)
        ? node.items.map((item) => (isScalar(item) ? scalarValue(item, def) : null))
        : isScalar(node)
        ? scalarValue(node, def)
        : null;
      // `key:` with no value, or `key: ""` as older versions wrote, counts as unset.
      if (raw === null || raw === "") continue;
      const { line, col } = at(node ?? pair.key);
      let value: SettingValue;
      try {
        value = parseValue(def, raw, `file (profile ${profile})`);
      } catch (error) {
        if (!(error instanceof PingcliError)) throw error;
        problem(profile, "value", def.key, node, located(node, error.message, error.hint));
        continue;
      }
      const first = out.get(def.key);
      if (first) {
        const message = `${def.key} is set twice (also on line ${first.line})`;
        problem(profile, "value", def.key, node, located(pair.key, message, REMOVE_ONE));
        continue;
      }
      out.set(def.key, { value, path: keyPath, line, col });
    }
  }
  return {
    doc,
    config: {
      path,
      exists: true,
      activeProfile: activeProfile ?? "default",
      activeProfileAt,
      profiles,
      invalid,
    },
  };
}

const REMOVE_ONE = "Remove one of them by hand, or set the key again with 'pingcli config set'.";

/**
 * The message and hint for a key the registry does not know (a typo, or a Go CLI leftover such
 * as `export`): the nearest key, and how to remove it.
 */
function unknownKey(profile: string, dotted: string): [string, string] {
  const suggestion = suggestKey(dotted);
  return [
    `unknown key '${dotted}'`,
    (suggestion ? `Did you mean '${suggestion}'? ` : "") +
    `To remove it: pingcli config unset -P ${profile} ${shellWord(dotted)}. ` +
    "Run 'pingcli config list-keys' to see every key.",
  ];
}

/**
 * The first anchor (`&base`), alias (`*base`) or merge key (`<<`) in the file, if any. pingcli
 * does not support them: `config set` on a value one profile shares with another would change
 * both or silently unshare it, and `<<` merges only in YAML 1.1, so a merged profile would read
 * as an unknown key `<<` and an aliased value as not set.
 */
function firstSharedValue(
  doc: Document,
  text: string,
): { offset: number; what: string } | undefined {
  let found: { offset: number; what: string } | undefined;
  YAML.visit(doc, (_key, node) => {
    if (isAlias(node)) {
      found = { offset: node.range?.[0] ?? 0, what: `alias '*${node.source}'` };
    } else if (isPair(node) && isScalar(node.key) && node.key.value === "<<") {
      found = { offset: node.key.range?.[0] ?? 0, what: "merge key '<<'" };
    } else if (isNode(node) && node.anchor) {
      // The node's range starts at its content; the `&name` before it is where the user looks.
      const start = node.range?.[0] ?? 0;
      const anchor = text.lastIndexOf(`&${node.anchor}`, start);
      found = { offset: anchor >= 0 ? anchor : start, what: `anchor '&${node.anchor}'` };
    }
    return found ? YAML.visit.BREAK : undefined;
  });
  return found;
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

/** `key:` with nothing after it, `key: null` or `key: ""`. */
export function isEmptyScalar(node: unknown): boolean {
  return isScalar(node) && (node.value === null || node.value === "");
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
