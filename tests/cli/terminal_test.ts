/**
 * The real entry point on a real terminal (a pseudo-terminal from util-linux `script`): a secret
 * typed at `config set KEY -` is never echoed, and questions go to stderr, never to stdout.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { cacheDir, ROOT } from "../support/cli.ts";

const SECRET = "s3cr3t-canary-7f1e";
const KEY = "service.pingOne.authentication.clientCredentials.clientSecret";

const hasScript = Deno.build.os === "linux" &&
  await new Deno.Command("script", { args: ["--version"], stdout: "null", stderr: "null" })
    .output().then((o) => o.success, () => false);

function quote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** A pingcli run on a terminal: wait for text to appear, type, then collect the end. */
class TerminalRun {
  #child: Deno.ChildProcess;
  #writer: WritableStreamDefaultWriter<Uint8Array>;
  #screen = "";
  #done: Promise<void>;

  constructor(home: string, shellCommand: string, denoDir: string) {
    this.#child = new Deno.Command("script", {
      args: ["-qec", shellCommand, "/dev/null"],
      cwd: home,
      clearEnv: true,
      env: {
        HOME: home,
        PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
        SHELL: "/bin/sh",
        TERM: "dumb",
        NO_COLOR: "1",
        DENO_DIR: denoDir,
        DENO_NO_UPDATE_CHECK: "1",
      },
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    this.#writer = this.#child.stdin.getWriter();
    const stdout = this.#child.stdout;
    this.#done = (async () => {
      const decoder = new TextDecoder();
      for await (const chunk of stdout) this.#screen += decoder.decode(chunk, { stream: true });
    })();
  }

  /** Everything the terminal showed so far (stdout and stderr of pingcli, and any echo). */
  get screen(): string {
    return this.#screen;
  }

  async waitFor(text: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!this.#screen.includes(text)) {
      if (Date.now() > deadline) {
        this.#child.kill("SIGKILL");
        await this.finish();
        throw new Error(`timed out waiting for ${text}:\n${this.#screen}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async type(keys: string): Promise<void> {
    await this.#writer.write(new TextEncoder().encode(keys));
  }

  async finish(): Promise<number> {
    const { code } = await this.#child.status;
    await this.#writer.close().catch(() => {});
    await this.#done;
    await this.#child.stderr.cancel();
    return code;
  }
}

async function pingcliOnTerminal(home: string, args: string[], stdoutFile?: string) {
  const command = [Deno.execPath(), "run", "-q", "-P=pingcli", "--no-prompt", `${ROOT}main.ts`]
    .concat(args).map(quote).join(" ") + (stdoutFile ? ` > ${quote(stdoutFile)}` : "");
  return new TerminalRun(home, command, await cacheDir());
}

Deno.test({
  name: "config set SECRET - on a terminal: nothing typed is echoed, editing keys work",
  ignore: !hasScript,
  async fn() {
    const home = await Deno.makeTempDir({ prefix: "pingcli-tty-" });
    const run = await pingcliOnTerminal(home, ["config", "set", KEY, "-"]);
    await run.waitFor("(input is hidden): ");
    // A typo fixed with Backspace, an arrow key ignored, then Enter.
    await run.type(`${SECRET}xy\x7f\x7f\x1b[D\r`);
    assert.equal(await run.finish(), 0, run.screen);
    assert.ok(!run.screen.includes(SECRET.slice(0, 6)), run.screen);
    assert.match(run.screen, /Configuration set successfully:\r\n.*clientSecret=\*{8}\r\n/);
    const file = await Deno.readTextFile(join(home, ".pingcli", "config.yaml"));
    assert.match(file, new RegExp(`clientSecret: ${SECRET}\n`));
    await Deno.remove(home, { recursive: true });
  },
});

Deno.test({
  name: "config set SECRET - on a terminal: Ctrl-C cancels and writes nothing",
  ignore: !hasScript,
  async fn() {
    const home = await Deno.makeTempDir({ prefix: "pingcli-tty-" });
    const run = await pingcliOnTerminal(home, ["config", "set", KEY, "-"]);
    await run.waitFor("(input is hidden): ");
    await run.type("abc\x03");
    assert.equal(await run.finish(), 1, run.screen);
    assert.match(run.screen, new RegExp(`ERROR: no value was entered for ${KEY}; nothing changed`));
    assert.ok(!run.screen.includes("abc"), run.screen);
    assert.equal(await Deno.stat(join(home, ".pingcli")).catch(() => undefined), undefined);
    await Deno.remove(home, { recursive: true });
  },
});

Deno.test({
  name: "profiles delete asks on stderr: stdout carries only the result",
  ignore: !hasScript,
  async fn() {
    const home = await Deno.makeTempDir({ prefix: "pingcli-tty-" });
    await Deno.mkdir(join(home, ".pingcli"), { mode: 0o700 });
    await Deno.writeTextFile(join(home, ".pingcli", "config.yaml"), "default: {}\ndev: {}\n");
    const stdout = join(home, "stdout.txt");
    const question = "Delete profile 'dev'? This cannot be undone. [y/N] ";
    const no = await pingcliOnTerminal(home, ["config", "profiles", "delete", "dev"], stdout);
    await no.waitFor(question);
    await no.type("\r");
    assert.equal(await no.finish(), 0, no.screen);
    assert.equal(await Deno.readTextFile(stdout), "Profile 'dev' was not deleted.\n");
    const yes = await pingcliOnTerminal(home, ["config", "profiles", "delete", "dev"], stdout);
    await yes.waitFor(question);
    await yes.type("Yes\r");
    assert.equal(await yes.finish(), 0, yes.screen);
    assert.equal(await Deno.readTextFile(stdout), "Profile 'dev' deleted.\n");
    assert.equal(
      await Deno.readTextFile(join(home, ".pingcli", "config.yaml")),
      "default: {}\n",
    );
    await Deno.remove(home, { recursive: true });
  },
});
