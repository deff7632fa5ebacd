/**
 * PingFederate: admin API base, authentication plan, headers and TLS settings.
 * Base = httpsHost + adminAPIPath (reference §4.4). Every admin call carries
 * `X-Xsrf-Header: PingFederate`; `caCertificatePemFiles` adds roots to the system ones.
 */
import { describeSource, type Settings } from "../config/resolve.ts";
import { schemeAllowed } from "../http/client.ts";
import { PingcliError } from "../errors.ts";
import {
  type AuthPlan,
  type ClientAuthMethod,
  type Connector,
  type Field,
  field,
  howToSet,
  requireAll,
  type Requirement,
} from "./connector.ts";
import { clientCredentialsPlan, credentialFields, credentialNeeds } from "./client_credentials.ts";

const PF = "service.pingFederate";
const OAUTH = `${PF}.authentication.oauth.clientCredentials`;
const OAUTH_TYPES = new Set(["oauth", "clientCredentialsAuth", "client_credentials"]);

/** The PingFederate connector for these settings. */
export async function pingFederateConnector(settings: Settings): Promise<Connector> {
  const fields: Field[] = [field(settings, `${PF}.httpsHost`, "HTTPS host")];
  if (settings.isSet(`${PF}.adminAPIPath`)) {
    fields.push(field(settings, `${PF}.adminAPIPath`, "Admin API path"));
  }
  const type = authType(settings);
  fields.push(field(settings, `${PF}.authentication.type`, "Authentication type"));
  const warnings: string[] = [];
  const insecure = settings.get<boolean>(`${PF}.insecureTrustAllTLS`) === true;
  if (insecure) {
    warnings.push(
      "TLS certificate verification is OFF for PingFederate (service.pingFederate.insecureTrustAllTLS); use only for testing",
    );
  }
  const host = settings.get<string>(`${PF}.httpsHost`);
  const path = "/" +
    (settings.get<string>(`${PF}.adminAPIPath`) ?? "/pf-admin-api/v1").replace(/^\/+|\/+$/g, "");
  const apiBase = host ? host.replace(/\/+$/, "") + path : undefined;
  let plan: AuthPlan | PingcliError;
  let caCerts: string[] = [];
  try {
    caCerts = await readCaFiles(settings.get<string[]>(`${PF}.caCertificatePemFiles`) ?? []);
    plan = await planFor(settings, type, fields);
    requireHttps(settings, `${PF}.httpsHost`);
    if (settings.get<string>(`${OAUTH}.tokenURL`)) requireHttps(settings, `${OAUTH}.tokenURL`);
  } catch (error) {
    if (!(error instanceof PingcliError)) throw error;
    plan = error;
  }
  const headers: Record<string, string> = { "X-Xsrf-Header": "PingFederate" };
  if (settings.get<boolean>(`${PF}.xBypassExternalValidationHeader`)) {
    headers["X-BypassExternalValidation"] = "true";
  }
  const clientAuth = settings.get<string>(`${OAUTH}.tokenEndpointAuthMethod`) ??
    "client_secret_basic";
  return {
    name: "pingfederate",
    label: "PingFederate",
    method: type === undefined
      ? "not set"
      : OAUTH_TYPES.has(type)
      ? `oauth client_credentials (${clientAuth})`
      : type,
    fields,
    plan,
    apiBase,
    headers,
    caCerts,
    insecure,
    probePath: "/version",
    warnings,
  };
}

/** The configured type, or one inferred from which credentials are set. */
function authType(settings: Settings): string | undefined {
  const type = settings.get<string>(`${PF}.authentication.type`);
  if (type) return type;
  if (settings.isSet(`${OAUTH}.clientID`)) return "oauth";
  if (settings.isSet(`${PF}.authentication.basicAuth.username`)) return "basicAuth";
  if (settings.isSet(`${PF}.authentication.accessTokenAuth.accessToken`)) return "accessTokenAuth";
  return undefined;
}

async function planFor(
  settings: Settings,
  type: string | undefined,
  fields: Field[],
): Promise<AuthPlan> {
  const host: Requirement = { key: `${PF}.httpsHost`, what: "HTTPS host" };
  if (type === "basicAuth") {
    const username = `${PF}.authentication.basicAuth.username`;
    const password = `${PF}.authentication.basicAuth.password`;
    fields.push(field(settings, username, "Username"), field(settings, password, "Password"));
    requireAll(settings, "PingFederate", [
      host,
      { key: username, what: "username" },
      { key: password, what: "password" },
    ]);
    return { kind: "basic", username: settings.get(username)!, password: settings.get(password)! };
  }
  if (type === "accessTokenAuth") {
    const token = `${PF}.authentication.accessTokenAuth.accessToken`;
    fields.push(field(settings, token, "Access token"));
    requireAll(settings, "PingFederate", [host, { key: token, what: "access token" }]);
    return { kind: "bearer", token: settings.get(token)! };
  }
  if (type !== undefined && OAUTH_TYPES.has(type)) {
    const clientAuth = (settings.get<string>(`${OAUTH}.tokenEndpointAuthMethod`) ??
      "client_secret_basic") as ClientAuthMethod;
    credentialFields(settings, OAUTH, clientAuth, fields);
    fields.push(field(settings, `${OAUTH}.tokenURL`, "Token URL"));
    requireAll(settings, "PingFederate", [
      host,
      { key: `${OAUTH}.tokenURL`, what: "OAuth token URL" },
      ...credentialNeeds(settings, OAUTH, clientAuth, "OAuth "),
    ]);
    const tokenURL = settings.get<string>(`${OAUTH}.tokenURL`)!;
    return await clientCredentialsPlan(settings, OAUTH, {
      tokenEndpoint: tokenURL,
      issuer: new URL(tokenURL).origin,
    }, clientAuth);
  }
  throw new PingcliError("CREDENTIALS_MISSING", "the PingFederate authentication type is not set", {
    hint: `To fix: ${
      howToSet(`${PF}.authentication.type`)
    } to basicAuth, accessTokenAuth or client_credentials, with its credentials.`,
  });
}

/** A configured URL must be https (plain http only to loopback), named with its source. */
function requireHttps(settings: Settings, key: string): void {
  const { value, source } = settings.resolve(key);
  if (schemeAllowed(new URL(value as string))) return;
  throw new PingcliError(
    "CONFIG_INVALID",
    `${key} (${
      describeSource(source)
    }) is a plain http:// URL; credentials are only sent over https`,
    { hint: `Set ${key} to an https:// URL. Plain http is allowed only for loopback hosts.` },
  );
}

/** Reads CA PEM files; an unreadable file or one without a certificate is a clear error. */
async function readCaFiles(paths: string[]): Promise<string[]> {
  const pems: string[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = await Deno.readTextFile(path);
    } catch (error) {
      throw new PingcliError(
        "TLS_ERROR",
        `cannot read CA certificate file ${path}: ${(error as Error).message}`,
        {
          hint:
            `Check ${PF}.caCertificatePemFiles (env PINGCLI_PINGFEDERATE_CA_CERTIFICATE_PEM_FILES).`,
          retryable: false,
        },
      );
    }
    if (!/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.test(text)) {
      throw new PingcliError("TLS_ERROR", `CA certificate file ${path} holds no PEM certificate`, {
        hint:
          `Check ${PF}.caCertificatePemFiles: each file must contain -----BEGIN CERTIFICATE----- blocks.`,
        retryable: false,
      });
    }
    pems.push(text);
  }
  return pems;
}
