/**
 * The config file (`~/.pingcli/config.yaml`): loading with validation, and safe updates.
 *
 * Reading never writes. Updates keep the user's comments and key order (the `yaml` Document
 * API), are written to a temp file in the same directory and renamed into place (mode 0600,
 * directory 0700), under a lock file so concurrent pingcli processes never lose an update.
 */
import YAML, { type Document, isMap, isScalar, isSeq, type Node, type Pair, YAMLMap } from "yaml";
import { PingcliError } from "../errors.ts";
import { findKey, type KeyDef, KEYS, type SettingValue, suggestKey } from "./registry.ts";
import { parseValue } from "./values.ts";
import { detectIndent, mergeEdit } from "./format_preserving.ts";
import { dirname } from "node:path";
import { acquireLock, ensureDir, fileError, writeFileAtomic } from "../atomic_file.ts";

export const PROFILE_NAME = /^[A-Za-z0-9_-]+$/;
export const DEFAULT_DESCRIPTION = "Default profile created by Ping CLI";
const TOP_LEVEL = new Set(["configmodelversion", "activeprofile"]);

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
function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return typeof key === "string" ? key : "";
}

/** An editable view over the YAML document, with case-insensitive key paths. */
export class ConfigEditor {
  readonly doc: Document;
  constructor(doc: Document) {
    this.doc = doc;
  }

  get activeProfile(): string {
    const value = this.#findTop("activeProfile");
    return typeof value === "string" ? value : "default";
  }

  set activeProfile(name: string) {
    this.#setTop("activeProfile", name);
  }

  profiles(): string[] {
    const root = this.doc.contents;
    if (!isMap(root)) return [];
    return (root.items as Pair<Node, Node>[])
      .map((p) => keyText(p.key))
      .filter((k) => k !== "" && !TOP_LEVEL.has(k.toLowerCase()));
  }

  hasProfile(name: string): boolean {
    return this.profiles().includes(name);
  }

  addProfile(name: string, description?: string): void {
    const map = new YAMLMap();
    if (description !== undefined) map.set("description", description);
    this.#rootMap().add(this.doc.createPair(name, map));
  }

  deleteProfile(name: string): void {
    this.#rootMap().delete(name);
  }

  /** Sets a key in a profile, reusing the path as already written if the key is present. */
  set(profile: string, def: KeyDef, value: SettingValue): void {
    const existing = this.#existingPath(profile, def);
    const current = existing ? this.doc.getIn([profile, ...existing], true) : undefined;
    // Update a scalar in place so a comment on its line stays with it.
    if (isScalar(current) && !Array.isArray(value)) {
      current.value = value;
      return;
    }
    const node = Array.isArray(value)
      ? this.doc.createNode(value, { flow: isSeq(current) ? current.flow ?? false : true })
      : this.doc.createNode(value);
    if (isSeq(current) || isScalar(current)) {
      node.comment = current.comment;
      node.commentBefore = current.commentBefore;
    }
    const path = existing ?? def.key.split(".");
    this.#blockProfile(profile);
    this.doc.setIn([profile, ...this.#matchCase(profile, path)], node);
  }

  /** Removes a key from a profile, pruning mappings left empty. Returns false if it was not set. */
  unset(profile: string, def: KeyDef): boolean {
    const existing = this.#existingPath(profile, def);
    if (!existing) return false;
    this.doc.deleteIn([profile, ...existing]);
    for (let i = existing.length - 1; i > 0; i--) {
      const parent = this.doc.getIn([profile, ...existing.slice(0, i)]);
      if (isMap(parent) && parent.items.length === 0) {
        this.doc.deleteIn([profile, ...existing.slice(0, i)]);
      } else break;
    }
    return true;
  }

  toString(indent = 2): string {
    return this.doc.toString({ lineWidth: 0, flowCollectionPadding: false, indent });
  }

  /** An empty profile (`dev: {}` or `dev:`) becomes a block mapping before keys go into it. */
  #blockProfile(profile: string): void {
    const node = this.#rootMap().get(profile, true);
    if (!isMap(node)) this.#rootMap().set(profile, new YAMLMap());
    else if (node.flow && node.items.length === 0) node.flow = false;
  }

  #rootMap(): YAMLMap {
    if (!isMap(this.doc.contents)) this.doc.contents = this.doc.createNode({}) as never;
    return this.doc.contents as YAMLMap;
  }

