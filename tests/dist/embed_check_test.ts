import assert from "node:assert/strict";
import {
  checkEntries,
  checkPermissions,
  packageOf,
  parseListing,
  parseSize,
  payloadBytes,
  readMetadata,
} from "../../scripts/embed_check.ts";
import { envNamesRead } from "../../src/env_names.ts";
import { repoCopy, run } from "./helpers.ts";

// Captured from `deno compile` 2.9.6 (NO_COLOR=1).
const LISTING = `Compile main.ts to ../../tmp/dry/pingcli

Embedded Files

pingcli
├─┬ .deno_compile_node_modules (877.85KB - 876.38KB unique)
│ └─┬ localhost (877.85KB - 876.38KB unique)
│   ├── commander/15.1.0/* (202.37KB)
│   └── yaml/2.9.1/* (675.49KB - 674.01KB unique)
├── main.ts (4.2KB)
└─┬ src (176.43KB - 175.68KB unique)
  ├── cli/* (28.41KB - 27.66KB unique)
  ├─┬ output (25.2KB)
  │ ├── log.ts (8.43KB)
  │ └── style.ts (2.31KB)
  └── version.ts (368B)

Files: 1.06MB
Metadata: 2.04KB
Remote modules: 12B
`;

// The same without --exclude-unused-npm: the test-only oidc-provider and its tree come along.
const UNPRUNED = `Embedded Files

pingcli2
├─┬ .deno_compile_node_modules (2.9MB - 2.89MB unique)
│ └─┬ localhost (2.9MB - 2.89MB unique)
│   ├── @commander-js/extra-typings/* (52.67KB)
│   ├── commander/15.1.0/* (202.37KB)
│   ├─┬ content-type (33.26KB - 32.19KB unique)
│   │ ├── 1.0.5/* (10.43KB)
│   │ └── 2.1.0/* (22.83KB - 21.75KB unique)
│   ├── koa/3.3.0/* (80KB)
│   └── oidc-provider/9.13.3/* (1MB)
├── main.ts (4.2KB)
├── node_modules/esbuild/* (9MB)
└── tests/e2e/* (10KB)

Files: 2.9MB
Metadata: 2.04KB
Remote modules: 12B
`;

Deno.test("parseSize uses deno's 1024-based units", () => {
  assert.equal(parseSize("12B"), 12);
  assert.equal(parseSize("9.77KB"), 10004);
  assert.equal(parseSize("1.06MB"), Math.round(1.06 * 1024 * 1024));
});

Deno.test("parseListing rebuilds full paths from the tree", () => {
  const l = parseListing(LISTING);
  assert.deepEqual(l.entries.filter((e) => e.leaf).map((e) => e.path), [
    ".deno_compile_node_modules/localhost/commander/15.1.0/*",
    ".deno_compile_node_modules/localhost/yaml/2.9.1/*",
    "main.ts",
    "src/cli/*",
    "src/output/log.ts",
    "src/output/style.ts",
    "src/version.ts",
  ]);
  assert.equal(payloadBytes(l), parseSize("1.06MB") + parseSize("2.04KB") + 12);
  assert.deepEqual(checkEntries(l.entries), []);
  // Colours make no difference.
  const coloured = LISTING.replace("Embedded Files", "\x1b[0m\x1b[1mEmbedded Files\x1b[0m")
    .replace("├── main.ts", "\x1b[0m\x1b[38;5;245m├──\x1b[0m main.ts");
  assert.deepEqual(parseListing(coloured).entries, l.entries);
});

Deno.test("checkEntries flags test-only packages, node_modules, tests/", () => {
  const problems = checkEntries(parseListing(UNPRUNED).entries);
  const text = problems.join("\n");
  assert.match(text, /unexpected npm package oidc-provider/);
  assert.match(text, /unexpected npm package koa/);
  assert.match(text, /unexpected npm package content-type/);
  assert.match(text, /node_modules\/esbuild\/\*: a node_modules directory is embedded/);
  assert.match(text, /tests\/e2e\/\*: not one of our sources/);
  assert.doesNotMatch(text, /unexpected npm package (commander|yaml|oauth4webapi)$/m);
});

Deno.test("packageOf handles scoped names and collapsed paths", () => {
  assert.equal(packageOf(".deno_compile_node_modules/localhost/@a/b/1.0.0/*"), "@a/b");
  assert.equal(packageOf(".deno_compile_node_modules/localhost/yaml/*"), "yaml");
  assert.equal(packageOf(".deno_compile_node_modules/localhost/*"), "");
  assert.equal(packageOf("src/x.ts"), undefined);
  assert.match(
    checkEntries([{ path: ".deno_compile_node_modules/localhost/*", size: "1KB", leaf: true }])[0]!,
    /cannot tell/,
  );
});

Deno.test("readMetadata and checkPermissions on a fake binary", () => {
  const run = ["security", "open"];
  const meta = {
    argv: [],
    permissions: {
      allow_env: envNamesRead(),
      allow_net: [],
      allow_read: [],
      allow_write: [],
      allow_run: run,
      allow_ffi: null,
      allow_sys: null,
      prompt: false,
    },
    note: 'braces } and "quotes" { in strings',
  };
  const bytes = new Uint8Array([
    0,
    1,
    ...new TextEncoder().encode(JSON.stringify(meta)),
    0x7d,
    0,
  ]);
  const parsed = readMetadata(bytes);
  assert.deepEqual(parsed, meta);
  assert.deepEqual(checkPermissions(parsed!, run), []);
  const bad = structuredClone(meta);
  bad.permissions.allow_ffi = [] as never;
  bad.permissions.allow_env = ["HOME"];
  bad.permissions.prompt = true;
  const problems = checkPermissions(bad, run).join("\n");
  assert.match(problems, /allow_ffi should not be granted/);
  assert.match(problems, /allow_env differs.*permissions\.ts --write/);
  assert.match(problems, /prompt should be false/);
});

Deno.test({
  name: "embed check fails when main.ts pulls in the test-only oidc-provider",
  sanitizeResources: false,
  fn: async () => {
    const repo = await repoCopy();
    try {
      const main = await Deno.readTextFile(`${repo}/main.ts`);
      await Deno.writeTextFile(`${repo}/main.ts`, `import "oidc-provider";\n${main}`);
      const r = await run(Deno.execPath(), ["run", "-A", "scripts/embed_check.ts", "--no-bundle"], {
        cwd: repo,
      });
      assert.equal(r.code, 1, r.stdout + r.stderr);
      assert.match(r.stderr, /FAILED: .*unexpected npm package oidc-provider/);
      assert.match(r.stdout, /payload: /);
    } finally {
      await Deno.remove(repo, { recursive: true });
    }
  },
});
