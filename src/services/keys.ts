/** Private keys for private_key_jwt client authentication, from a PEM file or inline. */
import type { Settings } from "../config/resolve.ts";
import { PingcliError } from "../errors.ts";
import { howToSet } from "./connector.ts";

export async function readPrivateKey(
  settings: Settings,
  root: string,
  product: string,
): Promise<string> {
  const inline = settings.get<string>(`${root}.privateKey`);
  if (inline) return inline.replace(/\\n/g, "\n");
  const file = settings.get<string>(`${root}.privateKeyFile`);
  if (!file) {
    throw new PingcliError(
      "CREDENTIALS_MISSING",
      `the ${product} private key for private_key_jwt is not set`,
      {
        hint: `To fix: ${howToSet(`${root}.privateKeyFile`)}, or ${
          howToSet(`${root}.privateKey`)
        }.`,
      },
    );
  }
  try {
    return await Deno.readTextFile(file);
  } catch (error) {
    throw new PingcliError(
      "FILE_ERROR",
      `cannot read the private key file ${file}: ${(error as Error).message}`,
      {
        hint: `Check ${root}.privateKeyFile.`,
      },
    );
  }
}
