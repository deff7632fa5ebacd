/** `pingone api` and `pingfederate api`: authenticated requests to a service's API. */
import { Command, Option } from "commander";
import { PingcliError } from "../errors.ts";
import type { CommandResult } from "../output/output.ts";
import type { ConnectorName } from "../services/connector.ts";
import { authContext, type Invocation } from "./invocation.ts";
import { addKeyFlags, type Cli, examples } from "./command_kit.ts";

/** A path that exists on each service, for help and hints. */
const EXAMPLE_PATH: Record<ConnectorName, string> = {
  pingone: "environments",
  pingfederate: "serverSettings",
};

export function apiCommand(cli: Cli, name: ConnectorName, exampleLines: string[]): Command {
  const label = name === "pingone" ? "PingOne management API" : "PingFederate admin API";
  const cmd = new Command("api")
    .description(
      `Send an authenticated request to the ${label}. API_URI is relative to the service base ` +
        "URL; the token is obtained automatically. Without --fail an HTTP error status still exits 0.",
    )
    .argument("<API_URI>", `Path relative to the API base, e.g. ${EXAMPLE_PATH[name]}`)
    .addOption(
      new Option("-m, --http-method <method>", "HTTP method: GET, POST, PUT, PATCH or DELETE")
        .default("GET"),
    )
    .option(
      "-r, --header <header>",
      "Request header 'Name: value' (repeatable)",
      collect,
      [] as string[],
    )
    .option("--data <file>", "Request body from a file, or - for stdin")
    .option("--data-raw <body>", "Request body, inline")
    .option("-f, --fail", "Exit 1 when the HTTP status is 400 or above")
    .action(cli.action((inv, command, args) => runApi(inv, name, command, args[0]!)));
  addKeyFlags(cmd, "auth"); // --storage-type: where the tokens the call uses are kept
  return examples(cmd, exampleLines);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function runApi(
  inv: Invocation,
  name: ConnectorName,
  command: Command,
  uri: string,
): Promise<CommandResult> {
  const { loadConnector } = await import("../services/connectors.ts");
  const { buildApiRequest, responseData } = await import("../services/api_request.ts");
  const { Authenticator, callApi, requirePlan } = await import("../auth/session.ts");
  const { requestIdOf } = await import("../http/client.ts");
  const opts = command.opts() as {
    httpMethod?: string;
    header?: string[];
    data?: string;
    dataRaw?: string;
    fail?: boolean;
  };
  const connector = await loadConnector(inv.settings, name);
  requirePlan(connector);
  for (const w of connector.warnings) inv.out.warn(w, "INSECURE_TLS");
  if (!connector.apiBase) {
    throw new PingcliError(
      "CREDENTIALS_MISSING",
      `${connector.label} API base URL is not configured`,
    );
  }
  const request = await buildApiRequest(
    connector.apiBase,
    uri,
    {
      method: opts.httpMethod,
      header: opts.header,
      data: opts.data,
      dataRaw: opts.dataRaw,
    },
    () => inv.ctx.readStdin(),
    EXAMPLE_PATH[name],
  );
  const ac = authContext(inv);
  const response = await callApi(ac, connector, new Authenticator(ac, connector), request);
  const requestId = requestIdOf(response.headers);
  const meta = {
    httpStatus: response.status,
    requestId,
    httpDurationMs: response.elapsedMs,
    method: request.method,
    url: request.url,
  };
  const { json, data } = responseData(
    response.body,
    response.headers.get("content-type") ?? "",
  );
  inv.out.note(
    `HTTP ${response.status} ${request.method} ${request.url} (${response.elapsedMs} ms)${
      requestId ? ` request ID ${requestId}` : ""
    }`,
  );
  const ok = response.status < 400;
  if (!ok && !opts.fail) {
    // Exit 0 as curl does without --fail, but never "success": status "warning", and exit 2
    // with -D. The stderr status line above already says it in text mode.
    inv.out.warn(
      `${connector.label} answered HTTP ${response.status} to ${request.method} ${uri}`,
      "HTTP_ERROR_STATUS",
      { inTextReport: true },
    );
  }
  const failed = !ok && opts.fail
    ? new PingcliError(
      "HTTP_ERROR",
      `${connector.label} answered HTTP ${response.status} to ${request.method} ${uri}`,
      {
        details: {
          httpStatus: response.status,
          requestId,
          body: data,
        },
        retryable: response.status === 429 || response.status >= 500,
      },
    )
    : undefined;
  const pretty = inv.ctx.isTTY.stdout && json !== undefined;
  return {
    data,
    message: `HTTP ${response.status}`,
    meta,
    raw: pretty ? new TextEncoder().encode(JSON.stringify(json, null, 2) + "\n") : response.body,
    failed,
  };
}
