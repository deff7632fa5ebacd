/**
 * Runs scripts/install.sh for real with `sh` against fake release assets served on 127.0.0.1.
 */
import assert from "node:assert/strict";
import { rootPath, run, sha256 } from "./helpers.ts";

const SH = Deno.build.os === "windows" ? undefined : "sh";

function hostTarget(): string {
  const arch = Deno.build.arch === "aarch64" ? "aarch64" : "x86_64";
  if (Deno.build.os === "darwin") return `${arch}-apple-darwin`;
  return `${arch}-unknown-linux-gnu`;
}

const TARGET = hostTarget();
const VERSION = "1.2.3";
const ASSET = `pingcli-${VERSION}-${TARGET}`;
const BINARY = new TextEncoder().encode(`#!/bin/sh\necho "pingcli ${VERSION} (fake)"\n`);

async function hex(data: Uint8Array<ArrayBuffer>): Promise<string> {
  const d = await crypto.subtle.digest("SHA-256", data);
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

interface Release {
  files: Record<string, Uint8Array<ArrayBuffer> | string>;
}

/** Serves /v<version>/<file> for the given files; everything else is 404. Records requests. */
function serve(release: Release) {
  const requests: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    const path = new URL(req.url).pathname;
    requests.push(path);
    const prefix = `/v${VERSION}/`;
    const body = path.startsWith(prefix) ? release.files[path.slice(prefix.length)] : undefined;
    if (body === undefined) return new Response("Not Found", { status: 404 });
    return new Response(body);
  });
  const base = `http://127.0.0.1:${server.addr.port}/v${VERSION}`;
  return { server, base, requests };
}

async function install(args: string[], env: Record<string, string> = {}) {
  return await run(SH!, [rootPath("scripts/install.sh"), ...args], {
    env: { PINGCLI_TARGET: "", PINGCLI_VERSION: "", PINGCLI_INSTALL_BASE_URL: "", ...env },
  });
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return (await Array.fromAsync(Deno.readDir(dir))).map((e) => e.name).sort();
  } catch {
    return [];
  }
}

async function withRelease(
  files: Record<string, Uint8Array<ArrayBuffer> | string>,
  fn: (ctx: { base: string; dir: string; requests: string[] }) => Promise<void>,
) {
  const { server, base, requests } = serve({ files });
  const tmp = await Deno.makeTempDir({ prefix: "pingcli-install-test-" });
  try {
    await fn({ base, dir: `${tmp}/bin`, requests });
  } finally {
    await server.shutdown();
    await Deno.remove(tmp, { recursive: true });
  }
}

const good = async () => ({
  [ASSET]: BINARY,
  [`pingcli-${VERSION}-some-other-target`]: "other",
  SHA256SUMS:
    `${await hex(new TextEncoder().encode("other"))}  pingcli-${VERSION}-some-other-target\n` +
    `${await hex(BINARY)}  ${ASSET}\n`,
});

Deno.test({
  name: "install.sh downloads, verifies and installs the binary for this machine",
  ignore: !SH,
  fn: async () => {
    await withRelease(await good(), async ({ base, dir, requests }) => {
      const r = await install(["--version", VERSION, "--base-url", base, "--dir", dir]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(await listDir(dir), ["pingcli"], "only the binary, no temp files");
      assert.deepEqual(await Deno.readFile(`${dir}/pingcli`), BINARY);
      assert.equal((await Deno.stat(`${dir}/pingcli`)).mode! & 0o111, 0o111, "executable");
      assert.match(r.stderr, new RegExp(`installed pingcli ${VERSION} \\(${TARGET}\\)`));
      assert.deepEqual(requests, [`/v${VERSION}/SHA256SUMS`, `/v${VERSION}/${ASSET}`]);
      const out = await run(`${dir}/pingcli`, []);
      assert.match(out.stdout, /pingcli 1\.2\.3/);
    });
  },
});

Deno.test({
  name: "install.sh: PINGCLI_INSTALL_BASE_URL and no --version (taken from SHA256SUMS)",
  ignore: !SH,
  fn: async () => {
    await withRelease(await good(), async ({ base, dir }) => {
      const r = await install(["--dir", dir], { PINGCLI_INSTALL_BASE_URL: base });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, /installed pingcli 1\.2\.3/);
      assert.equal(await sha256(`${dir}/pingcli`), await hex(BINARY));
    });
  },
});

