import assert from "node:assert/strict";
import {
  baseBinaryFailure,
  baseBinarySource,
  compileArgs,
  denortEnvName,
  errorLine,
  isTrimmed,
  lockedPackages,
  outputName,
  TARGETS,
} from "../../scripts/compile.ts";
import { VERSION } from "../../src/version.ts";
import { isolatedDenoDir, repoCopy, run, sha256 } from "./helpers.ts";

const HOST = Deno.build.target;

Deno.test("output names and DENORT_BIN_<TARGET> variables", () => {
  assert.equal(TARGETS.length, 6);
  assert.equal(
    outputName("1.2.3", "x86_64-unknown-linux-gnu"),
    "pingcli-1.2.3-x86_64-unknown-linux-gnu",
  );
  assert.equal(
    outputName("1.2.3", "aarch64-pc-windows-msvc"),
    "pingcli-1.2.3-aarch64-pc-windows-msvc.exe",
  );
  assert.equal(denortEnvName("aarch64-apple-darwin"), "DENORT_BIN_AARCH64_APPLE_DARWIN");
});

Deno.test("compileArgs is the release command", () => {
  const args = compileArgs("x86_64-apple-darwin", "dist/x", ["/c/yaml/browser"]);
  for (
    const flag of ["-P=pingcli", "--frozen", "--exclude-unused-npm", "--no-prompt", "--app-name"]
  ) {
    assert.ok(args.includes(flag), flag);
  }
  assert.deepEqual(args.slice(-5), ["--target", "x86_64-apple-darwin", "-o", "dist/x", "main.ts"]);
  assert.deepEqual(args.slice(args.indexOf("--exclude"), args.indexOf("--exclude") + 2), [
    "--exclude",
    "/c/yaml/browser",
  ]);
});

Deno.test("where the base binary comes from", () => {
  const dir = "/nonexistent-deno-dir";
  assert.deepEqual(
    baseBinarySource(
      "x86_64-apple-darwin",
      { DENORT_BIN_X86_64_APPLE_DARWIN: "/a" },
      6,
      dir,
      "2.9.6",
    ),
    { kind: "env", name: "DENORT_BIN_X86_64_APPLE_DARWIN", path: "/a" },
  );
  // Plain DENORT_BIN only for a single-target build (deno uses it for any target).
  assert.equal(
    baseBinarySource("x86_64-apple-darwin", { DENORT_BIN: "/b" }, 1, dir, "2.9.6").kind,
    "env",
  );
  const dl = baseBinarySource("x86_64-apple-darwin", { DENORT_BIN: "/b" }, 2, dir, "2.9.6");
  assert.equal(dl.kind, "download");
  assert.equal(
    dl.kind === "download" && dl.url,
    "https://dl.deno.land/release/v2.9.6/denort-x86_64-apple-darwin.zip",
  );
});

Deno.test("deno's download and build errors become one line", () => {
  const dns = "error: error sending request for url " +
    "(https://dl.deno.land/release/v2.9.6/denort-x86_64-unknown-linux-gnu.zip): client error " +
    "(Connect): dns error: failed to lookup address information: Name or service not known\n";
  assert.equal(
    baseBinaryFailure(dns),
    "dns error: failed to lookup address information: Name or service not known",
  );
  assert.equal(baseBinaryFailure("error: Type checking failed."), undefined);
  assert.equal(
    errorLine(
      "Check main.ts\nerror: Writing deno compile executable to temporary file 'x'\n\nCaused by:\n" +
        "    0: Writing binary bytes\n    1: Invalid object: Linkedit segment not found\n\n" +
        "Stack backtrace:\n   0: <unknown>\n",
    ),
    "Writing deno compile executable to temporary file 'x': Invalid object: Linkedit segment not found",
  );
});

Deno.test("trimmed npm files: docs, types, maps, yaml's browser build; never LICENSE or code", () => {
  for (const p of ["README.md", "Readme.md", "typings/index.d.ts", "build/index.js.map"]) {
    assert.ok(isTrimmed("commander", p), p);
  }
  assert.ok(isTrimmed("yaml", "browser"));
  assert.ok(!isTrimmed("commander", "browser"));
  for (const p of ["LICENSE", "LICENSE.md", "package.json", "index.js", "dist/index.js"]) {
    assert.ok(!isTrimmed("yaml", p), p);
  }
  assert.deepEqual(
    lockedPackages({
      npm: { "yaml@2.9.1": {}, "@commander-js/extra-typings@15.1.0_commander@15.1.0": {} },
    }),
    [
      { name: "yaml", version: "2.9.1" },
      { name: "@commander-js/extra-typings", version: "15.1.0" },
    ],
  );
});