  #findTop(name: string): unknown {
    const root = this.doc.contents;
    if (!isMap(root)) return undefined;
    const pair = (root.items as Pair<Node, Node>[]).find((p) =>
      keyText(p.key).toLowerCase() === name.toLowerCase()
    );
    return pair && isScalar(pair.value) ? pair.value.value : undefined;
  }

  #setTop(name: string, value: string): void {
    const root = this.#rootMap();
    const pair = (root.items as Pair<Node, Node>[]).find((p) =>
      keyText(p.key).toLowerCase() === name.toLowerCase()
    );
    if (pair && isScalar(pair.value)) pair.value.value = value; // keeps a comment on the line
    else if (pair) pair.value = this.doc.createNode(value);
    else root.add(this.doc.createPair(name, value));
  }

  /** The path of `def` in `profile` as written in the file (any alias, any casing). */
  #existingPath(profile: string, def: KeyDef): string[] | undefined {
    for (const name of [def.key, ...(def.aliases ?? [])]) {
      const found = this.#walkCaseInsensitive([profile, ...name.split(".")]);
      if (found) return found.slice(1);
    }
    return undefined;
  }

  #walkCaseInsensitive(path: string[]): string[] | undefined {
    let node: unknown = this.doc.contents;
    const actual: string[] = [];
    for (const segment of path) {
      if (!isMap(node)) return undefined;
      const pair = (node.items as Pair<Node, Node>[]).find((p) =>
        keyText(p.key).toLowerCase() === segment.toLowerCase()
      );
      if (!pair) return undefined;
      actual.push(keyText(pair.key));
      node = pair.value;
    }
    return actual;
  }

  /** Reuses the casing of the map keys that already exist along `path`. */
  #matchCase(profile: string, path: string[]): string[] {
    const out: string[] = [];
    for (let i = 0; i < path.length; i++) {
      const found = this.#walkCaseInsensitive([profile, ...out, path[i]!]);
      out.push(found ? found[found.length - 1]! : path[i]!);
    }
    return out;
  }
}

/**
 * Reads, edits and rewrites the config file under a lock. `edit` gets the freshly read
 * document; if it throws, nothing is written. The result is validated before it is written.
 *
 * A value that was already invalid in the file does not block the edit (so `config set` and
 * `config unset` can repair it), but an edit never writes an invalid value that was not there.
 */
export async function updateConfig<T>(
  path: string,
  explicit: boolean,
  edit: (editor: ConfigEditor) => T | Promise<T>,
): Promise<T> {
  // A named file must exist: check before creating its directory or a lock beside it.
  if (explicit) await requireFile(path);
  else await ensureDir(dirname(path));
  const release = await acquireLock(path + ".lock");
  try {
    let text: string | undefined;
    try {
      text = await Deno.readTextFile(path);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) {
        throw fileError(`cannot read config file ${path}`, error);
      }
      if (explicit) throw configNotFound(path);
    }
    const before = text === undefined ? undefined : parseConfig(path, text, LENIENT);
    const doc = before?.doc ?? newConfigDocument();
    const editor = new ConfigEditor(doc);
    // A file with no profiles (empty, or only comments) gets the default profile, as a new file.
    if (editor.profiles().length === 0) editor.addProfile("default", DEFAULT_DESCRIPTION);
    const result = await edit(editor);
    const output = text === undefined ? editor.toString() : keepFormatting(path, text, editor);
    // Never write a file we could not read back, nor a bad value the file did not already hold.
    const known = new Set(before?.invalid.map(invalidIdentity));
    const added = parseConfig(path, output, LENIENT).invalid.find((v) =>
      !known.has(invalidIdentity(v))
    );
    if (added) throw added.error;
    await writeFileAtomic(path, output);
    return result;
  } finally {
    await release();
  }
}

const LENIENT: ParseOptions = { lenient: true };

/** What makes two invalid values the same one, whatever line an edit moved it to. */
function invalidIdentity(value: InvalidValue): string {
  return JSON.stringify([value.profile, value.key, value.stored]);
}

async function requireFile(path: string): Promise<void> {
  try {
    await Deno.stat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
      throw configNotFound(path);
    }
    throw fileError(`cannot read config file ${path}`, error);
  }
}

function configNotFound(path: string): PingcliError {
  return new PingcliError("CONFIG_NOT_FOUND", `config file not found: ${path}`, {
    hint: "Check the -C/--config path or PINGCLI_CONFIG.",
  });
}

/** The edited file, with every line the edit did not touch kept as the user wrote it. */
function keepFormatting(path: string, original: string, editor: ConfigEditor): string {
  const indent = detectIndent(original);
  const baseline = new ConfigEditor(parseConfig(path, original, LENIENT).doc).toString(indent);
  const edited = editor.toString(indent);
  const want = JSON.stringify(editor.doc.toJS());
  return mergeEdit(original, baseline, edited, (text) => {
    const doc = YAML.parseDocument(text, { uniqueKeys: true });
    return doc.errors.length === 0 && JSON.stringify(doc.toJS()) === want;
  });
}

function newConfigDocument(): Document {
  return YAML.parseDocument(
    `configModelVersion: 2\nactiveProfile: default\ndefault:\n  description: ${DEFAULT_DESCRIPTION}\n`,
  );
}
