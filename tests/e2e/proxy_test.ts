/** HTTPS_PROXY and NO_PROXY are honoured for token requests and API calls. */
import assert from "node:assert/strict";
import { startAuthServer } from "../support/auth_server.ts";
import { startConnectProxy } from "../support/connect_proxy.ts";
import { pingOneEnv, runPingcli } from "./helpers.ts";

Deno.test({
  name: "HTTPS_PROXY tunnels every call; NO_PROXY bypasses it",
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const server = await startAuthServer();
    const proxy = await startConnectProxy();
    const home = await Deno.makeTempDir();
    try {
      const env = { ...pingOneEnv(server, home), HTTPS_PROXY: proxy.url };
      const viaProxy = await runPingcli(["pingone", "api", `environments/${server.envId}`], {
        env,
      });
      assert.equal(viaProxy.code, 0, viaProxy.stderr);
      assert.deepEqual(new Set(proxy.targets), new Set([server.hostPort]));
      assert.ok(proxy.targets.length >= 1);
      const seen = proxy.targets.length;
      const bypass = await runPingcli(["pingone", "api", `environments/${server.envId}`], {
        env: { ...env, NO_PROXY: "localhost" },
      });
      assert.equal(bypass.code, 0, bypass.stderr);
      assert.equal(proxy.targets.length, seen);
    } finally {
      await proxy.close();
      await server.close();
      await Deno.remove(home, { recursive: true });
    }
  },
});
