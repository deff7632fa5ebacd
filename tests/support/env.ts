/** Environments that point the real CLI at the test server (tests, demo and bench share them). */
import type { AuthServer, SecretClient } from "./auth_server.ts";

/** Endpoint settings plus DENO_CERT, without any credential. */
export function pingOneEndpointEnv(server: AuthServer, home: string): Record<string, string> {
  return {
    HOME: home,
    DENO_CERT: server.tls.caFile,
    PINGONE_ENVIRONMENT_ID: server.envId,
    PINGONE_AUTH_SERVICE_HOSTNAME: server.hostPort,
    PINGONE_API_SERVICE_HOSTNAME: server.hostPort,
  };
}

/** A complete env-only PingOne client_secret_basic configuration (bare PINGONE_* names). */
export function pingOneEnv(
  server: AuthServer,
  home: string,
  client: SecretClient = server.pingone.clients.basic,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ...pingOneEndpointEnv(server, home),
    PINGONE_CLIENT_CREDENTIALS_CLIENT_ID: client.id,
    PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET: client.secret,
    ...extra,
  };
}

/** Base PingFederate env (host + CA); add the authentication settings. */
export function pingFederateEnv(
  server: AuthServer,
  home: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    HOME: home,
    DENO_CERT: server.tls.caFile,
    PINGCLI_PINGFEDERATE_HTTPS_HOST: server.origin,
    ...extra,
  };
}
