/**
 * Changing the config file safely. Updates keep the user's comments, key order and the
 * formatting of untouched lines (the `yaml` Document API plus format_preserving.ts), are
 * written to a temp file in the same directory and renamed into place (mode 0600, directory
 * 0700), under a lock file so concurrent pingcli processes never lose an update.
 */
import YAML, { type Document, isMap, isScalar, isSeq, type Node, type Pair, YAMLMap } from "yaml";
import { dirname } from "node:path";
import { acquireLock, ensureDir, fileError, writeFileAtomic } from "../atomic_file.ts";
import { PingcliError } from "../errors.ts";
import { type ConfigProblem, DEFAULT_DESCRIPTION, keyText, parseConfig } from "./file.ts";
import { detectIndent, mergeEdit } from "./format_preserving.ts";
import { configFileExists, configNotFound } from "./load.ts";
import { TOP_LEVEL } from "./profile_name.ts";
import { shellWord } from "./shell_word.ts";
import { blockingPair, deepestMapping, findPaths, type PairPath, removePath } from "./key_paths.ts";
import type { KeyDef, SettingValue } from "./registry.ts";

/**
 * An editable view over the YAML document. Profile names and key paths match ignoring case,
 * and a key is found however its path is split across mapping keys: nested, flat
 * (`service.pingOne.endpoint.environmentID: …`) or partly flat, as the file may hold it.
 */
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
    return this.#profilePairs().map((p) => keyText(p.key));
  }

  /** The profile `name` names (ignoring case), as the file spells it. */
  findProfile(name: string): string | undefined {
    const names = this.profiles();
    return names.find((n) => n === name) ??
      names.find((n) => n.toLowerCase() === name.toLowerCase());
  }

  hasProfile(name: string): boolean {
    return this.findProfile(name) !== undefined;
  }

  addProfile(name: string, description?: string): void {
    const map = new YAMLMap();
    if (description !== undefined) map.set("description", description);
    this.#rootMap().add(this.doc.createPair(name, map));
  }

  deleteProfile(name: string): void {
    const pair = this.#profilePair(name);
    if (pair) this.#rootMap().items.splice(this.#rootMap().items.indexOf(pair), 1);
  }

  /**
   * Sets a key in a profile. A key already present is changed where it is written (any alias,
   * casing or split), so a comment on its line stays; otherwise it is added under the deepest
   * mapping that already holds part of its path.
   */
  set(profile: string, def: KeyDef, value: SettingValue): void {
    const map = this.#blockProfile(profile);
    const [existing, ...extra] = this.#find(map, [def.key, ...(def.aliases ?? [])]);
    // A key written twice (nested and flat, or under an alias) now has one value.
    for (const path of extra) removePath(map, path);
    if (existing) {
      const pair = existing[existing.length - 1]!;
      const current = pair.value;
      // Update a scalar in place so a comment on its line stays with it.
      if (isScalar(current) && !Array.isArray(value)) {
        current.value = value;
        return;
      }
      const node = this.#valueNode(value, current);
      pair.value = node;
      return;
    }
    this.#add(profile, map, def.key.split("."), this.#valueNode(value, undefined));
  }

  /** Removes a key from a profile, pruning mappings left empty. Returns false if it was not set. */
  unset(profile: string, def: KeyDef): boolean {
    return this.remove(profile, [def.key, ...(def.aliases ?? [])]);
  }

  /**
   * Removes every occurrence of the dotted key paths `names` (an unknown key too, so a leftover
   * can be cleaned up), pruning mappings left empty. Returns false if none was there.
   */
  remove(profile: string, names: readonly string[]): boolean {
    const pair = this.#profilePair(profile);
    if (!pair || !isMap(pair.value)) return false;
    const map = pair.value;
    const paths = this.#find(map, names);
    for (const path of paths) removePath(map, path);
    return paths.length > 0;
  }

  toString(indent = 2): string {
    return this.doc.toString({ lineWidth: 0, flowCollectionPadding: false, indent });
  }

  /** Every place one of `names` is written in `map`, in file order. */
  #find(map: YAMLMap, names: readonly string[]): PairPath[] {
    return names.flatMap((name) => findPaths(map, name.toLowerCase().split(".")));
  }

  /** Adds `segments` (canonical casing) with `value`, reusing the mappings already there. */
  #add(profile: string, map: YAMLMap, segments: string[], value: Node): void {
    const { path, rest } = deepestMapping(map, segments.map((s) => s.toLowerCase()));
    let parent = map;
    const last = path[path.length - 1];
    if (last) {
      // `pingOne:` with nothing under it (or `pingOne: null`) becomes the mapping it stands for.
      if (!isMap(last.value)) last.value = new YAMLMap() as never;
      parent = last.value as YAMLMap;
    }
    const blocker = blockingPair(parent, rest);
    if (blocker) {
      // Replacing it would lose what the user wrote there: they decide.
      const written = [...path, blocker].map((p) => keyText(p.key)).join(".");
      throw new PingcliError(
        "CONFIG_INVALID",
        `${written} holds a value where a mapping of keys belongs, so ${
          segments.join(".")
        } cannot be added under it`,
        { hint: `Remove it first: pingcli config unset -P ${profile} ${shellWord(written)}` },
      );
    }
    const names = segments.slice(segments.length - rest.length);
    let node: Node = value;
    for (let i = names.length - 1; i > 0; i--) {
      const nested = new YAMLMap();
      nested.add(this.doc.createPair(names[i]!, node));
      node = nested;
    }
    parent.add(this.doc.createPair(names[0]!, node));
  }

  #valueNode(value: SettingValue, current: unknown): Node {
    const node = Array.isArray(value)
      ? this.doc.createNode(value, { flow: isSeq(current) ? current.flow ?? false : true })
      : this.doc.createNode(value);
    if (isSeq(current) || isScalar(current)) {
      node.comment = current.comment;
      node.commentBefore = current.commentBefore;
    }
    return node;
  }

  /** The profile's mapping, made a block mapping: `dev: {}` or `dev:` before keys go in. */
  #blockProfile(profile: string): YAMLMap {
    const pair = this.#profilePair(profile);
    if (!pair) {
      const map = new YAMLMap();
      this.#rootMap().add(this.doc.createPair(profile, map));
      return map;
    }
    if (!isMap(pair.value)) pair.value = new YAMLMap() as never;
    const map = pair.value as YAMLMap;
    if (map.flow && map.items.length === 0) map.flow = false;
    return map;
  }

  #profilePairs(): PairPath {
    const root = this.doc.contents;
    if (!isMap(root)) return [];
    return (root.items as PairPath).filter((p) => {
      const name = keyText(p.key);
      return name !== "" && !TOP_LEVEL.has(name.toLowerCase());
    });
  }

  #profilePair(name: string): Pair<Node, Node> | undefined {
    const stored = this.findProfile(name);
    return this.#profilePairs().find((p) => keyText(p.key) === stored);
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
}

