/** docs/settings.md is generated from the key registry and must match it. */
import assert from "node:assert/strict";
import { SETTINGS_DOC, settingsDoc } from "../../scripts/gen_settings_doc.ts";
import { KEYS } from "../../src/config/registry.ts";

Deno.test("docs/settings.md is up to date with the key registry", async () => {
  const current = await Deno.readTextFile(SETTINGS_DOC).catch(() => "");
  assert.ok(
    current === await settingsDoc(),
    "docs/settings.md is out of date: run deno run -A scripts/gen_settings_doc.ts",
  );
});

Deno.test("docs/settings.md documents every key with its env vars and secrecy", async () => {
  const doc = await Deno.readTextFile(SETTINGS_DOC);
  for (const def of KEYS) assert.ok(doc.includes(`### \`${def.key}\``), def.key);
  assert.match(doc, /`PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET`/);
  assert.match(doc, /- Secret: shown as `\*\*\*\*\*\*\*\*` unless `-U\/--unmask-values`/);
});
