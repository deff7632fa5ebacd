/**
 * Token storage per `auth.storage.type`, keyed by a credential fingerprint so that a changed
 * credential never reuses an old token (Ping CLI 1.2 security fix; DESIGN §6).
 *
 * - `none`: tokens live in memory for this process only.
 * - `file_system`: `~/.pingcli/credentials/<key>.json`, mode 0600 in a 0700 directory, written
 *   atomically; corrupt files are ignored and replaced.
 * - `secure_local`: the OS keychain. This build has no keychain backend yet, so client
 *   credentials tokens are kept in memory, without prompting, and `auth status` says so.
 */
import { dirname, join } from "node:path";
import { acquireLock, ensureDir, writeFileAtomic } from "../atomic_file.ts";
import type { Token } from "./client_credentials.ts";

export type StorageType = "secure_local" | "file_system" | "none";

export interface TokenStore {
  /** What `auth status` shows, e.g. `file_system (~/.pingcli/credentials)`. */
  readonly description: string;
  get(key: string): Promise<Token | undefined>;
  put(key: string, token: Token): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Holds other processes off this key while one fetches a token, so parallel CI steps sharing
   * a store make one token request between them. Stores private to a process need none.
   */
  lock?(key: string): Promise<() => Promise<void>>;
}

/** Identifies one credential: what it authenticates to, as whom, with what. */
export interface CredentialIdentity {
  connector: string;
  grant: string;
  profile: string;
  tokenEndpoint: string;
  clientId: string;
  /** The secret or private key; only its hash is used. */
  secret: string;
  scopes: string[];
  clientAuth: string;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A stable fingerprint of the credential: changes whenever any part of it changes. */
export async function credentialFingerprint(id: CredentialIdentity): Promise<string> {
  const secretHash = await sha256Hex(id.secret);
  return sha256Hex(
    JSON.stringify([
      id.tokenEndpoint,
      id.clientId,
      secretHash,
      [...id.scopes].sort(),
      id.clientAuth,
      id.grant,
    ]),
  );
}

/** The storage key: `token-<fingerprint prefix>_<connector>_<grant>_<profile>`. */
export async function storageKey(id: CredentialIdentity): Promise<string> {
  const fp = await credentialFingerprint(id);
  return `token-${fp.slice(0, 16)}_${id.connector}_${id.grant}_${id.profile}`;
}

const memory = new Map<string, Token>();
const TOKEN_CHARS = /^[\x21-\x7e]+$/;

/** A token file readable by others (copied, or made by hand) is put back to 0600. */
async function tighten(path: string): Promise<void> {
  if (Deno.build.os === "windows") return;
  const { mode } = await Deno.stat(path);
  if (mode !== null && (mode & 0o077) !== 0) await Deno.chmod(path, 0o600);
}

class MemoryStore implements TokenStore {
  constructor(readonly description: string) {}
  get(key: string): Promise<Token | undefined> {
    return Promise.resolve(memory.get(key));
  }
  put(key: string, token: Token): Promise<void> {
    memory.set(key, token);
    return Promise.resolve();
  }
  delete(key: string): Promise<void> {
    memory.delete(key);
    return Promise.resolve();
  }
}

class FileStore implements TokenStore {
  readonly description: string;
  constructor(readonly dir: string, shown: string) {
    this.description = `file_system (${shown})`;
  }

  async get(key: string): Promise<Token | undefined> {
    const path = join(this.dir, `${key}.json`);
    let text: string;
    try {
      text = await Deno.readTextFile(path);
      await tighten(path);
    } catch {
      return undefined;
    }
    try {
      const data = JSON.parse(text);
      // A token is printable ASCII with no spaces (RFC 6750 §2.1); anything else is damage,
      // and would otherwise end up in a request header.
      if (typeof data.access_token !== "string" || !TOKEN_CHARS.test(data.access_token)) {
        return undefined;
      }
      if (typeof data.expiry !== "string") return undefined;
      const expiresAt = Date.parse(data.expiry);
      if (!Number.isFinite(expiresAt)) return undefined;
      return {
        accessToken: data.access_token,
        tokenType: typeof data.token_type === "string" ? data.token_type : "bearer",
        expiresAt,
        scopes: Array.isArray(data.scopes) ? data.scopes.map(String) : undefined,
        obtainedAt: Date.parse(data.obtained ?? "") || 0,
      };
    } catch {
      return undefined; // corrupt: ignored, and replaced by the next put
    }
  }

  async put(key: string, token: Token): Promise<void> {
    if (token.expiresAt === undefined) return;
    await ensureDir(dirname(this.dir)); // ~/.pingcli too: tightened if others can read it
    await ensureDir(this.dir);
    const [, suffix] = key.split(/_(.*)/s);
    // Same connector, grant and profile with another fingerprint: an old credential's token.
    for await (const entry of Deno.readDir(this.dir)) {
      if (entry.name !== `${key}.json` && entry.name.endsWith(`_${suffix}.json`)) {
        await Deno.remove(join(this.dir, entry.name)).catch(() => {});
      }
    }
    // Same fields as the Go CLI's token files, plus scopes and when it was obtained.
    const data = {
      access_token: token.accessToken,
      token_type: token.tokenType,
      expiry: new Date(token.expiresAt).toISOString(),
      scopes: token.scopes ?? [],
      obtained: new Date(token.obtainedAt).toISOString(),
    };
    await writeFileAtomic(join(this.dir, `${key}.json`), JSON.stringify(data, null, 2) + "\n");
  }

  async delete(key: string): Promise<void> {
    await Deno.remove(join(this.dir, `${key}.json`)).catch(() => {});
  }

  async lock(key: string): Promise<() => Promise<void>> {
    await ensureDir(this.dir);
    return await acquireLock(join(this.dir, `${key}.lock`));
  }
}

/** The store for a storage type. `home` is where `.pingcli/credentials` lives. */
export function openTokenStore(type: StorageType, home: string | undefined): TokenStore {
  if (type === "file_system" && home) {
    return new FileStore(join(home, ".pingcli", "credentials"), "~/.pingcli/credentials");
  }
  if (type === "secure_local") {
    return new MemoryStore(
      "secure_local (no OS keychain in this build: kept in memory for this run)",
    );
  }
  if (type === "file_system") {
    return new MemoryStore("file_system (no home directory: kept in memory for this run)");
  }
  return new MemoryStore("none (kept in memory for this run)");
}

/** Whether a token is still good: reused until 60 s before it expires. */
export function isFresh(token: Token | undefined, now: number): token is Token {
  return token !== undefined && token.expiresAt !== undefined && token.expiresAt - 60_000 > now;
}