/**
 * Reads, edits and rewrites the config file under a lock. `edit` gets the freshly read
 * document; if it throws, nothing is written. The result is validated before it is written.
 *
 * A bad value or unknown key that was already in the file does not block the edit (so
 * `config set` and `config unset` can repair it), but an edit never writes one that was not.
 */
export async function updateConfig<T>(
  path: string,
  explicit: boolean,
  edit: (editor: ConfigEditor) => T | Promise<T>,
): Promise<T> {
  // A named file must exist, and any file must be a regular one: both are checked before its
  // directory or a lock beside it is created. The lock stays beside the path the user named,
  // also when that is a symlink (writeFileAtomic writes through to the link's target).
  const exists = await configFileExists(path);
  if (explicit && !exists) throw configNotFound(path);
  if (!explicit) await ensureDir(dirname(path));
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
    const before = text === undefined ? undefined : parseConfig(path, text);
    const doc = before?.doc ?? newConfigDocument();
    const editor = new ConfigEditor(doc);
    // A file with no profiles (empty, or only comments) gets the default profile, as a new file.
    if (editor.profiles().length === 0) editor.addProfile("default", DEFAULT_DESCRIPTION);
    const result = await edit(editor);
    const output = text === undefined ? editor.toString() : keepFormatting(path, text, editor);
    // Never write a file we could not read back, nor a bad value the file did not already hold.
    const known = new Set(before?.config.invalid.map(invalidIdentity));
    const added = parseConfig(path, output).config.invalid.find((v) =>
      !known.has(invalidIdentity(v))
    );
    if (added) throw added.error;
    await writeFileAtomic(path, output);
    return result;
  } finally {
    await release();
  }
}

/**
 * What makes two problems the same one, whatever line an edit moved it to. An unknown key is
 * the same one whatever it holds: removing one leaf of an unknown mapping changes what it holds.
 */
function invalidIdentity(problem: ConfigProblem): string {
  const stored = problem.kind === "key" ? "" : problem.stored;
  return JSON.stringify([problem.profile, problem.kind, problem.key, stored]);
}

/** The edited file, with every line the edit did not touch kept as the user wrote it. */
function keepFormatting(path: string, original: string, editor: ConfigEditor): string {
  const indent = detectIndent(original);
  const baseline = new ConfigEditor(parseConfig(path, original).doc).toString(indent);
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
