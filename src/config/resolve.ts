/**
 * Resolution: each setting's value together with where it came from.
 * Precedence is flag > env > profile in the file > default (reference §3.3).
 */
import { PingcliError } from "../errors.ts";
import type { LoadedConfig } from "./file.ts";
import { findProfile, profileValues } from "./load.ts";
import { type KeyDef, KEYS, type SettingValue } from "./registry.ts";
import { envNamesFor, findKey } from "./key_lookup.ts";
import { parseValue } from "./values.ts";

export type Source =
  | { readonly kind: "flag"; readonly name: string }
  | { readonly kind: "env"; readonly name: string }
  | { readonly kind: "file"; readonly path: string; readonly profile: string }
  | { readonly kind: "default" };

export interface Resolved {
  readonly def: KeyDef;
  readonly value: SettingValue | undefined;
  /** Undefined when the key is not set anywhere and has no default. */
  readonly source: Source | undefined;
}

/** "flag --x", "env X", "file ~/.pingcli/config.yaml (profile default)", "default". */
export function describeSource(source: Source | undefined, home?: string): string {
  if (!source) return "not set";
  switch (source.kind) {
    case "flag":
      return `flag ${source.name}`;
    case "env":
      return `env ${source.name}`;
    case "file":
      return `file ${tildePath(source.path, home)} (profile ${source.profile})`;
    case "default":
      return "default";
  }
}

/** Shows a path under the home directory as `~/...`. */
export function tildePath(path: string, home?: string): string {
  if (home && (path === home || path.startsWith(home + "/"))) return "~" + path.slice(home.length);
  return path;
}

/** A flag value the user passed, keyed by canonical key. */
export interface FlagValue {
  readonly value: string | boolean | string[];
  readonly flag: string;
}

export interface SettingsInput {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly flags?: ReadonlyMap<string, FlagValue>;
  readonly config: LoadedConfig;
  readonly profile: string;
  /** Resolve without file values when the profile does not exist (profile management). */
  readonly allowMissingProfile?: boolean;
}

/** Resolved settings for one invocation. Values are validated on first access. */
export class Settings {
  readonly config: LoadedConfig;
  readonly profile: string;
  readonly #env: Readonly<Record<string, string | undefined>>;
  readonly #flags: ReadonlyMap<string, FlagValue>;
  readonly #stored: ReturnType<typeof profileValues>;
  readonly #cache = new Map<string, Resolved>();
  /** Non-fatal notes, e.g. two env names for one key that disagree. */
  readonly warnings: string[] = [];

  constructor(input: SettingsInput) {
    this.config = input.config;
    this.profile = input.profile;
    this.#env = input.env;
    this.#flags = input.flags ?? new Map();
    const missing = findProfile(input.config, input.profile) === undefined;
    this.#stored = input.allowMissingProfile && missing
      ? new Map()
      : profileValues(input.config, input.profile);
  }

  /** Resolves one key (any name or casing). */
  resolve(name: string): Resolved {
    const def = findKey(name);
    if (!def) throw new PingcliError("INTERNAL_ERROR", `unknown key ${name}`);
    const cached = this.#cache.get(def.key);
    if (cached) return cached;
    const resolved = this.#resolve(def);
    this.#cache.set(def.key, resolved);
    return resolved;
  }

  /** The value of a key, or undefined. */
  get<T extends SettingValue>(name: string): T | undefined {
    return this.resolve(name).value as T | undefined;
  }

  /** Whether the key is set by the user (flag, env or file), not just defaulted. */
  isSet(name: string): boolean {
    const kind = this.resolve(name).source?.kind;
    return kind !== undefined && kind !== "default";
  }

  /** Resolves every key; throws the first invalid value found. */
  resolveAll(): Resolved[] {
    return KEYS.filter((d) => !d.topLevel).map((d) => this.resolve(d.key));
  }

  #resolve(def: KeyDef): Resolved {
    const flag = this.#flags.get(def.key);
    if (flag !== undefined) {
      const source = { kind: "flag", name: flag.flag } as const;
      return { def, value: parseValue(def, flag.value, `flag ${flag.flag}`), source };
    }
    const fromEnv = this.#fromEnv(def);
    if (fromEnv) return fromEnv;
    const stored = this.#stored.get(def.key);
    if (stored) {
      return {
        def,
        value: stored.value,
        source: { kind: "file", path: this.config.path, profile: this.profile },
      };
    }
    if (def.default !== undefined) return { def, value: def.default, source: { kind: "default" } };
    return { def, value: undefined, source: undefined };
  }

  #fromEnv(def: KeyDef): Resolved | undefined {
    let chosen: { name: string; value: SettingValue } | undefined;
    for (const name of envNamesFor(def)) {
      const raw = this.#env[name];
      if (raw === undefined || raw.trim() === "") continue; // an empty env var does not count
      if (!chosen) {
        chosen = { name, value: parseValue(def, raw, `env ${name}`) };
        continue;
      }
      // A lower-precedence name never fails the command: it is only compared.
      let value: SettingValue | undefined;
      try {
        value = parseValue(def, raw, `env ${name}`);
      } catch {
        value = undefined;
      }
      if (JSON.stringify(chosen.value) !== JSON.stringify(value)) {
        this.warnings.push(
          `env ${chosen.name} and env ${name} both set ${def.key} with different values; using ${chosen.name}`,
        );
      }
    }
    return chosen && { def, value: chosen.value, source: { kind: "env", name: chosen.name } };
  }
}
