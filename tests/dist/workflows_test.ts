/**
 * Static checks of the distribution files that can't run here: the GitHub workflows (parsed as
 * YAML), the Dockerfile and install.ps1.
 */
import assert from "node:assert/strict";
import YAML from "yaml";
import { TARGETS } from "../../scripts/compile.ts";
import { rootPath } from "./helpers.ts";

// deno-lint-ignore no-explicit-any
type Any = any;

async function workflow(name: string): Promise<Any> {
  const text = await Deno.readTextFile(rootPath(`.github/workflows/${name}`));
  const doc = YAML.parseDocument(text);
  assert.deepEqual(doc.errors, [], `${name} is not valid YAML`);
  return doc.toJS();
}

function runs(job: Any): string {
  return (job.steps as Any[]).map((s) => s.run ?? "").join("\n");
}

Deno.test("ci.yml: fmt, lint, check, test on Linux, macOS, Windows with Deno 2.9.6; embed check", async () => {
  const wf = await workflow("ci.yml");
  assert.equal(wf.env.DENO_VERSION, "2.9.6");
  const test = wf.jobs.test;
  const oses = test.strategy.matrix.os as string[];
  assert.ok(oses.some((o) => o.startsWith("ubuntu")));
  assert.ok(oses.some((o) => o.startsWith("macos")));
  assert.ok(oses.some((o) => o.startsWith("windows")));
  const script = runs(test);
  for (
    const cmd of [
      "npm install -g deno@${{ env.DENO_VERSION }}",
      "deno fmt --check",
      "deno lint",
      "deno check",
      "deno test -A",
    ]
  ) {
    assert.ok(script.includes(cmd), cmd);
  }
  assert.ok(runs(wf.jobs["embed-check"]).includes("deno task embed-check"));
});

Deno.test("release.yml: v* tags, all six targets on their own OS, sign, smoke, publish", async () => {
  const wf = await workflow("release.yml");
  assert.deepEqual(wf.on.push.tags, ["v*"]);
  assert.equal(wf.env.DENO_VERSION, "2.9.6");
  assert.equal(wf.permissions.contents, "read");
  const build = wf.jobs.build;
  const include = build.strategy.matrix.include as { target: string; os: string; exe: string }[];
  assert.deepEqual(include.map((i) => i.target).sort(), [...TARGETS].sort());
  for (const i of include) {
    const os = i.target.includes("linux")
      ? "ubuntu"
      : i.target.includes("apple")
      ? "macos"
      : "windows";
    assert.ok(i.os.startsWith(os), `${i.target} builds on ${i.os}`);
    assert.equal(i.os.includes("arm") || i.os === "macos-15", i.target.startsWith("aarch64"), i.os);
    assert.equal(i.exe, i.target.includes("windows") ? ".exe" : "");
  }
  const script = runs(build);
  assert.match(script, /src\/version\.ts/);
  assert.match(script, /SOURCE_DATE_EPOCH=\$\(git log -1 --format=%ct\)/);
  assert.ok(script.includes("deno task compile --target ${{ matrix.target }}"));
  assert.match(script, /codesign --force --sign -/);
  assert.match(script, /tests\/dist\/smoke_release\.ts --version/);
  assert.ok(build.env.DENO_DIR, "fixed DENO_DIR");
  const sign = (build.steps as Any[]).find((s) => /codesign/.test(s.run ?? ""));
  assert.equal(sign.if, "runner.os == 'macOS'");
  const publish = wf.jobs.publish;
  assert.equal(publish.needs, "build");
  assert.equal(publish.permissions.contents, "write");
  const pub = runs(publish);
  assert.match(pub, /sha256sum pingcli-\* > SHA256SUMS/);
  assert.match(pub, /gh release (create|upload)/);
  assert.match(pub, /install\.sh/);
});

