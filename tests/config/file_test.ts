/** The config file module: loading, locked atomic updates, and the settings reference. */
import assert from "node:assert/strict";
import { join } from "node:path";
import YAML from "yaml";
import { acquireLock } from "../../src/atomic_file.ts";
import { parseConfig, updateConfig } from "../../src/config/file.ts";
import { loadConfig } from "../../src/config/load.ts";
import { findKey } from "../../src/config/registry.ts";
import { PingcliError } from "../../src/errors.ts";

async function tempDir(): Promise<string> {
  return await Deno.makeTempDir({ prefix: "pingcli-file-" });
}

Deno.test("loadConfig: a missing default file is an empty config; a named one is an error", async () => {
  const dir = await tempDir();
  const path = join(dir, "config.yaml");
  const config = await loadConfig(path, false);
  assert.equal(config.exists, false);
  assert.equal(config.activeProfile, "default");
  await assert.rejects(loadConfig(path, true), (e: unknown) => {
    assert.ok(e instanceof PingcliError);
    assert.equal(e.code, "CONFIG_NOT_FOUND");
    return true;
  });
  assert.deepEqual([...Deno.readDirSync(dir)], []);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("parseConfig: values keep where they were written", () => {
  const { config } = parseConfig(
    "/c.yaml",
    "activeProfile: dev\ndev:\n  Service:\n    PingOne:\n      Authentication:\n        Type: device_code\n",
  );
  const stored = config.profiles.get("dev")!.get("service.pingOne.authentication.grantType")!;
  assert.deepEqual(stored, {
    value: "device_code",
    path: ["Service", "PingOne", "Authentication", "Type"],
    line: 6,
    col: 15,
  });
});

Deno.test("updateConfig: an edit that throws writes nothing", async () => {
  const dir = await tempDir();
  const path = join(dir, "config.yaml");
  await Deno.writeTextFile(path, "default:\n  noColor: true\n");
  await assert.rejects(
    updateConfig(path, false, (editor) => {
      editor.set("default", findKey("noColor")!, false);
      throw new Error("changed my mind");
    }),
    /changed my mind/,
  );
  assert.equal(await Deno.readTextFile(path), "default:\n  noColor: true\n");
  assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["config.yaml"]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("updateConfig: concurrent updates in one process are serialised by the lock", async () => {
  const dir = await tempDir();
  const path = join(dir, "config.yaml");
  const names = Array.from({ length: 15 }, (_, i) => `p${i}`);
  await Promise.all(names.map((name) =>
    updateConfig(path, false, (editor) => {
      editor.addProfile(name, `profile ${name}`);
    })
  ));
  const parsed = YAML.parse(await Deno.readTextFile(path));
  for (const name of names) assert.equal(parsed[name].description, `profile ${name}`);
  assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["config.yaml"]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("acquireLock: a stale lock left by a crashed process is broken", async () => {
  const dir = await tempDir();
  const lock = join(dir, "config.yaml.lock");
  await Deno.writeTextFile(lock, "99999");
  const old = new Date(Date.now() - 60_000);
  await Deno.utime(lock, old, old);
  const release = await acquireLock(lock);
  assert.equal(await Deno.readTextFile(lock), String(Deno.pid));
  await release();
  assert.deepEqual([...Deno.readDirSync(dir)], []);
  await Deno.remove(dir, { recursive: true });
});
