import assert from "node:assert/strict";
import { smoke } from "./smoke_release.ts";
import { VERSION } from "../../src/version.ts";
import { denoInfo, rootPath } from "./helpers.ts";

Deno.test("the release smoke test passes against `deno run -P=pingcli main.ts`", async () => {
  const saved = Deno.env.get("DENO_DIR");
  Deno.env.set("DENO_DIR", (await denoInfo()).denoDir); // HOME is a temp dir inside the smoke test
  try {
    const checks = await smoke([
      Deno.execPath(),
      "run",
      "-q",
      "--cached-only",
      `--config=${rootPath("deno.json")}`,
      "-P=pingcli",
      rootPath("main.ts"),
    ], VERSION);
    const failed = checks.filter((c) => !c.ok);
    assert.deepEqual(failed, [], failed.map((c) => `${c.name}\n${c.detail}`).join("\n"));
    assert.equal(checks.length, 6);
  } finally {
    if (saved === undefined) Deno.env.delete("DENO_DIR");
    else Deno.env.set("DENO_DIR", saved);
  }
});
