/**
 * A tiny Map-backed storage adapter for oidc-provider.
 *
 * oidc-provider's built-in memory adapter works but prints a "development-only" warning on
 * every Provider construction; ours is equally ephemeral, scoped to one test server, and quiet.
 *
 * @module
 */

/** What oidc-provider stores for one artifact (token, session, grant, ...). */
export type AdapterPayload = Record<string, unknown> & {
  grantId?: string;
  userCode?: string;
  uid?: string;
  consumed?: number;
};

interface Entry {
  payload: AdapterPayload;
  /** Epoch ms; undefined = no expiry. */
  expiresAt?: number;
}

/** Shared state for every model of one provider. */
interface Store {
  entries: Map<string, Entry>;
  /** grantId -> keys of artifacts issued under that grant (for revokeByGrantId). */
  grants: Map<string, Set<string>>;
  /** Secondary indexes: `uid:<uid>` and `userCode:<code>` -> artifact id. */
  index: Map<string, string>;
}

class MapAdapter {
  constructor(private readonly model: string, private readonly store: Store) {}

  #key(id: string): string {
    return `${this.model}:${id}`;
  }

  #get(key: string): AdapterPayload | undefined {
    const entry = this.store.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      this.store.entries.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const key = this.#key(id);
    const expiresAt = typeof expiresIn === "number" ? Date.now() + expiresIn * 1000 : undefined;
    this.store.entries.set(key, { payload, expiresAt });
    if (payload.grantId) {
      const members = this.store.grants.get(payload.grantId) ?? new Set<string>();
      members.add(key);
      this.store.grants.set(payload.grantId, members);
    }
    if (this.model === "Session" && payload.uid) this.store.index.set(`uid:${payload.uid}`, id);
    if (payload.userCode) this.store.index.set(`userCode:${payload.userCode}`, id);
    return Promise.resolve();
  }

  find(id: string | undefined): Promise<AdapterPayload | undefined> {
    return Promise.resolve(id === undefined ? undefined : this.#get(this.#key(id)));
  }

  findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.find(this.store.index.get(`uid:${uid}`));
  }

  findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.find(this.store.index.get(`userCode:${userCode}`));
  }

  consume(id: string): Promise<void> {
    const payload = this.#get(this.#key(id));
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
    return Promise.resolve();
  }

  destroy(id: string): Promise<void> {
    this.store.entries.delete(this.#key(id));
    return Promise.resolve();
  }

  revokeByGrantId(grantId: string): Promise<void> {
    for (const key of this.store.grants.get(grantId) ?? []) this.store.entries.delete(key);
    this.store.grants.delete(grantId);
    return Promise.resolve();
  }
}

/** Returns an oidc-provider `adapter` factory whose storage is private to the caller. */
export function createMapAdapter(): (model: string) => MapAdapter {
  const store: Store = { entries: new Map(), grants: new Map(), index: new Map() };
  return (model: string) => new MapAdapter(model, store);
}
