/** PingFederate TLS settings: CA files add roots; insecureTrustAllTLS skips verification with a warning. */
import assert from "node:assert/strict";
import { startAuthServer } from "../support/auth_server.ts";
import { runPingcli } from "../support/cli.ts";

Deno.test("PingFederate caCertificatePemFiles and insecureTrustAllTLS", async (t) => {
  const server = await startAuthServer();
  const home = await Deno.makeTempDir();
  const base = {
    HOME: home,
    PINGCLI_PINGFEDERATE_HTTPS_HOST: server.origin,
    PINGCLI_PINGFEDERATE_AUTHENTICATION_TYPE: "basicAuth",
    PINGCLI_PINGFEDERATE_USERNAME: server.pingfederate.adminUser,
    PINGCLI_PINGFEDERATE_PASSWORD: server.pingfederate.adminPassword,
  };
  try {
    await t.step(
      "untrusted certificate is a TLS_ERROR naming the host and CA settings",
      async () => {
        const r = await runPingcli(["pingfederate", "auth", "status", "-O", "json"], { env: base });
        assert.equal(r.code, 1);
        const error = JSON.parse(r.stdout).data.connectors[0].error;
        assert.equal(error.code, "TLS_ERROR");
        assert.match(error.message, new RegExp(`TLS verification failed for ${server.hostPort}`));
        assert.match(error.hint, /caCertificatePemFiles/);
      },
    );
    await t.step("CA file adds the test root", async () => {
      const r = await runPingcli(["pingfederate", "api", "version"], {
        env: { ...base, PINGCLI_PINGFEDERATE_CA_CERTIFICATE_PEM_FILES: server.tls.caFile },
      });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, '{"version":"13.0.1.0"}');
    });
    await t.step("insecureTrustAllTLS works and warns on every use", async () => {
      const r = await runPingcli(["pingfederate", "api", "version"], {
        // NODE_EXTRA_CA_CERTS makes node:tls load the system roots, which the binary's
        // permission set does not allow; verification is off, so none are needed.
        env: {
          ...base,
          PINGCLI_PINGFEDERATE_INSECURE_TRUST_ALL_TLS: "true",
          NODE_EXTRA_CA_CERTS: server.tls.caFile,
        },
      });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, '{"version":"13.0.1.0"}');
      assert.match(r.stderr, /WARNING: TLS certificate verification is OFF for PingFederate/);
    });
  } finally {
    await server.close();
    await Deno.remove(home, { recursive: true });
  }
});
