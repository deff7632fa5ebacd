/**
 * What both connectors share for the client credentials grant: the credential fields that
 * `auth status` shows, the plan (who to ask, as whom, with what), and private_key_jwt keys.
 */
import type { Settings } from "../config/resolve.ts";
import { PingcliError } from "../errors.ts";
import { type AuthPlan, type ClientAuthMethod, type Field, field, howToSet } from "./connector.ts";

/** Adds the client ID, the secret or private key, and the scopes under `root` to `fields`. */
export function credentialFields(
  settings: Settings,
  root: string,
  clientAuth: ClientAuthMethod,
  fields: Field[],
): void {
  fields.push(field(settings, `${root}.clientID`, "Client ID"));
  if (clientAuth === "private_key_jwt") {
    fields.push(
      settings.isSet(`${root}.privateKey`)
        ? field(settings, `${root}.privateKey`, "Private key")
        : field(settings, `${root}.privateKeyFile`, "Private key file"),
    );
  } else {
    fields.push(field(settings, `${root}.clientSecret`, "Client secret"));
  }
  if (settings.isSet(`${root}.scopes`)) fields.push(field(settings, `${root}.scopes`, "Scopes"));
}

/**
 * The client credentials plan from the keys under `root`. `what` names the credential in
 * errors, e.g. "PingOne client" or "PingFederate OAuth client".
 */
export async function clientCredentialsPlan(
  settings: Settings,
  root: string,
  what: string,
  endpoint: { tokenEndpoint: string; issuer: string },
  clientAuth: ClientAuthMethod,
): Promise<AuthPlan> {
  const clientId = settings.get<string>(`${root}.clientID`);
  if (!clientId) {
    throw new PingcliError("CREDENTIALS_MISSING", `the ${what} ID is not set`, {
      hint: `To fix: ${howToSet(`${root}.clientID`)}.`,
    });
  }
  const base = {
    kind: "client_credentials" as const,
    ...endpoint,
    clientId,
    clientAuth,
    scopes: settings.get<string[]>(`${root}.scopes`) ?? [],
    scopesKey: `${root}.scopes`,
  };
  if (clientAuth === "private_key_jwt") {
    return {
      ...base,
      privateKeyPem: await readPrivateKey(settings, root, what.split(" ")[0]!),
      privateKeyId: settings.get<string>(`${root}.privateKeyID`),
    };
  }
  const secret = settings.get<string>(`${root}.clientSecret`);
  if (!secret) {
    throw new PingcliError("CREDENTIALS_MISSING", `the ${what} secret is not set`, {
      hint: `To fix: ${howToSet(`${root}.clientSecret`)}.`,
    });
  }
  return { ...base, secret };
}

/** The PKCS#8 PEM key for private_key_jwt, inline (`privateKey`) or from `privateKeyFile`. */

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
