/**
 * What a service connector resolves to: the authentication method, the credential fields with
 * their sources, endpoints and transport settings. One builder per service (pingone.ts,
 * pingfederate.ts) produces it from the resolved settings.
 */
import type { Settings } from "../config/resolve.ts";
import type { KeyDef, SettingValue } from "../config/registry.ts";
import { envNamesFor, findKey, keysWithPrefix } from "../config/key_lookup.ts";
import type { Resolved, Source } from "../config/resolve.ts";
import { PingcliError } from "../errors.ts";

export type ConnectorName = "pingone" | "pingfederate";

export type ClientAuthMethod = "client_secret_basic" | "client_secret_post" | "private_key_jwt";

/** How a connector authenticates its API calls. */
export type AuthPlan =
  | {
    kind: "client_credentials";
    tokenEndpoint: string;
    /** Used as the audience of private_key_jwt assertions (oauth4webapi uses `as.issuer`). */
    issuer: string;
    clientId: string;
    clientAuth: ClientAuthMethod;
    secret?: string;
    privateKeyPem?: string;
    privateKeyId?: string;
    scopes: string[];
    /** The key the scopes come from, for error messages. */
    scopesKey: string;
  }
  | { kind: "basic"; username: string; password: string }
  | { kind: "bearer"; token: string }
  | { kind: "interactive"; grant: "authorization_code" | "device_code" };

/** One credential or endpoint setting, as `auth status` reports it. */
export interface Field {
  readonly key: string;
  readonly label: string;
  readonly value: SettingValue | undefined;
  readonly source: Source | undefined;
  readonly secret: boolean;
}

export interface Connector {
  readonly name: ConnectorName;
  readonly label: string;
  /** Human name of the method, e.g. `client_credentials (client_secret_basic)`. */
  readonly method: string;
  readonly fields: Field[];
  /** The plan, or the configuration problem that prevents one. */
  readonly plan: AuthPlan | PingcliError;
  readonly apiBase: string | undefined;
  /** Request headers every API call carries (e.g. X-Xsrf-Header for PingFederate). */
  readonly headers: Record<string, string>;
  readonly caCerts: string[];
  readonly insecure: boolean;
  /** A light authenticated GET that proves the token is accepted, relative to apiBase. */
  readonly probePath: string | undefined;
  /** Non-fatal notes (e.g. insecure TLS). */
  readonly warnings: string[];
  readonly userAgentSuffix?: string;
}

/** The field report for a key. */
export function field(settings: Settings, key: string, label: string): Field {
  const r = settings.resolve(key);
  return { key: r.def.key, label, value: r.value, source: r.source, secret: r.def.secret ?? false };
}

/** "set service.x (env A or B)" — how to provide a missing key. */
export function howToSet(key: string): string {
  const def = findKey(key) as KeyDef;
  const envs = envNamesFor(def).slice(0, 2).join(" or ");
  // Secrets are never suggested on the command line: `config set KEY -` reads stdin.
  const command = def.secret
    ? `pingcli config set ${def.key} -`
    : `pingcli config set ${def.key}=...`;
  return `set ${def.key} (env ${envs}, or '${command}')`;
}

/**
 * A connector is enabled when its `enabled` key is true, or when that key is unset and any of
 * its other keys is set by the user (DESIGN §6), so env-only CI configuration just works.
 */
export function isEnabled(settings: Settings, enabledKey: string, prefix: string): boolean {
  const enabled = settings.resolve(enabledKey);
  if (enabled.source && enabled.source.kind !== "default") return enabled.value === true;
  return connectorSettings(settings, prefix).some((r) =>
    r.def.key !== enabled.def.key && r.source !== undefined && r.source.kind !== "default"
  );
}

/**
 * Every setting under a connector's prefix, resolved (and so validated): `auth status` and
 * `api` then reject the same invalid values, even ones the chosen method does not use.
 */
export function connectorSettings(settings: Settings, prefix: string): Resolved[] {
  return keysWithPrefix(prefix).map((def) => settings.resolve(def.key));
}

/** A setting a method needs, named as the user knows it ("client secret"). */
export interface Requirement {
  key: string;
  what: string;
  /** Extra advice for this one, e.g. an alternative key. */
  or?: string;
}

/**
 * Fails with every missing requirement at once (a CI user fixes them in one go), or returns.
 * One missing: "the PingOne client secret is not set"; several: "… client ID and client secret
 * are not set", with how to set each.
 */
export function requireAll(settings: Settings, product: string, needs: Requirement[]): void {
  const missing = needs.filter((n) => !settings.get(n.key));
  if (missing.length === 0) return;
  const names = missing.map((m) => m.what);
  const list = names.length === 1
    ? names[0]
    : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
  const verb = missing.length === 1 ? "is" : "are";
  throw new PingcliError("CREDENTIALS_MISSING", `the ${product} ${list} ${verb} not set`, {
    hint: "To fix: " + missing.map((m) => howToSet(m.key) + (m.or ? `, ${m.or}` : "")).join("; ") +
      ".",
  });
}
