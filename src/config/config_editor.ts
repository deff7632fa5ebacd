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
import {
  DEFAULT_DESCRIPTION,
  type InvalidValue,
  keyText,
  parseConfig,
  type ParseOptions,
  TOP_LEVEL,
} from "./file.ts";
import { detectIndent, mergeEdit } from "./format_preserving.ts";
import type { KeyDef, SettingValue } from "./registry.ts";

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
