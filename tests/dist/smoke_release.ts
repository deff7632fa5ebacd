/**
 * Smoke test for a built pingcli binary, run by the release workflow on the binary's own OS:
 *
 *   deno run -A tests/dist/smoke_release.ts --version 1.2.3 dist/pingcli-1.2.3-<target>[.exe]
 *   DENO_DIR=~/.cache/deno deno run -A tests/dist/smoke_release.ts -- deno run -q -P=pingcli main.ts
 *     (self-check against the sources; DENO_DIR because HOME is replaced by a temp dir)
 *
 * Checks, each in a fresh temporary HOME with no pingcli/PingOne variables set:
 *   1. `--version` prints the version (and nothing on stderr), exit 0;
 *   2. `--help` works under the baked permissions, exit 0;
 *   3. `auth status` with no configuration fails with its documented error
 *      ("no Ping service is configured", code NOT_CONFIGURED) and exit code 1;
 *   4. `config set noInput=true` then `config get noInput` round-trips through the config file.
 * Prints one line per check and exits 1 on the first failure.
 */

export interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

interface Out {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment a fresh user would have: no PINGCLI_*, PINGONE_* or proxy settings. */
function cleanEnv(home: string): Record<string, string> {
  const keep = [
    "PATH",
    "Path",
    "SystemRoot",
    "SYSTEMROOT",
    "windir",
    "TEMP",
    "TMP",
    "TMPDIR",
    "LANG",
    "ComSpec",
    "DENO_DIR", // only matters for the `-- deno run …` self-check
  ];
  const env: Record<string, string> = {};
  for (const k of keep) {
    const v = Deno.env.get(k);
    if (v !== undefined) env[k] = v;
  }
  env.HOME = home;
  env.USERPROFILE = home;
  env.NO_COLOR = "1";
  return env;
}

export async function smoke(command: string[], version: string | undefined): Promise<Check[]> {
  const [cmd, ...prefix] = command;
  const checks: Check[] = [];
  const home = await Deno.makeTempDir({ prefix: "pingcli-smoke-home-" });
  const exec = async (args: string[]): Promise<Out> => {
    const out = await new Deno.Command(cmd!, {
      args: [...prefix, ...args],
      env: cleanEnv(home),
      clearEnv: true,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(60_000),
    }).output();
    const dec = new TextDecoder();
    return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
  };
  const check = (name: string, ok: boolean, out: Out) =>
    checks.push({
      name,
      ok,
      detail: ok ? undefined : `exit ${out.code}\nstdout: ${out.stdout}\nstderr: ${out.stderr}`,
    });
  try {
    const v = await exec(["--version"]);
    check(
      "--version",
      v.code === 0 && v.stderr === "" && v.stdout.trim() !== "" &&
        (version === undefined || v.stdout.trim() === version),
      v,
    );

    const help = await exec(["--help"]);
    check("--help", help.code === 0 && /Usage: pingcli/.test(help.stdout), help);

    const status = await exec(["auth", "status"]);
    check(
      "auth status without configuration: documented error, exit 1",
      status.code === 1 && /no Ping service is configured/.test(status.stderr),
      status,
    );
    const statusJson = await exec(["-O", "json", "auth", "status"]);
    let code: unknown;
    try {
      code = JSON.parse(statusJson.stdout).errors?.[0]?.code;
    } catch { /* not JSON */ }
    check(
      "auth status -O json: NOT_CONFIGURED, exit 1",
      statusJson.code === 1 && code === "NOT_CONFIGURED",
      statusJson,
    );

    const set = await exec(["config", "set", "noInput=true"]);
    check("config set noInput=true", set.code === 0, set);
    const get = await exec(["-O", "json", "config", "get", "noInput"]);
    let value: unknown;
    try {
      value = JSON.parse(get.stdout).data?.[0]?.value;
    } catch { /* not JSON */ }
    check("config get noInput round trip", get.code === 0 && value === true, get);
  } finally {
    await Deno.remove(home, { recursive: true }).catch(() => {});
  }
  return checks;
}

if (import.meta.main) {
  const args = [...Deno.args];
  let version: string | undefined;
  const at = args.indexOf("--version");
  if (at >= 0) {
    version = args[at + 1];
    args.splice(at, 2);
  }
  if (args[0] === "--") args.shift();
  if (args.length === 0) {
    console.error("usage: smoke_release.ts [--version X.Y.Z] <binary> | -- <command…>");
    Deno.exit(2);
  }
  const checks = await smoke(args, version);
  let failed = 0;
  for (const c of checks) {
    console.log(`${c.ok ? "ok  " : "FAIL"} ${c.name}`);
    if (!c.ok) {
      failed++;
      console.log(c.detail!.replace(/^/gm, "     "));
    }
  }
  console.log(`${checks.length - failed} passed, ${failed} failed`);
  Deno.exit(failed ? 1 : 0);
}
