/**
 * PingOne: endpoints and authentication plan from the resolved settings.
 *
 * Endpoints (reference §4.2): `https://auth.<rootDomain>/<envID>/as/...`, or
 * `https://<customDomain>/as/...`, or (extension) `https://<authHostname>/<envID>/as/...`;
 * management API `https://api.<rootDomain>/v1` or `https://<apiHostname>/v1`.
 */
import type { Settings } from "../config/resolve.ts";
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

const P = "service.pingOne";

export interface PingOneEndpoints {
  /** Base of the auth service, e.g. https://auth.pingone.com/<envID>/as (also the issuer). */
  authBase: string;
  tokenEndpoint: string;
  authorizationEndpoint: string;
  deviceAuthorizationEndpoint: string;
  revocationEndpoint: string;
  apiBase: string;
}

/** Builds PingOne endpoints; throws CONFIG_INVALID naming the keys to set when it cannot. */
export function pingOneEndpoints(settings: Settings): PingOneEndpoints {
  const envId = settings.get<string>(`${P}.endpoint.environmentID`);
  const rootDomain = settings.get<string>(`${P}.endpoint.rootDomain`) ?? "pingone.com";
  const customDomain = settings.get<string>(`${P}.endpoint.customDomain`);
  const authHostname = settings.get<string>(`${P}.endpoint.authHostname`);
  if (customDomain && authHostname) {
    throw new PingcliError(
      "CONFIG_INVALID",
      `${P}.endpoint.customDomain and ${P}.endpoint.authHostname are both set; they name different auth hosts`,
      { hint: "Unset one of them (env PINGONE_CUSTOM_DOMAIN / PINGONE_AUTH_SERVICE_HOSTNAME)." },
    );
  }
  let authBase: string;
  if (customDomain) {
    authBase = `https://${customDomain}/as`;
  } else {
    if (!envId) {
      throw new PingcliError("CREDENTIALS_MISSING", "the PingOne environment ID is not set", {
        hint: `To fix: ${
          howToSet(`${P}.endpoint.environmentID`)
        }; or set ${P}.endpoint.customDomain.`,
      });
    }
    authBase = `https://${authHostname ?? `auth.${rootDomain}`}/${envId}/as`;
  }
  return {
    authBase,
    tokenEndpoint: `${authBase}/token`,
    authorizationEndpoint: `${authBase}/authorize`,
    deviceAuthorizationEndpoint: `${authBase}/device_authorization`,
    revocationEndpoint: `${authBase}/revoke`,
    apiBase: pingOneApiBase(settings),
  };
}

/** The management API base: `https://api.<rootDomain>/v1`, or `https://<apiHostname>/v1`. */
function pingOneApiBase(settings: Settings): string {
  const rootDomain = settings.get<string>(`${P}.endpoint.rootDomain`) ?? "pingone.com";
  return `https://${settings.get<string>(`${P}.endpoint.apiHostname`) ?? `api.${rootDomain}`}/v1`;
}

/** The PingOne connector for these settings. */
export async function pingOneConnector(settings: Settings): Promise<Connector> {
  const grant = settings.get<string>(`${P}.authentication.grantType`) ?? "client_credentials";
  const cc = `${P}.authentication.clientCredentials`;
  const clientAuth = (settings.get<string>(`${cc}.tokenEndpointAuthMethod`) ??
    "client_secret_basic") as ClientAuthMethod;
  const fields: Field[] = [
    field(settings, `${P}.authentication.grantType`, "Grant type"),
    field(settings, `${P}.endpoint.environmentID`, "Environment ID"),
    field(settings, `${P}.endpoint.rootDomain`, "Root domain"),
  ];
  for (
    const [key, label] of [
      [`${P}.endpoint.customDomain`, "Custom domain"],
      [`${P}.endpoint.authHostname`, "Auth hostname"],
      [`${P}.endpoint.apiHostname`, "API hostname"],
    ] as const
  ) {
    if (settings.isSet(key)) fields.push(field(settings, key, label));
  }
  if (grant === "client_credentials") credentialFields(settings, cc, clientAuth, fields);
  let plan: AuthPlan | PingcliError;
  try {
    requireAll(settings, "PingOne", pingOneNeeds(settings, grant, clientAuth));
    const endpoints = pingOneEndpoints(settings);
    plan = grant === "client_credentials"
      ? await clientCredentialsPlan(settings, cc, {
        tokenEndpoint: endpoints.tokenEndpoint,
        issuer: endpoints.authBase,
      }, clientAuth)
      : { kind: "interactive", grant: grant as "authorization_code" | "device_code" };
  } catch (error) {
    if (!(error instanceof PingcliError)) throw error;
    plan = error;
  }
  return {
    name: "pingone",
    label: "PingOne",
    method: grant === "client_credentials" ? `client_credentials (${clientAuth})` : grant,
    fields,
    plan,
    apiBase: pingOneApiBase(settings),
    headers: {},
    caCerts: [],
    insecure: false,
    probePath: settings.get<string>(`${P}.endpoint.environmentID`)
      ? `/environments/${settings.get<string>(`${P}.endpoint.environmentID`)}`
      : undefined,
    warnings: [],
  };
}

/** What the PingOne method needs, for one "not set" error naming them all. */
function pingOneNeeds(
  settings: Settings,
  grant: string,
  clientAuth: ClientAuthMethod,
): Requirement[] {
  const needs: Requirement[] = [];
  if (!settings.get(`${P}.endpoint.customDomain`)) {
    needs.push({
      key: `${P}.endpoint.environmentID`,
      what: "environment ID",
      or: `or set ${P}.endpoint.customDomain`,
    });
  }
  if (grant !== "client_credentials") return needs;
  return [
    ...needs,
    ...credentialNeeds(settings, `${P}.authentication.clientCredentials`, clientAuth),
  ];
}
