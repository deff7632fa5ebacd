/**
 * Writes docs/settings.md from the key registry, formatted with `deno fmt` so the repository's
 * format check accepts it. With `--check`, writes nothing and exits 1 when the file is out of
 * date (tests/config/settings_doc_test.ts checks the same).
 *
 *   deno run -A scripts/gen_settings_doc.ts [--check]
 */
import { renderSettingsDoc } from "../src/config/settings_doc.ts";

const ROOT = new URL("..", import.meta.url);
export const SETTINGS_DOC = new URL("docs/settings.md", ROOT);

/** docs/settings.md as it should be: rendered, then formatted with the repository's settings. */
export async function settingsDoc(): Promise<string> {
  const fmt = new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--ext=md", "-"],
    cwd: ROOT,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = fmt.stdin.getWriter();
  await writer.write(new TextEncoder().encode(renderSettingsDoc()));
  await writer.close();
  const { code, stdout, stderr } = await fmt.output();
  if (code !== 0) throw new Error(`deno fmt failed: ${new TextDecoder().decode(stderr)}`);
  return new TextDecoder().decode(stdout);
}

if (import.meta.main) {
  const wanted = await settingsDoc();
  if (Deno.args.includes("--check")) {
    const current = await Deno.readTextFile(SETTINGS_DOC).catch(() => "");
    if (current !== wanted) {
      console.error("docs/settings.md is out of date: run deno run -A scripts/gen_settings_doc.ts");
      Deno.exit(1);
    }
  } else {
    await Deno.writeTextFile(SETTINGS_DOC, wanted);
    console.log("wrote docs/settings.md");
  }
}
