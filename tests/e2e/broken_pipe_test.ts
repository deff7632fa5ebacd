/** `pingcli … | head`: a reader that goes away early is not an error and prints no trace. */
import assert from "node:assert/strict";
import { cacheDir, ROOT } from "../support/cli.ts";

Deno.test("output to a pipe closed early ends quietly with exit 0", async () => {
  const home = await Deno.makeTempDir();
  try {
    // The shell gives pingcli's own exit code and stderr, with `head` closing the pipe early.
    const script = `"$DENO" run -q -P=pingcli "$ROOT/main.ts" -O ndjson config list-keys ` +
      `2>"$HOME/stderr" | head -c 10 >/dev/null; echo "\${PIPESTATUS[0]}"`;
    const out = await new Deno.Command("bash", {
      args: ["-c", script],
      env: { HOME: home, DENO_DIR: await cacheDir(), DENO: Deno.execPath(), ROOT },
      clearEnv: true,
      stdout: "piped",
    }).output();
    assert.equal(new TextDecoder().decode(out.stdout).trim(), "0");
    assert.equal(await Deno.readTextFile(`${home}/stderr`), "");
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