Deno.test({
  name: "install.sh replaces an existing pingcli in one rename",
  ignore: !SH,
  fn: async () => {
    await withRelease(await good(), async ({ base, dir }) => {
      await Deno.mkdir(dir, { recursive: true });
      await Deno.writeTextFile(`${dir}/pingcli`, "old");
      const r = await install(["--version", VERSION, "--base-url", base, "--dir", dir]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(await Deno.readFile(`${dir}/pingcli`), BINARY);
      assert.deepEqual(await listDir(dir), ["pingcli"]);
    });
  },
});

Deno.test({
  name: "install.sh: a checksum mismatch fails and installs nothing",
  ignore: !SH,
  fn: async () => {
    const files = await good();
    files[ASSET] = new TextEncoder().encode("tampered");
    await withRelease(files, async ({ base, dir }) => {
      await Deno.mkdir(dir, { recursive: true });
      await Deno.writeTextFile(`${dir}/pingcli`, "old");
      const r = await install(["--version", VERSION, "--base-url", base, "--dir", dir]);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /checksum mismatch for pingcli-1\.2\.3-/);
      assert.equal(await Deno.readTextFile(`${dir}/pingcli`), "old", "existing binary untouched");
      assert.deepEqual(await listDir(dir), ["pingcli"], "no partial or staged file");
    });
    // And into an empty directory: nothing at all appears.
    await withRelease(files, async ({ base, dir }) => {
      const r = await install(["--version", VERSION, "--base-url", base, "--dir", dir]);
      assert.notEqual(r.code, 0);
      assert.deepEqual(await listDir(dir), []);
    });
  },
});

Deno.test({
  name: "install.sh: a missing asset or SHA256SUMS fails clearly",
  ignore: !SH,
  fn: async () => {
    const files = await good();
    delete files[ASSET];
    await withRelease(files, async ({ base, dir }) => {
      const r = await install(["--version", VERSION, "--base-url", base, "--dir", dir]);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, new RegExp(`error: cannot download ${base}/${ASSET}`));
      assert.deepEqual(await listDir(dir), []);
    });
    await withRelease({}, async ({ base, dir }) => {
      const r = await install(["--version", VERSION, "--base-url", base, "--dir", dir]);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /error: cannot download .*\/SHA256SUMS/);
    });
    // SHA256SUMS without a line for this target.
    await withRelease(
      { SHA256SUMS: `${"0".repeat(64)}  pingcli-${VERSION}-other\n` },
      async ({ base, dir }) => {
        const r = await install(["--version", VERSION, "--base-url", base, "--dir", dir]);
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, new RegExp(`lists no pingcli build for ${TARGET}`));
      },
    );
  },
});

Deno.test({
  name: "install.sh: --target overrides detection; bad arguments are refused",
  ignore: !SH,
  fn: async () => {
    const other = "aarch64-apple-darwin" === TARGET
      ? "x86_64-apple-darwin"
      : "aarch64-apple-darwin";
    const body = new TextEncoder().encode("mac");
    const files = {
      [`pingcli-${VERSION}-${other}`]: body,
      SHA256SUMS: `${await hex(body)}  pingcli-${VERSION}-${other}\n`,
    };
    await withRelease(files, async ({ base, dir }) => {
      const r = await install([
        "--target",
        other,
        "--version",
        VERSION,
        "--base-url",
        base,
        "--dir",
        dir,
      ]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(await Deno.readTextFile(`${dir}/pingcli`), "mac");
    });
    const bad = await install(["--target", "sparc-sun-solaris"]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /unknown target: sparc-sun-solaris/);
    const unknown = await install(["--frobnicate"]);
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /unknown argument: --frobnicate/);
  },
});
