/** `pingfederate`: the PingFederate connector's commands (api, auth). */
import { Command } from "commander";
import { apiCommand } from "./api.ts";
import { loginCommand, logoutCommand, statusCommand } from "./auth.ts";
import { addKeyFlags, type Cli, examples } from "./command_kit.ts";

export function register(program: Command, cli: Cli): void {
  const pf = new Command("pingfederate").description("PingFederate deployed as software");
  const auth = new Command("auth").description(
    "Authenticate pingcli to the PingFederate admin API",
  );
  addKeyFlags(auth, "auth");
  auth.addCommand(addKeyFlags(loginCommand(cli, ["pingfederate"]), "pingfederate"));
  auth.addCommand(logoutCommand(cli, ["pingfederate"]));
  auth.addCommand(addKeyFlags(statusCommand(cli, ["pingfederate"]), "pingfederate"));
  examples(auth, ["pingcli pingfederate auth status", "pingcli pingfederate auth logout"]);
  pf.addCommand(auth);
  pf.addCommand(addKeyFlags(
    apiCommand(cli, "pingfederate", [
      "pingcli pingfederate api serverSettings",
      "pingcli pingfederate api authenticationPolicies/default -O json",
      "pingcli pingfederate api -m PUT --data policy.json authenticationPolicies/default",
    ]),
    "pingfederate",
  ));
  examples(pf, [
    "pingcli pingfederate auth status",
    "pingcli pingfederate api version",
    "pingcli pingfederate api -O json dataStores",
  ]);
  program.addCommand(pf);
}
