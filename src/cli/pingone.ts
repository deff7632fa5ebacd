/** `pingone`: the PingOne connector's commands (api, auth). */
import { Command } from "commander";
import { apiCommand } from "./api.ts";
import { authContext } from "./invocation.ts";
import { loginCommand, logoutCommand, statusCommand } from "./auth.ts";
import { addKeyFlags, type Cli, examples } from "./command_kit.ts";

export function register(program: Command, cli: Cli): void {
  const pingone = new Command("pingone").description("PingOne platform and universal services");
  const auth = new Command("auth").description(
    "Authenticate pingcli to the PingOne management APIs",
  );
  addKeyFlags(auth, "auth");
  auth.addCommand(addKeyFlags(loginCommand(cli, ["pingone"]), "pingone"));
  auth.addCommand(logoutCommand(cli, ["pingone"]));
  auth.addCommand(addKeyFlags(statusCommand(cli, ["pingone"]), "pingone"));
  auth.addCommand(tokenCommand(cli));
  examples(auth, ["pingcli pingone auth status", "pingcli pingone auth token"]);
  pingone.addCommand(auth);
  pingone.addCommand(addKeyFlags(
    apiCommand(cli, "pingone", [
      "pingcli pingone api environments",
      "pingcli pingone api environments/<envID>/populations -O json",
      'pingcli pingone api -m POST --data-raw \'{"name":"Contractors"}\' environments/<envID>/populations',
      "pingcli pingone api -m POST --data body.json -r 'Content-Type: application/vnd.pingidentity.user.import+json' environments/<envID>/users",
    ]),
    "pingone",
  ));
  examples(pingone, [
    "pingcli pingone auth status",
    "pingcli pingone api environments",
    "pingcli pingone api -O json environments/<envID>/populations",
  ]);
  program.addCommand(pingone);
}

function tokenCommand(cli: Cli): Command {
  const cmd = new Command("token")
    .description("Print the PingOne access token (reused while fresh; obtained if needed)")
    .action(cli.action(async (inv) => {
      const { loadConnector } = await import("../services/connectors.ts");
      const { Authenticator } = await import("../auth/session.ts");
      const connector = await loadConnector(inv.settings, "pingone");
      const auth = await new Authenticator(authContext(inv), connector).authorize();
      const token = auth.header.replace(/^Bearer /, "");
      return {
        data: {
          accessToken: token,
          expiresAt: auth.token?.expiresAt ? new Date(auth.token.expiresAt).toISOString() : null,
        },
        text: token,
      };
    }));
  return examples(cmd, ["pingcli pingone auth token", "TOKEN=$(pingcli pingone auth token)"]);
}
