/** Binary API bodies reach stdout byte for byte (certificates, keystores, exports). */
import assert from "node:assert/strict";
import { cacheDir, ROOT, runPingcli } from "../support/cli.ts";

Deno.test("a binary body is passed through unchanged on a pipe, and as base64 in JSON", async () => {
  const bytes = new Uint8Array([0xff, 0xfe, 0x00, 0x80, 0x41]);
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    () => new Response(bytes, { headers: { "content-type": "application/octet-stream" } }),
  );
  const home = await Deno.makeTempDir();
  const env = {
    HOME: home,
    // Plain http is allowed to loopback hosts only.
    PINGCLI_PINGFEDERATE_HTTPS_HOST: `http://127.0.0.1:${server.addr.port}`,
    PINGCLI_PINGFEDERATE_AUTHENTICATION_TYPE: "basicAuth",
    PINGCLI_PINGFEDERATE_USERNAME: "administrator",
    PINGCLI_PINGFEDERATE_PASSWORD: "pw",
  };
  try {
    const child = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-q",
        "-P=pingcli",
        "--no-prompt",
        `${ROOT}main.ts`,
        "pingfederate",
        "api",
        "keyPairs/export",
      ],
      cwd: ROOT,
      env: { ...env, DENO_DIR: await cacheDir() },
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(child.code, 0, new TextDecoder().decode(child.stderr));
    assert.deepEqual(child.stdout, bytes);
    const json = await runPingcli(["-O", "json", "pingfederate", "api", "keyPairs/export"], {
      env,
    });
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout).data, {
      contentType: "application/octet-stream",
      encoding: "base64",
      body: "//4AgEE=",
    });
  } finally {
    await server.shutdown();
    await Deno.remove(home, { recursive: true });
  }
});
