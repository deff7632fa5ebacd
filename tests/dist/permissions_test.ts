import assert from "node:assert/strict";
import { envNamesRead } from "../../src/env_names.ts";
import { VERSION } from "../../src/version.ts";
import { configuredEnv, diffEnv, rewriteEnv } from "../../scripts/permissions.ts";
import { readDenoJson, run } from "./helpers.ts";

Deno.test("deno.json permissions.pingcli.env equals envNamesRead()", async () => {
  const configured = configuredEnv(await readDenoJson());
  assert.ok(configured, 'deno.json has no "permissions": { "pingcli": { "env": [...] } }');
  const d = diffEnv(configured, envNamesRead());
  assert.ok(
    !d.missing.length && !d.extra.length && !d.orderDiffers,
    "deno.json permissions.pingcli.env is out of date with src/env_names.ts " +
      `(missing: ${d.missing.join(", ") || "-"}; extra: ${d.extra.join(", ") || "-"}` +
      `${d.orderDiffers ? "; order differs" : ""}).\n` +
      "Run: deno run -A scripts/permissions.ts --write",
  );
});

Deno.test("the pingcli permission set: net, read, write and the env list, no more", async () => {
  const json = await readDenoJson();
  // deno-lint-ignore no-explicit-any
  const set = (json as any).permissions?.pingcli;
  assert.equal(set.net, true);
  assert.equal(set.read, true);
  assert.equal(set.write, true);
  // No subprocesses until the keychain and browser helpers exist (least privilege).
  for (const k of ["run", "all", "ffi", "sys", "import"]) {
    assert.ok(set[k] === undefined || set[k] === false, `permission "${k}" must not be granted`);
  }
  // deno-lint-ignore no-explicit-any
  assert.equal((json as any).compile?.permissions, "pingcli");
  // deno-lint-ignore no-explicit-any
  const tasks = (json as any).tasks ?? {};
  assert.match(tasks.pingcli, /^deno run (-q )?-P=pingcli main\.ts$/);
  assert.match(tasks.compile, /scripts\/compile\.ts/);
  assert.match(tasks["embed-check"], /scripts\/embed_check\.ts/);
});

Deno.test("rewriteEnv replaces only the env array and keeps the rest of the text", () => {
  const text = `{
  "tasks": { "x": "y" },
  "permissions": {
    "pingcli": {
      "net": true,
      "env": ["OLD"],
      "run": ["open"]
    }
  }
}
`;
  const out = rewriteEnv(text, ["A", "B"]);
  assert.equal(
    out,
    `{
  "tasks": { "x": "y" },
  "permissions": {
    "pingcli": {
      "net": true,
      "env": [
        "A",
        "B"
      ],
      "run": ["open"]
    }
  }
}
`,
  );
  assert.deepEqual(configuredEnv(JSON.parse(out)), ["A", "B"]);
  assert.throws(() => rewriteEnv("{}", ["A"]), /no "permissions"/);
});

Deno.test("permissions.ts --check passes on the committed deno.json", async () => {
  const r = await run(Deno.execPath(), ["run", "-A", "scripts/permissions.ts", "--check"]);
  assert.equal(r.code, 0, r.stderr);
});

Deno.test("deno task pingcli runs main.ts under the permission set and passes args through", async () => {
  const r = await run(Deno.execPath(), ["task", "-q", "pingcli", "--version"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), VERSION);
  assert.equal(r.stderr, "", "no Deno warnings or info lines on stderr");
});

Deno.test("under the pingcli permission set --help needs no extra permission", async () => {
  const home = await Deno.makeTempDir();
  try {
    const r = await run(Deno.execPath(), ["run", "-q", "-P=pingcli", "main.ts", "--help"], {
      env: { HOME: home, USERPROFILE: home },
    });
    assert.doesNotMatch(r.stderr, /Requires \w+ access|NotCapable/, r.stderr);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Usage: pingcli/);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
