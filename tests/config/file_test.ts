/** The config file module: loading, locked atomic updates, and the settings reference. */
import assert from "node:assert/strict";
import { join } from "node:path";
import YAML from "yaml";
import { acquireLock } from "../../src/atomic_file.ts";
import { parseConfig } from "../../src/config/file.ts";
import { updateConfig } from "../../src/config/config_editor.ts";
import { checkProfile, loadConfig, problemWarning } from "../../src/config/load.ts";
import { findKey } from "../../src/config/key_lookup.ts";
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
  assert.match(await Deno.readTextFile(lock), new RegExp(`^${Deno.pid} [0-9a-f-]{36}$`));
  await release();
  assert.deepEqual([...Deno.readDirSync(dir)], []);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("acquireLock: waiters that all find one stale lock still take it one at a time", async () => {
  const old = new Date(Date.now() - 60_000);
  for (let round = 0; round < 3; round++) {
    const dir = await tempDir();
    const lock = join(dir, "config.yaml.lock");
    await Deno.writeTextFile(lock, "99999 crashed");
    await Deno.utime(lock, old, old);
    let holders = 0;
    let most = 0;
    await Promise.all(Array.from({ length: 12 }, async () => {
      const release = await acquireLock(lock);
      most = Math.max(most, ++holders);
      await new Promise((r) => setTimeout(r, 2));
      holders--;
      await release();
    }));
    assert.equal(most, 1, `round ${round}: ${most} holders at once`);
    assert.deepEqual([...Deno.readDirSync(dir)], []);
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("acquireLock: a waiter that crashed while breaking a stale lock is given up on", async () => {
  const dir = await tempDir();
  const lock = join(dir, "config.yaml.lock");
  const old = new Date(Date.now() - 60_000);
  for (const path of [lock, lock + ".break"]) {
    await Deno.writeTextFile(path, "99999 crashed");
    await Deno.utime(path, old, old);
  }
  const release = await acquireLock(lock);
  await release();
  assert.deepEqual([...Deno.readDirSync(dir)], []);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("acquireLock: release never removes a lock another process holds", async () => {
  const dir = await tempDir();
  const lock = join(dir, "config.yaml.lock");
  const release = await acquireLock(lock);
  // Another process judged our lock stale (we were too slow) and took it.
  await Deno.remove(lock);
  await Deno.writeTextFile(lock, "424242 someone-else");
  await release();
  assert.equal(await Deno.readTextFile(lock), "424242 someone-else");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("updateConfig: a named file that does not exist creates nothing", async () => {
  const dir = await tempDir();
  const path = join(dir, "new", "dir", "x.yaml");
  await assert.rejects(
    updateConfig(path, true, (editor) => editor.set("default", findKey("noColor")!, true)),
    (e: unknown) => {
      assert.ok(e instanceof PingcliError);
      assert.equal(e.code, "CONFIG_NOT_FOUND");
      assert.equal(e.message, `config file not found: ${path}`);
      return true;
    },
  );
  assert.deepEqual([...Deno.readDirSync(dir)], []);
  await Deno.remove(dir, { recursive: true });
});

const BROKEN = `default:
  noColor: maybe
  service:
    pingOne:
      endpoint:
        environmentID: not-a-uuid
        rootDomain: pingone.eu
`;

Deno.test("parseConfig: bad values and unknown keys are left out and described", () => {
  const { config } = parseConfig("/c.yaml", BROKEN + "  noColour: true\n");
  assert.deepEqual([...config.profiles.get("default")!.keys()], [
    "service.pingOne.endpoint.rootDomain",
  ]);
  assert.deepEqual(config.invalid.map(problemWarning), [
    "/c.yaml:2:12: invalid value for noColor from file (profile default): 'maybe' is not a " +
    "boolean. Allowed: true, false, 1, 0, yes, no",
    "/c.yaml:6:24: invalid value for service.pingOne.endpoint.environmentID from file " +
    "(profile default): 'not-a-uuid' is not a valid UUID. Allowed: a UUID such as " +
    "00000000-0000-0000-0000-000000000000",
    "/c.yaml:8:3: unknown key 'noColour'. Did you mean 'noColor'? To remove it: pingcli " +
    "config unset -P default noColour. Run 'pingcli config list-keys' to see every key.",
  ]);
  assert.deepEqual(config.invalid.map((p) => [p.profile, p.kind, p.key]), [
    ["default", "value", "noColor"],
    ["default", "value", "service.pingOne.endpoint.environmentID"],
    ["default", "key", "noColour"],
  ]);
});

Deno.test("checkProfile: the first problem of the profile in use is the error", async () => {
  const dir = await tempDir();
  const path = join(dir, "config.yaml");
  await Deno.writeTextFile(path, BROKEN + "dev:\n  noColor: true\n");
  const config = await loadConfig(path, false);
  assert.throws(() => checkProfile(config, "default"), /invalid value for noColor/);
  assert.equal(checkProfile(config, "default", { lenient: true }).length, 2);
  assert.deepEqual(checkProfile(config, "dev"), []);
  assert.equal(config.profiles.get("default")!.has("noColor"), false);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("updateConfig: repairs one bad value while another is still there", async () => {
  const dir = await tempDir();
  const path = join(dir, "config.yaml");
  await Deno.writeTextFile(path, BROKEN);
  const envId = findKey("service.pingOne.endpoint.environmentID")!;
  await updateConfig(path, true, (editor) => {
    editor.set("default", envId, "11111111-2222-4333-8444-555555555555");
  });
  assert.equal(
    await Deno.readTextFile(path),
    BROKEN.replace("not-a-uuid", "11111111-2222-4333-8444-555555555555"),
  );
  await updateConfig(path, true, (editor) => editor.unset("default", findKey("noColor")!));
  assert.equal(
    await Deno.readTextFile(path),
    BROKEN.replace("not-a-uuid", "11111111-2222-4333-8444-555555555555")
      .replace("  noColor: maybe\n", ""),
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("updateConfig: never writes a bad value the file did not already hold", async () => {
  const dir = await tempDir();
  const path = join(dir, "config.yaml");
  await Deno.writeTextFile(path, BROKEN);
  await assert.rejects(
    updateConfig(path, true, (editor) => {
      editor.set("default", findKey("service.pingOne.endpoint.rootDomain")!, "pingone.de");
    }),
    (e: unknown) => {
      assert.ok(e instanceof PingcliError);
      assert.equal(e.code, "CONFIG_INVALID");
      assert.match(e.message, /:7:21: invalid value for service\.pingOne\.endpoint\.rootDomain /);
      return true;
    },
  );
  assert.equal(await Deno.readTextFile(path), BROKEN);
  await Deno.remove(dir, { recursive: true });
});
