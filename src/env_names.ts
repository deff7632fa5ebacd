/**
 * The environment variables pingcli reads: every configuration env var from the registry plus
 * the few process-level ones below. `main.ts` reads exactly these, and the compiled binary's
 * `--allow-env` list in deno.json must equal this list (checked by a test).
 */
import { allConfigEnvNames } from "./config/key_lookup.ts";

const PROCESS_ENV_NAMES = [
  "HOME",
  "USERPROFILE",
  "PINGCLI_CONFIG",
  "PINGCLI_PROFILE",
  "NO_COLOR",
  "CI",
  "DENO_CERT",
  "HTTPS_PROXY",
  "HTTP_PROXY",
  "NO_PROXY",
  "https_proxy",
  "http_proxy",
  "no_proxy",
  "PINGCLI_PINGONE_APPEND_USER_AGENT",
  "PINGCLI_PINGFEDERATE_APPEND_USER_AGENT",
  // Read by commander when it renders help.
  "CLICOLOR_FORCE",
  "FORCE_COLOR",
  // Read by the yaml library on every parse (ecosystem.md §3.1).
  "LOG_TOKENS",
  "LOG_STREAM",
] as const;

export function envNamesRead(): string[] {
  return [...new Set([...PROCESS_ENV_NAMES, ...allConfigEnvNames()])].sort();
}