Deno.test({
  name: "compile: an unreachable download host gives one line per target, exit 1, no files",
  sanitizeResources: false,
  fn: async () => {
    const denoDir = await isolatedDenoDir(); // empty dl/ cache: every target needs a download
    const out = await Deno.makeTempDir();
    try {
      const r = await run(Deno.execPath(), [
        "run",
        "-A",
        "scripts/compile.ts",
        "--no-check",
        "--out-dir",
        out,
        "--target",
        "x86_64-apple-darwin,aarch64-pc-windows-msvc",
      ], {
        env: {
          DENO_DIR: denoDir,
          HTTPS_PROXY: "http://127.0.0.1:9", // nothing listens on the discard port
          https_proxy: "http://127.0.0.1:9",
          NO_PROXY: "",
          no_proxy: "",
          DENORT_BIN: "",
        },
      });
      assert.equal(r.code, 1, r.stdout + r.stderr);
      const lines = r.stderr.trim().split("\n");
      assert.equal(lines.length, 3, r.stderr); // one per target + the summary
      assert.match(lines[0]!, /x86_64-apple-darwin: FAILED: cannot obtain the denort base binary/);
      assert.match(lines[0]!, /DENORT_BIN_X86_64_APPLE_DARWIN/);
      assert.match(lines[1]!, /aarch64-pc-windows-msvc: FAILED/);
      assert.deepEqual(await Array.fromAsync(Deno.readDir(out)), []);
    } finally {
      await Deno.remove(denoDir, { recursive: true });
      await Deno.remove(out, { recursive: true });
    }
  },
});

Deno.test({
  name: "compile: a download that never answers is cut off by --timeout",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    // A "proxy" that accepts connections and never answers.
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const held: Deno.Conn[] = [];
    (async () => {
      for await (const c of listener) held.push(c);
    })().catch(() => {});
    const denoDir = await isolatedDenoDir();
    const out = await Deno.makeTempDir();
    try {
      const proxy = `http://127.0.0.1:${listener.addr.port}`;
      const started = Date.now();
      const r = await run(Deno.execPath(), [
        "run",
        "-A",
        "scripts/compile.ts",
        "--no-check",
        "--timeout",
        "3",
        "--out-dir",
        out,
        "--target",
        "aarch64-apple-darwin,x86_64-apple-darwin",
      ], {
        env: {
          DENO_DIR: denoDir,
          HTTPS_PROXY: proxy,
          https_proxy: proxy,
          NO_PROXY: "",
          DENORT_BIN: "",
        },
      });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /aarch64-apple-darwin: FAILED: .*no answer within 3s/);
      assert.match(r.stderr, /x86_64-apple-darwin: FAILED: .*no answer within 3s/); // not retried
      assert.ok(Date.now() - started < 60_000);
      assert.deepEqual(await Array.fromAsync(Deno.readDir(out)), [], "no partial files left");
    } finally {
      listener.close();
      for (const c of held) c.close();
      await Deno.remove(denoDir, { recursive: true });
      await Deno.remove(out, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "compile: DENORT_BIN host build writes the binary and SHA256SUMS; SOURCE_DATE_EPOCH builds match",
  ignore: !(TARGETS as readonly string[]).includes(HOST),
  fn: async () => {
    const repoA = await repoCopy();
    const repoB = await repoCopy();
    const denoDir = await isolatedDenoDir();
    try {
      const build = (repo: string, epoch: string) =>
        run(Deno.execPath(), [
          "run",
          "-A",
          "scripts/compile.ts",
          "--no-check",
          "--target",
          HOST,
          "--out-dir",
          "dist",
        ], {
          cwd: repo,
          env: { DENORT_BIN: Deno.execPath(), DENO_DIR: denoDir, SOURCE_DATE_EPOCH: epoch },
        });
      const a = await build(repoA, "1700000000");
      assert.equal(a.code, 0, a.stdout + a.stderr);
      const name = outputName(VERSION, HOST as typeof TARGETS[number]);
      const binA = `${repoA}/dist/${name}`;
      const sums = await Deno.readTextFile(`${repoA}/dist/SHA256SUMS`);
      assert.equal(sums, `${await sha256(binA)}  ${name}\n`);

      // A second checkout (different path, fresh mtimes) gives the same bytes.
      await Deno.utime(`${repoB}/main.ts`, new Date(), new Date());
      const b = await build(repoB, "1700000000");
      assert.equal(b.code, 0, b.stdout + b.stderr);
      assert.equal(await sha256(`${repoB}/dist/${name}`), await sha256(binA), "reproducible");

      // The epoch really is what pins the embedded mtimes.
      const c = await build(repoB, "1700000001");
      assert.equal(c.code, 0, c.stdout + c.stderr);
      assert.notEqual(await sha256(`${repoB}/dist/${name}`), await sha256(binA));
    } finally {
      for (const d of [repoA, repoB, denoDir]) await Deno.remove(d, { recursive: true });
    }
  },
});
