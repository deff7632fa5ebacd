/**
 * `pingcli config profiles create|delete|list|show|use` (reference §1.5, §3.2). `-P` picks a
 * profile for one command; only `profiles use` changes `activeProfile`.
 */
import type { Command } from "commander";
import { PingcliError } from "../errors.ts";
/** Loaded on use: it pulls in the YAML file code, which --help and --version never need. */
const profilesModule = () => import("../config/profiles.ts");
import { tildePath } from "../config/resolve.ts";
import { displayValue, jsonValue } from "../config/values.ts";
import type { CommandResult } from "../output/output.ts";
import { renderTable } from "../output/table.ts";
import { configFileToWrite, type Invocation, nonEmpty, type PrepareOptions } from "./invocation.ts";
import { completeArguments, type CompletionSources } from "./completion.ts";
import { type Cli, examples } from "./command_kit.ts";

/**
 * For `config get|set|unset` and `profiles show`: a bad value or unknown key in the profile is
 * warned about and left out instead of failing the command, so it can be seen and repaired.
 */
export const REPAIRABLE: PrepareOptions = { lenientConfig: true };

/**
 * Profile management: PINGCLI_PROFILE or -P may name a profile that does not exist yet (the
 * one to create), and activeProfile may name none (the thing `profiles use` repairs).
 */
/**
 * Profile management works whatever state the selected profile is in: missing, or holding a
 * bad value (its problems become warnings), so the user can always switch away or repair.
 */
const ANY_PROFILE: PrepareOptions = { allowMissingProfile: true, lenientConfig: true };

export function registerProfiles(config: Command, cli: Cli): void {
  const profiles = examples(
    config
      .command("profiles")
      .summary("Manage profiles")
      .helpCommand(false)
      .description(
        "Manage profiles: named sets of settings, such as one per environment. The active " +
          "profile is used unless -P/--profile names another for one command.",
      ),
    ["pingcli config profiles list", "pingcli config profiles create --name dev --set-active"],
  );

  examples(
    profiles
      .command("create")
      .description("Create a profile.")
      .argument("[profile-name]", "Profile name: letters, digits, '_' and '-'")
      .option("-n, --name <name>", "Profile name, as an option")
      .option("-d, --description <text>", "Description of the profile")
      .option("-s, --set-active", "Make the new profile the active one")
      .action(cli.action(create, ANY_PROFILE)),
    [
      'pingcli config profiles create dev --description "Development environment"',
      "pingcli config profiles create --name prod --set-active",
    ],
  );

  const byName = (current: string, _index: number, sources: CompletionSources) =>
    sources.profiles().then((names) => ({
      candidates: names.filter((n) => n.startsWith(current)).map((value) => ({ value })),
    }));

  completeArguments(
    examples(
      profiles
        .command("delete")
        .summary("Delete a profile")
        .description(
          "Delete a profile. The active profile cannot be deleted. Asks for confirmation on a " +
            "terminal; elsewhere -y/--yes is required.",
        )
        .argument("[profile-name]", "Profile to delete")
        .option("-n, --name <name>", "Profile to delete, as an option")
        .option("-y, --yes", "Delete without asking for confirmation")
        .action(cli.action(remove, ANY_PROFILE)),
      ["pingcli config profiles delete dev", "pingcli config profiles delete dev --yes"],
    ),
    byName,
  );

  examples(
    profiles
      .command("list")
      .description("List the profiles, marking the active one.")
      .action(cli.action(list, ANY_PROFILE)),
    ["pingcli config profiles list", "pingcli -O json config profiles list"],
  );

  completeArguments(
    examples(
      profiles
        .command("show")
        .summary("Show the settings stored in a profile")
        .description(
          "Show the settings stored in a profile (the active one, or -P, when no name is " +
            "given). Secrets are masked unless -U/--unmask-values.",
        )
        .argument("[profile-name]", "Profile to show")
        .option("-n, --name <name>", "Profile to show, as an option")
        .action(cli.action(show, { ...REPAIRABLE, profileArgument: profileNameGiven })),
      ["pingcli config profiles show", "pingcli config --unmask-values profiles show dev"],
    ),
    byName,
  );

  completeArguments(
    examples(
      profiles
        .command("use")
        .description("Make a profile the active one (sets activeProfile).")
        .argument("[profile-name]", "Profile to make active")
        .option("-n, --name <name>", "Profile to make active, as an option")
        .action(cli.action(use, ANY_PROFILE)),
      ["pingcli config profiles use dev"],
    ),
    byName,
  );
}

/** Whether `-U/--unmask-values` (a persistent flag of `config`) was given. */
export function unmasked(command: Command): boolean {
  return (command.optsWithGlobals() as { unmaskValues?: boolean }).unmaskValues === true;
}

/**
 * The profile name the command line gives: the argument (`profiles create dev`) or -n/--name
 * (`profiles delete --name dev`), which every profile command accepts alike.
 */
function profileNameGiven(command: Command): string | undefined {
  const positional = nonEmpty(command.args[0])?.trim();
  const option = nonEmpty((command.opts() as { name?: string }).name)?.trim();
  if (positional !== undefined && option !== undefined && positional !== option) {
    throw new PingcliError(
      "USAGE_ERROR",
      `two profile names given: '${positional}' and --name '${option}'`,
      { hint: `Give the name once: pingcli config profiles ${command.name()} <name>` },
    );
  }
  return positional ?? option;
}

