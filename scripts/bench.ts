/**
 * `deno task bench`: start-up and end-to-end figures, as ratios to `deno run` of an empty
 * script on the same machine (issues #3 and #4). Runs the real entry point with the compiled
 * binary's permission set against the local TLS test server. Prints a table; `--json` for JSON.
 *
 * Targets: --version ≤ 1.3×; auth status ≤ 2.5×; 20 sequential `pingone api` calls with
 * file_system storage: exactly 1 token request and total ≤ 20 × 1.5× baseline; peak RSS ≤ 80 MiB.
 */
import { startAuthServer } from "../tests/support/auth_server.ts";
import { cacheDir, ROOT } from "../tests/support/cli.ts";
import { pingOneEnv } from "../tests/support/env.ts";
import { join } from "node:path";

const RUNS = Number(Deno.env.get("BENCH_RUNS") ?? 7);
const server = await startAuthServer();
const home = await Deno.makeTempDir({ prefix: "pingcli-bench-" });
const empty = join(home, "empty.ts");
await Deno.writeTextFile(empty, "");
const denoDir = await cacheDir();
const env: Record<string, string> = {
  ...pingOneEnv(server, home),
  DENO_DIR: denoDir,
  DENO_NO_UPDATE_CHECK: "1",
};

/** Runs a command under python's getrusage to get wall time and the child's peak RSS. */
async function measure(
  args: string[],
  extraEnv: Record<string, string> = {},
): Promise<{ ms: number; rssKiB: number; code: number }> {
  const py = "import resource,subprocess,sys,time\n" +
    "t=time.perf_counter();r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL)\n" +
    "print((time.perf_counter()-t)*1000, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)";
  const { stdout } = await new Deno.Command("python3", {
    args: ["-c", py, ...args],
    env: { ...env, ...extraEnv },
    clearEnv: true,
    cwd: ROOT,
    stdout: "piped",
  }).output();
  const [ms, rss, code] = new TextDecoder().decode(stdout).trim().split(" ").map(Number);
  return { ms: ms!, rssKiB: rss!, code: code! };
}

const pingcli = (
  ...args: string[]
) => [Deno.execPath(), "run", "-q", "-P=pingcli", "--no-prompt", join(ROOT, "main.ts"), ...args];

const emptyRun = () => [Deno.execPath(), "run", "-q", empty];
const middle = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Median wall time of a command, and of the baseline measured in alternation with it, so that
 * drift in the machine's load affects both sides of the ratio alike.
 */
async function median(
  args: string[],
  extraEnv: Record<string, string> = {},
): Promise<{ ms: number; baselineMs: number; rssKiB: number }> {
  await measure(args, extraEnv); // warm the module and code caches
  const runs = [];
  const baselines: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    baselines.push((await measure(emptyRun())).ms);
    const r = await measure(args, extraEnv);
    if (r.code !== 0) throw new Error(`${args.slice(5).join(" ")} exited ${r.code}`);
    runs.push(r);
  }
  return {
    ms: middle(runs.map((r) => r.ms)),
    baselineMs: middle(baselines),
    rssKiB: Math.max(...runs.map((r) => r.rssKiB)),
  };
}

// A 50-profile config file for `config get`.
const cfgDir = join(home, ".pingcli");
await Deno.mkdir(cfgDir, { recursive: true });
let yaml = "configModelVersion: 2\nactiveProfile: p0\n";
for (let i = 0; i < 50; i++) {
  yaml +=
    `p${i}:\n  description: profile ${i}\n  outputFormat: text\n  service:\n    pingOne:\n      endpoint:\n        environmentID: ${crypto.randomUUID()}\n        rootDomain: pingone.eu\n`;
}
const bigConfig = join(home, "fifty.yaml");
await Deno.writeTextFile(bigConfig, yaml);

