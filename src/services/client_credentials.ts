/**
 * What both connectors share for the client credentials grant: the credential fields that
 * `auth status` shows, the plan (who to ask, as whom, with what), and private_key_jwt keys.
 */
import type { Settings } from "../config/resolve.ts";
import { PingcliError } from "../errors.ts";
import {
  type AuthPlan,
  type ClientAuthMethod,
  type Field,
  field,
  type Requirement,
} from "./connector.ts";

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
 * The settings client credentials under `root` need, for `requireAll`: the client ID, and the
 * secret or (private_key_jwt) a key. `prefix` names them, e.g. "OAuth " for PingFederate.
 */
export function credentialNeeds(
  settings: Settings,
  root: string,
  clientAuth: ClientAuthMethod,
  prefix = "",
): Requirement[] {
  const needs: Requirement[] = [{ key: `${root}.clientID`, what: `${prefix}client ID` }];
  if (clientAuth !== "private_key_jwt") {
    needs.push({ key: `${root}.clientSecret`, what: `${prefix}client secret` });
  } else if (!settings.get(`${root}.privateKey`)) {
    needs.push({
      key: `${root}.privateKeyFile`,
      what: "private key file",
      or: `or set ${root}.privateKey`,
    });
  }
  return needs;
}

/**
 * The client credentials plan from the keys under `root`, once `credentialNeeds` are met.
 */
export async function clientCredentialsPlan(
  settings: Settings,
  root: string,
  endpoint: { tokenEndpoint: string; issuer: string },
  clientAuth: ClientAuthMethod,
): Promise<AuthPlan> {
  const base = {
    kind: "client_credentials" as const,
    ...endpoint,
    clientId: settings.get<string>(`${root}.clientID`)!,
    clientAuth,
    scopes: settings.get<string[]>(`${root}.scopes`) ?? [],
    scopesKey: `${root}.scopes`,
  };
  if (clientAuth === "private_key_jwt") {
    return {
      ...base,
      privateKeyPem: await readPrivateKey(settings, root),
      privateKeyId: settings.get<string>(`${root}.privateKeyID`),
    };
  }
  return { ...base, secret: settings.get<string>(`${root}.clientSecret`)! };
}

/** The PKCS#8 PEM key for private_key_jwt, inline (`privateKey`) or from `privateKeyFile`. */
async function readPrivateKey(settings: Settings, root: string): Promise<string> {
  const inline = settings.get<string>(`${root}.privateKey`);
  if (inline) return inline.replace(/\\n/g, "\n");
  const file = settings.get<string>(`${root}.privateKeyFile`)!;
  try {
    return await Deno.readTextFile(file);
  } catch (error) {
    throw new PingcliError(
      "FILE_ERROR",
      `cannot read the private key file ${file}: ${(error as Error).message}`,
      { hint: `Check ${root}.privateKeyFile.` },
    );
  }
}