Deno.test({
  name: "release.yml's 'Set the version from the tag' step rewrites src/version.ts",
  ignore: Deno.build.os === "windows",
  fn: async () => {
    const wf = await workflow("release.yml");
    const step = (wf.jobs.build.steps as Any[]).find((s) =>
      s.name === "Set the version from the tag"
    );
    const script = (step.run as string).replaceAll("${{ matrix.target }}", "x86_64-apple-darwin")
      .replaceAll("${{ matrix.exe }}", "");
    const dir = await Deno.makeTempDir();
    try {
      await Deno.mkdir(`${dir}/src`);
      await Deno.copyFile(rootPath("src/version.ts"), `${dir}/src/version.ts`);
      const git = (...args: string[]) =>
        new Deno.Command("git", { args, cwd: dir, stdout: "null", stderr: "null" }).output();
      await git("init", "-q");
      await git("add", ".");
      await git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x");
      const bash = (ref: string) =>
        new Deno.Command("bash", {
          args: ["-e", "-c", script],
          cwd: dir,
          env: { GITHUB_REF_NAME: ref, GITHUB_ENV: `${dir}/github_env` },
          stdout: "piped",
          stderr: "piped",
        }).output();
      const ok = await bash("v1.2.3-rc.1");
      assert.equal(ok.code, 0, new TextDecoder().decode(ok.stderr));
      const version = await Deno.readTextFile(`${dir}/src/version.ts`);
      assert.match(version, /^export const VERSION = "1\.2\.3-rc\.1";$/m);
      const env = await Deno.readTextFile(`${dir}/github_env`);
      assert.match(env, /^VERSION=1\.2\.3-rc\.1$/m);
      assert.match(env, /^ASSET=pingcli-1\.2\.3-rc\.1-x86_64-apple-darwin$/m);
      assert.match(env, /^SOURCE_DATE_EPOCH=\d+$/m);
      const bad = await bash("vnext");
      assert.notEqual(bad.code, 0, "a tag that is not v<semver> fails");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("Dockerfile: build stage with Deno from npm, distroless nonroot final stage", async () => {
  const text = await Deno.readTextFile(rootPath("Dockerfile"));
  const froms = [...text.matchAll(/^FROM\s+(.+)$/gm)].map((m) => m[1]!);
  assert.equal(froms.length, 2);
  assert.match(froms[0]!, /AS build$/);
  assert.match(text, /npm install -g "deno@\$\{DENO_VERSION\}"/);
  assert.match(text, /^ARG DENO_VERSION=2\.9\.6$/m);
  assert.equal(froms[1], "gcr.io/distroless/cc-debian12:nonroot");
  assert.match(text, /^ENTRYPOINT \["pingcli"\]$/m);
  assert.match(text, /^ENV PINGCLI_AUTH_STORAGE_TYPE=none$/m);
  assert.match(text, /^USER nonroot$/m);
  assert.match(text, /scripts\/compile\.ts --target "\$target"/);
  const ignore = await Deno.readTextFile(rootPath(".dockerignore"));
  assert.match(ignore, /^\*$/m, ".dockerignore starts from nothing");
  for (const p of ["deno.json", "deno.lock", "main.ts", "src", "scripts/compile.ts"]) {
    assert.ok(ignore.includes(`!${p}\n`), p);
  }
  // Everything the Dockerfile COPYs is let through .dockerignore.
  for (const m of text.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
    for (const src of m[1]!.split(/\s+/)) assert.ok(ignore.includes(`!${src}\n`), src);
  }
});

Deno.test("install.ps1 and install.sh agree on defaults and variables", async () => {
  const sh = await Deno.readTextFile(rootPath("scripts/install.sh"));
  const ps = await Deno.readTextFile(rootPath("scripts/install.ps1"));
  for (
    const s of [
      "PINGCLI_VERSION",
      "PINGCLI_INSTALL_DIR",
      "PINGCLI_INSTALL_BASE_URL",
      "PINGCLI_TARGET",
      "https://github.com/pingcli/pingcli/releases",
      "/latest/download",
      "/download/v",
      "SHA256SUMS",
      ".local",
    ]
  ) {
    assert.ok(sh.includes(s), `install.sh: ${s}`);
    assert.ok(ps.includes(s), `install.ps1: ${s}`);
  }
  assert.ok(ps.includes("x86_64-pc-windows-msvc") && ps.includes("aarch64-pc-windows-msvc"));
  assert.match(ps, /Get-FileHash -Algorithm SHA256/);
  // Balanced braces and parentheses outside strings and comments (a cheap syntax sanity check).
  const code = ps.replace(/<#[\s\S]*?#>/g, "").replace(/#.*$/gm, "").replace(/'[^']*'/g, "''")
    .replace(/"(?:`.|[^"`])*"/g, '""');
  for (const [open, close] of [["{", "}"], ["(", ")"], ["[", "]"]] as const) {
    assert.equal(code.split(open).length, code.split(close).length, `${open}${close} balanced`);
  }
});