/** The profile name from the command line, else asked for on a terminal, else INPUT_REQUIRED. */
async function profileName(inv: Invocation, command: Command): Promise<string> {
  const given = profileNameGiven(command);
  if (given !== undefined) return given;
  const name = command.name();
  if (!inv.interactive || !inv.ctx.prompt) throw nameRequired(inv, name);
  const names = [...inv.settings.config.profiles.keys()];
  const question = name === "create"
    ? "Name of the new profile: "
    : `Profile to ${name} (${names.join(", ")}): `;
  const answer = (await inv.ctx.prompt(question))?.trim();
  if (!answer) throw nameRequired(inv, name);
  return answer;
}

function nameRequired(inv: Invocation, command: string): PingcliError {
  const names = [...inv.settings.config.profiles.keys()].join(", ");
  return new PingcliError("INPUT_REQUIRED", "a profile name is required", {
    hint: command === "create"
      ? "Pass -n/--name <name>, e.g. pingcli config profiles create --name dev"
      : `Pass the profile name: pingcli config profiles ${command} <name>. Profiles: ${names}.`,
  });
}

async function create(inv: Invocation, command: Command): Promise<CommandResult> {
  const opts = command.opts() as { description?: string; setActive?: boolean };
  const prompted = profileNameGiven(command) === undefined;
  const name = await profileName(inv, command);
  if (opts.description === undefined && prompted && inv.ctx.prompt) {
    opts.description = (await inv.ctx.prompt("Description (optional): "))?.trim() || undefined;
  }
  const file = configFileToWrite(inv);
  await (await profilesModule()).createProfile(file, {
    name,
    description: opts.description,
    setActive: opts.setActive === true,
  });
  const where = tildePath(file.path, inv.ctx.home);
  let text = `Profile '${name}' created in ${where}.`;
  if (opts.setActive) text += `\nActive profile set to '${name}'.`;
  text += `\nAdd settings with: pingcli config set -P ${name} <key>=<value>`;
  return {
    data: { name, description: opts.description ?? "", active: opts.setActive === true },
    message: `Profile '${name}' created`,
    text,
  };
}

async function remove(inv: Invocation, command: Command): Promise<CommandResult> {
  const given = await profileName(inv, command);
  const known = (await profilesModule()).listProfiles(inv.settings.config);
  const profile = known.find((p) => p.name === given) ??
    known.find((p) => p.name.toLowerCase() === given.toLowerCase());
  // Checked before asking, so nobody confirms a deletion that cannot happen.
  if (!profile) {
    const where = inv.settings.config.path;
    throw new PingcliError("CONFIG_INVALID", `profile '${given}' not found in ${where}`, {
      hint: `Profiles: ${known.map((p) => p.name).join(", ")}.`,
    });
  }
  const name = profile.name;
  if (profile.active) {
    throw new PingcliError("USAGE_ERROR", `the active profile '${name}' cannot be deleted`, {
      hint: "Make another profile active first: pingcli config profiles use <name>",
    });
  }
  const yes = (command.opts() as { yes?: boolean }).yes === true;
  if (!yes) {
    if (!inv.interactive || !inv.ctx.confirm) {
      throw new PingcliError("INPUT_REQUIRED", `deleting profile '${name}' needs confirmation`, {
        hint:
          `Pass -y/--yes to delete it without a prompt: pingcli config profiles delete ${name} --yes`,
      });
    }
    if (!await inv.ctx.confirm(`Delete profile '${name}'? This cannot be undone.`)) {
      return {
        data: { name, deleted: false },
        message: `Profile '${name}' was not deleted`,
        text: `Profile '${name}' was not deleted.`,
      };
    }
  }
  await (await profilesModule()).deleteProfile(configFileToWrite(inv), name);
  return {
    data: { name, deleted: true },
    message: `Profile '${name}' deleted`,
    text: `Profile '${name}' deleted.`,
  };
}

async function list(inv: Invocation): Promise<CommandResult> {
  const config = inv.settings.config;
  const data = (await profilesModule()).listProfiles(config);
  const { danglingActiveProfile, findProfile, problemWarning } = await import(
    "../config/load.ts"
  );
  // An overview of the file: what is wrong in the other profiles too (the selected one's
  // problems were reported when it was loaded).
  for (const problem of config.invalid) {
    if (problem.profile !== inv.profile) inv.out.warn(problemWarning(problem), "CONFIG_INVALID");
  }
  if (config.exists && findProfile(config, config.activeProfile) === undefined) {
    const error = danglingActiveProfile(config);
    inv.out.warn(`${error.message}. ${error.hint}`, "CONFIG_INVALID");
  }
  const text = renderTable(
    ["NAME", "DESCRIPTION", "ACTIVE"],
    data.map((p) => [p.name, p.description, p.active ? "yes" : "no"]),
  );
  return Promise.resolve({ data, text });
}

async function show(inv: Invocation, command: Command): Promise<CommandResult> {
  // The profile named as an argument, else -P or the active one (see profileArgument).
  const name = inv.profile;
  const config = inv.settings.config;
  const settings = (await profilesModule()).profileSettings(config, name);
  const unmask = unmasked(command);
  const summary = (await profilesModule()).listProfiles(config).find((p) => p.name === name)!;
  const data = {
    name,
    description: summary.description,
    active: summary.active,
    settings: settings.map(({ def, value }) => ({
      key: def.key,
      value: jsonValue(def, value, unmask),
    })),
  };
  const text = settings.length === 0 ? `Profile '${name}' has no settings.` : renderTable(
    ["KEY", "VALUE"],
    settings.map(({ def, value }) => [def.key, displayValue(def, value, unmask)]),
  );
  return Promise.resolve({ data, text });
}

async function use(inv: Invocation, command: Command): Promise<CommandResult> {
  const given = await profileName(inv, command);
  const name = await (await profilesModule()).useProfile(configFileToWrite(inv), given);
  return {
    data: { activeProfile: name },
    message: `Active profile set to '${name}'`,
    text: `Active profile set to '${name}'.`,
  };
}
