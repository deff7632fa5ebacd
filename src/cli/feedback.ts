/** `pingcli feedback`: where to report a problem. Needs no config file. */
import type { Command } from "commander";
import type { CommandResult } from "../output/output.ts";
import { type Cli, examples } from "./command_kit.ts";

/** Where people report problems with this pingcli. */
const FEEDBACK_LINKS = {
  issues: "https://github.com/pingcli/pingcli/issues/new",
  discussions: "https://github.com/pingcli/pingcli/discussions",
  documentation: "https://developer.pingidentity.com/pingcli/1.0/",
} as const;

export function register(program: Command, cli: Cli): void {
  examples(
    program
      .command("feedback")
      .description("Print where to report a problem or send feedback.")
      .action(cli.plainAction(feedback)),
    ["pingcli feedback"],
  );
}

function feedback(): Promise<CommandResult> {
  return Promise.resolve({
    data: FEEDBACK_LINKS,
    message: "Feedback links",
    text: "Report a problem or ask for a feature:\n" +
      `  ${FEEDBACK_LINKS.issues}\n` +
      "Ask a question or share an idea:\n" +
      `  ${FEEDBACK_LINKS.discussions}\n` +
      "Ping CLI documentation:\n" +
      `  ${FEEDBACK_LINKS.documentation}\n` +
      "When reporting a problem, include 'pingcli --version' and the output of the failing " +
      "command run with --debug (it never prints secrets).",
  });
}