const baseline = await median(emptyRun());
// The floor for any command that calls a service: a Deno script that does nothing but one
// HTTPS GET to the same server (Deno's first fetch initialises its TLS stack, ~40 ms here).
const oneFetch = join(home, "one_fetch.ts");
await Deno.writeTextFile(
  oneFetch,
  `await (await fetch("${server.origin}/pf-admin-api/v1/version")).text();`,
);
const MEMORY_BUDGET_MIB = 80;
const rows: {
  name: string;
  ms: number;
  ratio: number;
  rssMiB: number;
  /** Target ratio to the baseline, when the issue sets one. */
  target?: number;
}[] = [];
async function row(
  name: string,
  args: string[],
  target?: number,
  extraEnv: Record<string, string> = {},
) {
  const r = await median(args, extraEnv);
  rows.push({ name, ms: r.ms, ratio: r.ms / r.baselineMs, rssMiB: r.rssKiB / 1024, target });
}
const verdict = (ok: boolean) => (ok ? "PASS" : "MISS");
await row("floor: one HTTPS GET in Deno", [Deno.execPath(), "run", "-q", "-A", oneFetch]);
await row("--version", pingcli("--version"), 1.3);
await row("--help", pingcli("--help"));
await row(
  "config get (50 profiles)",
  pingcli("-C", bigConfig, "config", "get", "service.pingOne.endpoint.rootDomain"),
);
await row("auth status (PingOne, TLS)", pingcli("auth", "status"), 2.5, {
  PINGCLI_AUTH_STORAGE_TYPE: "none",
});

// The same entry point as one minified bundle (what `deno compile --bundle` embeds).
const bundle = join(home, "pingcli.mjs");
const bundled = await new Deno.Command(Deno.execPath(), {
  args: ["bundle", "-q", "--minify", "--platform", "deno", "-o", bundle, join(ROOT, "main.ts")],
  cwd: ROOT,
  stderr: "piped",
}).output();
if (bundled.success) {
  const viaBundle = (...args: string[]) => [
    Deno.execPath(),
    "run",
    "-q",
    "-P=pingcli",
    "--no-prompt",
    "--config",
    join(ROOT, "deno.json"),
    bundle,
    ...args,
  ];
  await row("bundle: --help", viaBundle("--help"));
  await row("bundle: auth status", viaBundle("auth", "status"), undefined, {
    PINGCLI_AUTH_STORAGE_TYPE: "none",
  });
} else {
  console.error(
    "deno bundle failed; bundle rows skipped:",
    new TextDecoder().decode(bundled.stderr),
  );
}

// 20 sequential api calls with file_system storage.
server.reset();
const before = server.tokenRequests();
let total = 0; // the child processes' own wall time, without the measuring wrapper
let peak = 0;
for (let i = 0; i < 20; i++) {
  const r = await measure(pingcli("pingone", "api", `environments/${server.envId}`), {
    PINGCLI_AUTH_STORAGE_TYPE: "file_system",
  });
  if (r.code !== 0) throw new Error(`api call ${i} exited ${r.code}`);
  peak = Math.max(peak, r.rssKiB);
  total += r.ms;
}
const tokenRequests = server.tokenRequests() - before;

const result = {
  baselineMs: baseline.ms,
  runs: RUNS,
  rows,
  apiLoop: {
    calls: 20,
    totalMs: total,
    budgetMs: 20 * 1.5 * baseline.ms,
    tokenRequests,
    peakRssMiB: peak / 1024,
  },
};
await server.close();
await Deno.remove(home, { recursive: true });

if (Deno.args.includes("--json")) {
  console.log(JSON.stringify(result, null, 2));
} else {
  console.log(
    `baseline: deno run of an empty script = ${baseline.ms.toFixed(0)} ms (median of ${RUNS})`,
  );
  console.log("command                        median   ratio   peak RSS  target");
  for (const r of rows) {
    const target = r.target === undefined ? "" : `≤ ${r.target}×  ${verdict(r.ratio <= r.target)}`;
    console.log(
      `${r.name.padEnd(30)} ${r.ms.toFixed(0).padStart(5)} ms ${r.ratio.toFixed(2).padStart(6)}× ${
        r.rssMiB.toFixed(1).padStart(6)
      } MiB  ${target}`,
    );
  }
  const a = result.apiLoop;
  console.log(
    `20 × pingone api (file_system): ${a.totalMs.toFixed(0)} ms total (budget ${
      a.budgetMs.toFixed(0)
    } ms = 20 × 1.5× baseline), ` +
      `${
        (a.totalMs / 20 / baseline.ms).toFixed(2)
      }× per call, ${a.tokenRequests} token request(s), peak ${a.peakRssMiB.toFixed(1)} MiB`,
  );
  const peakAll = Math.max(a.peakRssMiB, ...rows.map((r) => r.rssMiB));
  console.log(
    `verdicts: api loop time ${verdict(a.totalMs <= a.budgetMs)}, exactly one token request ${
      verdict(a.tokenRequests === 1)
    }, peak memory ${peakAll.toFixed(1)} MiB ≤ ${MEMORY_BUDGET_MIB} MiB ${
      verdict(peakAll <= MEMORY_BUDGET_MIB)
    }`,
  );
}
