import assert from "node:assert/strict";
import {
  credentialFingerprint,
  isFresh,
  openTokenStore,
  storageKey,
} from "../../src/auth/token_store.ts";
import { jwtExpiry } from "../../src/auth/client_credentials.ts";

const id = {
  connector: "pingone",
  grant: "client_credentials",
  profile: "default",
  tokenEndpoint: "https://auth.pingone.com/e/as/token",
  clientId: "c",
  secret: "s1",
  scopes: ["b", "a"],
  clientAuth: "client_secret_basic",
};

Deno.test("fingerprint changes with every part of the credential", async () => {
  const base = await credentialFingerprint(id);
  assert.equal(base, await credentialFingerprint({ ...id, scopes: ["a", "b"] }));
  for (
    const change of [{ secret: "s2" }, { clientId: "d" }, { tokenEndpoint: "https://x/token" }, {
      scopes: ["a"],
    }, { clientAuth: "client_secret_post" }]
  ) {
    assert.notEqual(base, await credentialFingerprint({ ...id, ...change }));
  }
  assert.match(await storageKey(id), /^token-[0-9a-f]{16}_pingone_client_credentials_default$/);
  assert.ok(!(await storageKey(id)).includes("s1"));
});

Deno.test("tokens are reused until 60 s before expiry", () => {
  const t = { accessToken: "a", tokenType: "bearer", obtainedAt: 0, expiresAt: 100_000 };
  assert.equal(isFresh(t, 39_999), true);
  assert.equal(isFresh(t, 40_000), false);
  assert.equal(isFresh({ ...t, expiresAt: undefined }, 0), false);
  assert.equal(isFresh(undefined, 0), false);
});

Deno.test("JWT exp is used when expires_in is absent", () => {
  const payload = btoa(JSON.stringify({ exp: 2_000_000_000 })).replace(/=+$/, "");
  assert.equal(jwtExpiry(`h.${payload}.s`), 2_000_000_000_000);
  assert.equal(jwtExpiry("opaque-token"), undefined);
});

Deno.test("file store: 0600 files in a 0700 dir, corrupt files ignored, old credentials removed", async () => {
  const home = await Deno.makeTempDir();
  const store = openTokenStore("file_system", home);
  const key = await storageKey(id);
  const token = {
    accessToken: "tok",
    tokenType: "bearer",
    obtainedAt: 1,
    expiresAt: Date.now() + 3_600_000,
    scopes: ["a"],
  };
  await store.put(key, token);
  const dir = `${home}/.pingcli/credentials`;
  assert.equal((await Deno.stat(dir)).mode! & 0o777, 0o700);
  assert.equal((await Deno.stat(`${dir}/${key}.json`)).mode! & 0o777, 0o600);
  assert.equal((await store.get(key))?.accessToken, "tok");
  await Deno.writeTextFile(`${dir}/${key}.json`, "{not json");
  assert.equal(await store.get(key), undefined);
  const newKey = await storageKey({ ...id, secret: "rotated" });
  await store.put(key, token);
  await store.put(newKey, token);
  const names = [];
  for await (const e of Deno.readDir(dir)) names.push(e.name);
  assert.deepEqual(names, [`${newKey}.json`]);
  await Deno.remove(home, { recursive: true });
});

Deno.test("a damaged private key is a configuration error, not a rejection", async () => {
  const { importPrivateKey } = await import("../../src/auth/client_credentials.ts");
  await assert.rejects(
    importPrivateKey("-----BEGIN PRIVATE KEY-----\n!!!!s3cr3t!!!!\n-----END PRIVATE KEY-----"),
    (e: Error & { code?: string }) => {
      assert.equal(e.code, "CONFIG_INVALID");
      assert.equal(e.message, "the private key PEM is not valid base64");
      assert.ok(!e.message.includes("s3cr3t"));
      return true;
    },
  );
  await assert.rejects(
    importPrivateKey("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"),
    /the private key is damaged or of an unsupported type/,
  );
});

Deno.test("file store: damaged tokens are ignored; loose file modes are tightened", async () => {
  const home = await Deno.makeTempDir();
  const store = openTokenStore("file_system", home);
  const key = await storageKey(id);
  const good = {
    accessToken: "tok",
    tokenType: "bearer",
    obtainedAt: 1,
    expiresAt: Date.now() + 3_600_000,
  };
  await store.put(key, good);
  const file = `${home}/.pingcli/credentials/${key}.json`;
  await Deno.chmod(file, 0o644);
  assert.equal((await store.get(key))?.accessToken, "tok");
  assert.equal((await Deno.stat(file)).mode! & 0o777, 0o600);
  const data = JSON.parse(await Deno.readTextFile(file));
  await Deno.writeTextFile(file, JSON.stringify({ ...data, access_token: "x\r\nX-Injected: 1" }));
  assert.equal(await store.get(key), undefined);
  await Deno.remove(home, { recursive: true });
});
