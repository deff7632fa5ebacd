/** Builds the connectors a command acts on, and the "not configured" error. */
import type { Settings } from "../config/resolve.ts";
import { PingcliError } from "../errors.ts";
import { type Connector, type ConnectorName, connectorSettings, isEnabled } from "./connector.ts";
import { pingFederateConnector } from "./pingfederate.ts";
import { pingOneConnector } from "./pingone.ts";

export async function loadConnector(settings: Settings, name: ConnectorName): Promise<Connector> {
  connectorSettings(settings, PREFIX[name]); // every key validated, whatever the command
  return await (name === "pingone" ? pingOneConnector(settings) : pingFederateConnector(settings));
}

const PREFIX: Record<ConnectorName, string> = {
  pingone: "service.pingOne",
  pingfederate: "service.pingFederate",
};

export function connectorEnabled(settings: Settings, name: ConnectorName): boolean {
  return isEnabled(settings, `${PREFIX[name]}.enabled`, PREFIX[name]);
}

/** What to set to configure service authentication, per connector. */
const SETUP: Record<ConnectorName, string> = {
  pingone: "For PingOne set PINGONE_ENVIRONMENT_ID, PINGONE_CLIENT_CREDENTIALS_CLIENT_ID and " +
    "PINGONE_CLIENT_CREDENTIALS_CLIENT_SECRET (and PINGONE_ROOT_DOMAIN outside North America).",
  pingfederate: "For PingFederate set PINGCLI_PINGFEDERATE_HTTPS_HOST, " +
    "PINGCLI_PINGFEDERATE_AUTHENTICATION_TYPE and its credentials.",
};

/** The "not configured" error, with the settings to provide for these connectors. */
export function notConfigured(
  what: string,
  profile: string,
  connectors: ConnectorName[],
): PingcliError {
  return new PingcliError("NOT_CONFIGURED", `${what} is configured for profile '${profile}'`, {
    hint: [
      ...connectors.map((c) => SETUP[c]),
      "Or use 'pingcli config set <key>=<value>'; see 'pingcli config list-keys'.",
    ].join(" "),
  });
}
