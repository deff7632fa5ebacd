/**
 * `deno task demo`: starts the local test servers (oidc-provider over TLS with a per-run CA,
 * PingOne and PingFederate layouts) and runs the real CLI against them, so a newcomer sees the
 * main job work with no Ping tenant: env-only configuration → `auth status` → an `api` call.
 */
import { startAuthServer } from "../tests/support/auth_server.ts";
import { cacheDir } from "../tests/support/cli.ts";
import { pingFederateEnv, pingOneEnv } from "../tests/support/env.ts";

const server = await startAuthServer();
const home = await Deno.makeTempDir({ prefix: "pingcli-demo-" });
const env: Record<string, string> = {
  ...pingOneEnv(server, home),
  ...pingFederateEnv(server, home),
  PINGCLI_PINGFEDERATE_AUTHENTICATION_TYPE: "client_credentials",
  PINGCLI_PINGFEDERATE_CLIENT_ID: server.pingfederate.client.id,
  PINGCLI_PINGFEDERATE_CLIENT_SECRET: server.pingfederate.client.secret,
  PINGCLI_PINGFEDERATE_TOKEN_URL: server.pingfederate.tokenEndpoint,
  PINGCLI_AUTH_STORAGE_TYPE: "file_system",
};
const root = new URL("..", import.meta.url).pathname;

async function pingcli(...args: string[]): Promise<number> {
  console.log(`\n$ pingcli ${args.join(" ")}`);
  const { code } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-P=pingcli", "--quiet", `${root}main.ts`, ...args],
    cwd: root,
    env: { ...env, DENO_DIR: await cacheDir(), DENO_NO_UPDATE_CHECK: "1" },
    clearEnv: true,
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  console.log(`\n(exit ${code})`);
  return code;
}

console.log("Local test servers on " + server.origin + " (TLS, CA made for this run).");
console.log("Configuration comes only from environment variables:");
for (const [k, v] of Object.entries(env)) {
  if (k !== "HOME" && k !== "DENO_CERT") console.log(`  ${k}=${/SECRET/.test(k) ? "********" : v}`);
}
let failures = 0;
failures += await pingcli("auth", "status") === 0 ? 0 : 1;
failures += await pingcli("pingone", "api", `environments/${server.envId}`) === 0 ? 0 : 1;
failures += await pingcli("pingfederate", "api", "version") === 0 ? 0 : 1;
console.log(
  `\nToken requests made by pingcli: ${server.tokenRequests()}. 'auth status' always asks for ` +
    "fresh tokens to prove the credentials; the api calls reused them from ~/.pingcli/credentials.",
);
await server.close();
await Deno.remove(home, { recursive: true });
Deno.exit(failures === 0 ? 0 : 1);
