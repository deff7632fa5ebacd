/**
 * `auth login|logout|status` for all enabled connectors, plus the per-connector versions that
 * `pingone auth` and `pingfederate auth` reuse.
 */
import { Command } from "commander";
import type { CommandResult } from "../output/output.ts";
import type { ConnectorName } from "../services/connector.ts";
import { authContext, type Invocation } from "./invocation.ts";
import { addKeyFlags, type Cli, examples } from "./command_kit.ts";

const ALL: ConnectorName[] = ["pingone", "pingfederate"];

export function register(program: Command, cli: Cli): void {
  const auth = new Command("auth").description(
    "Authenticate, or check authentication, for all enabled Ping services at once",
  );
  addKeyFlags(auth, "auth");
  auth.addCommand(statusCommand(cli, ALL));
  auth.addCommand(loginCommand(cli, ALL));
  auth.addCommand(logoutCommand(cli, ALL));
  examples(auth, ["pingcli auth status", "pingcli auth status -O json"]);
  program.addCommand(auth);
}

/** `status` for the given connectors. */
export function statusCommand(cli: Cli, connectors: ConnectorName[]): Command {
  const scope = connectors.length > 1 ? "all enabled Ping services" : labelOf(connectors[0]!);
  const cmd = new Command("status")
    .description(
      `Show authentication status for ${scope}: where each credential comes from, a live token ` +
        "request and an API call that proves the token is accepted.\n\n" +
        "Exit codes: 0 every connector authenticated; 1 any failed or none is configured; " +
        "2 with -D when all authenticated but with warnings (e.g. missing roles).",
    )
    .action(cli.action((inv) => runStatus(inv, connectors)));
  return examples(cmd, [
    `pingcli ${prefix(connectors)}auth status`,
    `pingcli ${prefix(connectors)}auth status -O json`,
    `pingcli -D ${prefix(connectors)}auth status   # exit 2 on warnings`,
  ]);
}

async function runStatus(inv: Invocation, names: ConnectorName[]): Promise<CommandResult> {
  const { loadConnector, connectorEnabled, notConfigured } = await import(
    "../services/connectors.ts"
  );
  const { checkConnector, reportFailure } = await import("../auth/status.ts");
  const { renderStatus } = await import("./status_view.ts");
  const selected = names.length > 1
    ? names.filter((n) => connectorEnabled(inv.settings, n))
    : names;
  if (names.length === 1 && !connectorEnabled(inv.settings, names[0]!)) {
    throw notConfigured(`no ${labelOf(names[0]!)} connection`, inv.profile, names);
  }
  if (selected.length === 0) throw notConfigured("no Ping service", inv.profile, names);
  const connectors = await Promise.all(selected.map((n) => loadConnector(inv.settings, n)));
  const statuses = await Promise.all(connectors.map((c) => checkConnector(authContext(inv), c)));
  const report = { profile: inv.profile, connectors: statuses };
  for (const c of statuses) {
    for (const w of c.warnings) {
      inv.out.warn(`${c.label}: ${w}`, "AUTH_WARNING", { inTextReport: true });
    }
  }
  const failed = reportFailure(report);
  const ok = statuses.filter((c) => c.status !== "failed").length;
  return {
    data: report,
    message: failed ? failed.message : `${ok} of ${statuses.length} connector(s) authenticated`,
    text: renderStatus(report, inv.out.dataStyle),
    failed,
  };
}

export function loginCommand(cli: Cli, connectors: ConnectorName[]): Command {
  const cmd = new Command("login")
    .description(
      "Log in to " +
        (connectors.length > 1 ? "all enabled Ping services" : labelOf(connectors[0]!)) +
        ". With client credentials there is nothing to do: pingcli gets tokens automatically.",
    )
    .action(cli.action(async (inv) => {
      const { loadConnector, connectorEnabled, notConfigured } = await import(
        "../services/connectors.ts"
      );
      const enabled = connectors.filter((n) => connectorEnabled(inv.settings, n));
      if (enabled.length === 0) {
        throw notConfigured(
          connectors.length > 1 ? "no Ping service" : `no ${labelOf(connectors[0]!)} connection`,
          inv.profile,
          connectors,
        );
      }
      const lines: string[] = [];
      const data: { connector: string; method: string; loginRequired: boolean }[] = [];
      for (const name of enabled) {
        const c = await loadConnector(inv.settings, name);
        // An incomplete configuration, or an interactive grant this build lacks, is an error.
        const { requirePlan } = await import("../auth/session.ts");
        requirePlan(c);
        data.push({ connector: name, method: c.method, loginRequired: false });
        lines.push(
          `${c.label}: uses ${c.method}; no login is needed. pingcli authenticates automatically whenever it calls ${c.label}. Run 'pingcli auth status' to verify the credentials.`,
        );
      }
      return { data, message: "no login needed", text: lines.join("\n") };
    }));
  return examples(cmd, [`pingcli ${prefix(connectors)}auth login`]);
}

export function logoutCommand(cli: Cli, connectors: ConnectorName[]): Command {
  const cmd = new Command("logout")
    .description("Clear stored tokens for the active (or -P) profile; -a for every profile")
    .option("-a, --all", "Log out of every profile")
    .action(cli.action(async (inv, command) => {
      const { clearStoredTokens } = await import("../auth/logout.ts");
      const all = (command.opts() as { all?: boolean }).all === true;
      const removed = await clearStoredTokens(
        inv.ctx.home,
        connectors,
        all ? undefined : inv.profile,
      );
      const who = all ? "every profile" : `profile '${inv.profile}'`;
      return {
        data: { profile: all ? null : inv.profile, removedTokens: removed },
        message: `Logged out of ${
          connectors.map(labelOf).join(" and ")
        } for ${who}; removed ${removed} stored token(s).`,
        text:
          `Logged out of ${
            connectors.map(labelOf).join(" and ")
          } for ${who}; removed ${removed} stored token(s).` +
          " With client credentials there is no session: the next command gets a new token automatically.",
      };
    }));
  return examples(cmd, [
    `pingcli ${prefix(connectors)}auth logout`,
    `pingcli ${prefix(connectors)}auth logout --profile uat   # an existing profile`,
    `pingcli ${prefix(connectors)}auth logout --all`,
  ]);
}

function labelOf(name: ConnectorName): string {
  return name === "pingone" ? "PingOne" : "PingFederate";
}

function prefix(connectors: ConnectorName[]): string {
  return connectors.length > 1 ? "" : `${connectors[0]} `;
}
