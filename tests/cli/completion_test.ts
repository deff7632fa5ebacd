/**
 * Shell completion: the dynamic answers (`pingcli __complete ...`) from the live command tree,
 * the four scripts, and the bash script driven by a real bash.
 */
import assert from "node:assert/strict";
import { envelope, runPingcli, Sandbox } from "./harness.ts";
import { cacheDir, ROOT } from "../support/cli.ts";

/** Asks for completions of `line` (the last word is the one being completed). */
async function complete(box: Sandbox, ...words: string[]): Promise<string> {
  const current = words.pop() ?? "";
  const r = await box.run(["__complete", ...words, "=" + current]);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, "");
  return r.stdout;
}

Deno.test("completion: top-level commands with descriptions, hidden ones left out", async () => {
  await using box = await Sandbox.create();
  assert.equal(
    await complete(box, "c"),
    "config\tManage settings and profiles in the config file\n" +
      "completion\tPrint a shell completion script\n:4\n",
  );
  const all = await complete(box, "");
  assert.doesNotMatch(all, /__complete/);
  assert.match(all, /^feedback\t/m);
});

Deno.test("completion: subcommands and flags, including inherited global flags", async () => {
  await using box = await Sandbox.create();
  assert.equal(
    await complete(box, "config", "profiles", "u"),
    "use\tMake a profile the active one (sets activeProfile).\n:4\n",
  );
  assert.equal(
    await complete(box, "config", "get", "--unm"),
    "--unmask-values\tShow secret values in clear text\n:4\n",
  );
  const globals = await complete(box, "config", "get", "--o");
  assert.match(globals, /^--output-format\t/m);
  // Secret flags stay out of completion as they stay out of help.
  const flags = await complete(box, "pingone", "api", "--pingone-client-credentials-client-s");
  assert.equal(flags, ":4\n");
});

Deno.test("completion: option values come from choices, profiles and the file system", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig("default: {}\ndev: {}\nprod: {}\n");
  assert.equal(await complete(box, "-O", "nd"), "ndjson\nndjson-wrapped\n:4\n");
  assert.equal(await complete(box, "--output-format=j"), "--output-format=json\n:4\n");
  assert.equal(await complete(box, "config", "get", "-P", ""), "default\ndev\nprod\n:4\n");
  assert.equal(await complete(box, "config", "profiles", "use", "d"), "default\ndev\n:4\n");
  assert.equal(await complete(box, "-C", ""), ":0\n");
  // -C given earlier on the line is where the profiles come from.
  const other = `${box.home}/other.yaml`;
  await Deno.writeTextFile(other, "staging: {}\nactiveProfile: staging\n");
  assert.equal(await complete(box, "-C", other, "config", "get", "-P", ""), "staging\n:4\n");
});

Deno.test("completion: config keys for get/set/unset, and values after key=", async () => {
  await using box = await Sandbox.create();
  assert.equal(
    await complete(box, "config", "get", "service.pingOne.endpoint.r"),
    "service.pingOne.endpoint.rootDomain\n:4\n",
  );
  assert.equal(await complete(box, "config", "get", "activeP"), "activeProfile\n:4\n");
  assert.equal(
    await complete(box, "config", "set", "SERVICE.PINGONE.ENDPOINT.R"),
    "service.pingOne.endpoint.rootDomain=\n:6\n",
  );
  assert.equal(await complete(box, "config", "set", "activeP"), ":6\n");
  assert.equal(
    await complete(box, "config", "set", "service.pingOne.endpoint.rootDomain=pingone.c"),
    "service.pingOne.endpoint.rootDomain=pingone.ca\n" +
      "service.pingOne.endpoint.rootDomain=pingone.com\n" +
      "service.pingOne.endpoint.rootDomain=pingone.com.au\n:4\n",
  );
  assert.equal(
    await complete(box, "config", "set", "noColor="),
    "noColor=true\nnoColor=false\n:4\n",
  );
  assert.equal(await complete(box, "config", "set", "noColor=true", ""), "-\n:4\n");
  assert.equal(
    await complete(box, "config", "unset", "log.l"),
    "log.level\n:4\n",
  );
  assert.equal(await complete(box, "completion", ""), "bash\nzsh\nfish\npowershell\n:4\n");
});

Deno.test("completion answers even when the config file is broken", async () => {
  await using box = await Sandbox.create();
  await box.writeConfig("default: [\n");
  assert.equal(await complete(box, "-P", ""), ":4\n");
  assert.match(await complete(box, "conf"), /^config\t/);
});

