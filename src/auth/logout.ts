/** Removes stored tokens for connectors and one profile (or all profiles). */
import { join } from "node:path";
import type { ConnectorName } from "../services/connector.ts";

export async function clearStoredTokens(
  home: string | undefined,
  connectors: ConnectorName[],
  profile: string | undefined,
): Promise<number> {
  if (!home) return 0;
  const dir = join(home, ".pingcli", "credentials");
  let removed = 0;
  try {
    for await (const entry of Deno.readDir(dir)) {
      const m = entry.name.match(
        /^token-[0-9a-f]+_(pingone|pingfederate)_(client_credentials|authorization_code|device_code)_(.+)\.json$/,
      );
      if (!m || !connectors.includes(m[1] as ConnectorName)) continue;
      if (profile !== undefined && m[3] !== profile) continue;
      await Deno.remove(join(dir, entry.name));
      removed++;
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return removed;
}