Deno.test("completion [shell] prints a script for each of the four shells", async () => {
  await using box = await Sandbox.create();
  const expectations: Record<string, RegExp[]> = {
    bash: [
      /^# bash completion for pingcli\./,
      /__complete "\$\{words\[@\]:1\}" "=\$cur"/,
      /\ncomplete -F __pingcli_complete pingcli\n$/,
    ],
    zsh: [
      /^#compdef pingcli\n/,
      /__complete "\$\{args\[@\]\}" "=\$\{words\[CURRENT\]\}"/,
      /compdef _pingcli pingcli/,
    ],
    fish: [
      /^# fish completion for pingcli\./,
      /pingcli __complete \$tokens\[2\.\.-1\] "=\$current"/,
      /\ncomplete -c pingcli -f -a '\(__pingcli_complete\)'\n$/,
    ],
    powershell: [
      /^# powershell completion for pingcli\./,
      /& pingcli __complete @words "=\$WordToComplete"/,
      /Register-ArgumentCompleter -Native -CommandName 'pingcli'/,
    ],
  };
  for (const [shell, patterns] of Object.entries(expectations)) {
    const r = await box.run(["completion", shell]);
    assert.equal(r.code, 0);
    assert.equal(r.stderr, "");
    for (const p of patterns) assert.match(r.stdout, p, shell);
  }
  const json = await box.run(["-O", "json", "completion", "fish"]);
  const data = envelope(json).data as { shell: string; script: string };
  assert.equal(data.shell, "fish");
  assert.match(data.script, /complete -c pingcli/);
  const bad = await box.run(["completion", "tcsh"]);
  assert.equal(bad.code, 1);
  assert.equal(
    bad.stderr,
    "ERROR: unsupported shell 'tcsh'\nHint: Choose one of: bash, zsh, fish, powershell.\n",
  );
  const help = await box.run(["completion"]);
  assert.match(
    help.stdout,
    /^Load completions for your shell:\n {2}bash {7}source <\(pingcli completion bash\)\n/,
  );
});

Deno.test("completion scripts pass each shell's own syntax check when the shell is installed", async () => {
  const checks: [string, string[], string][] = [
    ["bash", ["-n"], "bash"],
    ["zsh", ["-n"], "zsh"],
    ["fish", ["--no-execute"], "fish"],
  ];
  for (const [shell, args, binary] of checks) {
    const script = (await runPingcli(["completion", shell])).stdout;
    const path = await Deno.makeTempFile({ suffix: `.${shell}` });
    await Deno.writeTextFile(path, script);
    try {
      const r = await new Deno.Command(binary, { args: [...args, path], stderr: "piped" }).output();
      assert.equal(r.code, 0, `${shell}: ${new TextDecoder().decode(r.stderr)}`);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error; // shell not installed here
    } finally {
      await Deno.remove(path);
    }
  }
});

Deno.test({
  name: "bash completion works end to end through the real entry point",
  ignore: Deno.build.os === "windows",
  async fn() {
    await using box = await Sandbox.create();
    await box.writeConfig("default: {}\ndev: {}\n");
    const script = String.raw`
pingcli() { "$DENO" run -q -P=pingcli --no-prompt "$MAIN" "$@"; }
source <(pingcli completion bash)
COMP_WORDBREAKS=$' \t\n"\'><=;|&(:'
t() {
  COMP_LINE="$1"; COMP_POINT=${"${#COMP_LINE}"}
  COMPREPLY=()
  __pingcli_complete
  local IFS='|'; echo "${"${COMPREPLY[*]}"}"
}
complete -p pingcli
t "pingcli co"
t "pingcli config profiles "
t "pingcli config set service.pingOne.endpoint.rootD"
t "pingcli config set service.pingOne.endpoint.rootDomain=pingone.c"
t "pingcli -P d"
t "pingcli --output-format=nd"
`;
    const r = await new Deno.Command("bash", {
      args: ["-c", script],
      env: {
        HOME: box.home,
        DENO: Deno.execPath(),
        MAIN: `${ROOT}main.ts`,
        DENO_DIR: await cacheDir(),
        DENO_NO_UPDATE_CHECK: "1",
        PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      },
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const err = new TextDecoder().decode(r.stderr);
    assert.equal(r.code, 0, err);
    assert.equal(
      new TextDecoder().decode(r.stdout),
      "complete -F __pingcli_complete pingcli\n" +
        "config|completion\n" +
        "create|delete|list|show|use\n" +
        "service.pingOne.endpoint.rootDomain=\n" +
        "pingone.ca|pingone.com|pingone.com.au\n" +
        "default|dev\n" +
        "ndjson|ndjson-wrapped\n",
    );
  },
});
