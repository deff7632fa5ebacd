/**
 * `pingcli config`: read and change settings (get, set, unset, list-keys) and manage profiles
 * (config_profiles.ts). Reference §1.5 and §3.4. Secrets print as `********` in every output
 * unless `-U/--unmask-values`.
 */
import type { Command } from "commander";
import type { ConfigTarget } from "../config/edit.ts";
import { type KeyDef, KEYS } from "../config/registry.ts";
import { envNamesFor, findKey } from "../config/key_lookup.ts";
import { describeSource, type Resolved, tildePath } from "../config/resolve.ts";
import { displayValue, jsonValue } from "../config/values.ts";
import { PingcliError } from "../errors.ts";
import type { CommandResult, Output } from "../output/output.ts";
import { renderFields, renderTable } from "../output/table.ts";
import { configFileToWrite, type Invocation } from "./invocation.ts";
import { completeArguments, type Completions } from "./completion.ts";
import { registerProfiles, REPAIRABLE, unmasked } from "./config_profiles.ts";
import { type Cli, examples } from "./command_kit.ts";

export function register(program: Command, cli: Cli): void {
  const config = examples(
    program
      .command("config")
      .description(
        "Manage settings and profiles in the config file.\n\n" +
          "Commands act on the active profile, or on the one named with -P/--profile for that " +
          "command only. Secret values are shown as ******** unless -U/--unmask-values is given.",
      )
      .summary("Manage settings and profiles in the config file")
      .option("-U, --unmask-values", "Show secret values in clear text")
      .helpCommand(false),
    [
      "pingcli config get pingone",
      "pingcli config set service.pingOne.endpoint.environmentID=<uuid>",
      "pingcli config profiles list",
    ],
  );

  completeArguments(
    examples(
      config
        .command("get")
        .summary("Show settings with their values and sources")
        .description(
          "Show settings with their values and where each value comes from (flag, env, file or " +
            "default).\n\nThe argument is a key or a key prefix, matched case-insensitively; " +
            "'pingone' and 'pingfederate' are short for their service settings. With no " +
            "argument, every setting that is set is shown. 'activeProfile' prints just the " +
            "active profile's name.",
        )
        .argument("[key-or-prefix]", "Key or key prefix, e.g. service.pingOne.endpoint")
        .action(cli.action(getSettings, REPAIRABLE)),
      [
        "pingcli config get",
        "pingcli config get pingone",
        "pingcli config get --profile dev outputFormat   # a profile made with: config profiles create dev",
        "pingcli config get activeProfile",
        "pingcli -O json config get service.pingOne.endpoint.environmentID",
      ],
    ),
    (current) => keyCompletions(current, { withActiveProfile: true }),
  );

  completeArguments(
    examples(
      config
        .command("set")
        .summary("Store a setting in the profile")
        .description(
          "Store a setting in the profile. The value is checked against the key's type.\n\n" +
            "With '-' instead of '=value' (or '=-'), the value is read from standard input (one " +
            "trailing newline removed), so secrets stay out of shell history and process listings.",
        )
        .argument("<key=value>", "Key and value, or just the key when the value comes from stdin")
        .argument("[-]", "Read the value from standard input")
        .action(cli.action(setKey, REPAIRABLE)),
      [
        "pingcli config set service.pingOne.endpoint.rootDomain=pingone.eu",
        "pingcli config set --profile dev outputFormat=json   # after: pingcli config profiles create dev",
        "pingcli config set service.pingOne.authentication.type=client_credentials",
        "pingcli config set service.pingFederate.authentication.type=client_credentials",
        'printf %s "$SECRET" | pingcli config set service.pingOne.authentication.clientCredentials.clientSecret -',
      ],
    ),
    (current, index) =>
      index === 0 ? assignmentCompletions(current) : { candidates: [{ value: "-" }] },
  );

  completeArguments(
    examples(
      config
        .command("unset")
        .description("Remove a setting from the profile, so its default applies again.")
        .argument("<key>", "Key to remove")
        .action(cli.action(unsetKey, REPAIRABLE)),
      [
        "pingcli config unset service.pingOne.endpoint.rootDomain",
        "pingcli config unset --profile dev outputFormat   # the profile must exist",
      ],
    ),
    (current, index) => index === 0 ? keyCompletions(current, {}) : { candidates: [] },
  );

  examples(
    config
      .command("list-keys")
      .summary("List every configuration key")
      .description(
        "List every configuration key with its type, default, environment variables and " +
          "description.",
      )
      .option("-y, --yaml", "Print the keys as a nested YAML tree (a profile template)")
      // Needs no config file: it is where a broken file's "unknown key" error points to.
      .action(cli.plainAction(listKeys)),
    [
      "pingcli config list-keys",
      "pingcli config list-keys --yaml",
      "pingcli -O json config list-keys",
    ],
  );

  registerProfiles(config, cli);
}

/** The file and profile a change is written to. */
function configTarget(inv: Invocation): ConfigTarget {
  return { ...configFileToWrite(inv), profile: inv.profile };
}

async function getSettings(
  inv: Invocation,
  command: Command,
  args: string[],
): Promise<CommandResult> {
  const name = args[0];
  const config = inv.settings.config;
  if (name?.trim().toLowerCase() === "activeprofile") {
    const source = config.exists ? `file ${tildePath(config.path, inv.ctx.home)}` : "default";
    return {
      data: [{ key: "activeProfile", value: config.activeProfile, source }],
      text: config.activeProfile,
    };
  }
  const unmask = unmasked(command);
  const { keysForGet } = await import("../config/edit.ts");
  const defs = name === undefined ? KEYS.filter((d) => !d.topLevel) : keysForGet(name);
  const rows: Resolved[] = defs
    .map((def) => inv.settings.resolve(def.key))
    .filter((r) => name !== undefined || (r.source && r.source.kind !== "default"));
  const data = rows.map((r) => ({
    key: r.def.key,
    value: jsonValue(r.def, r.value, unmask),
    source: r.source ? describeSource(r.source, inv.ctx.home) : null,
  }));
  if (rows.length === 0) {
    return {
      data,
      text: `No settings are set for profile '${inv.profile}'; defaults apply.\n` +
        "Run 'pingcli config list-keys' to see every key.",
    };
  }
  const table = renderTable(
    ["KEY", "VALUE", "SOURCE"],
    rows.map((r) => [
      r.def.key,
      displayValue(r.def, r.value, unmask),
      describeSource(r.source, inv.ctx.home),
    ]),
  );
  return { data, text: table };
}

async function setKey(inv: Invocation, command: Command, args: string[]): Promise<CommandResult> {
  const { changeableKey, parseAssignment, setSetting, validateForSet } = await import(
    "../config/edit.ts"
  );
  const [assignment, dash] = args as [string, string | undefined];
  let def: KeyDef;
  let raw: string;
  if (dash !== undefined) {
    if (dash !== "-") throw usage(`unexpected argument '${dash}'`);
    if (assignment.includes("=")) {
      throw usage("with '-', give only the key: the value is read from standard input");
    }
    def = changeableKey(assignment, "set");
    raw = await valueFromStdin(inv, def);
  } else {
    const parsed = parseAssignment(assignment);
    def = changeableKey(parsed.key, "set");
    // `KEY=-` means the same as `KEY -`: a lone dash is never a useful value to store.
    if (parsed.value.trim() === "-") raw = await valueFromStdin(inv, def);
    else {
      raw = parsed.value;
      if (def.secret) {
        inv.out.warn(
          `'config set ${def.key}=…' puts a secret on the command line, where shell history ` +
            `and process lists can see it; prefer env ${envNamesFor(def)[0]} or ` +
            `'pingcli config set ${def.key} -'`,
          "SECRET_ON_COMMAND_LINE",
        );
      }
    }
  }
  const value = validateForSet(def, raw);
  await setSetting(configTarget(inv), def, value);
  warnIfOverridden(inv, def);
  const unmask = unmasked(command);
  return {
    data: { profile: inv.profile, key: def.key, value: jsonValue(def, value, unmask) },
    message: "Configuration set successfully",
    text: `Configuration set successfully:\n${def.key}=${displayValue(def, value, unmask)}`,
  };
}

/**
 * The value for `config set KEY -`: typed without echo when a secret is asked for on a
 * terminal, else all of standard input (one trailing newline removed).
 */
async function valueFromStdin(inv: Invocation, def: KeyDef): Promise<string> {
  const { ctx } = inv;
  if (ctx.isTTY.stdin && def.secret && ctx.readSecret) {
    const typed = await ctx.readSecret(`Enter the value for ${def.key} (input is hidden): `);
    if (typed === undefined) {
      throw new PingcliError("USAGE_ERROR", `no value was entered for ${def.key}; nothing changed`);
    }
    return typed;
  }
  if (ctx.isTTY.stdin) inv.out.note(`Enter the value for ${def.key}, then press Ctrl-D:`);
  return (await ctx.readStdin()).replace(/\r?\n$/, "");
}

async function unsetKey(inv: Invocation, command: Command, args: string[]): Promise<CommandResult> {
  const { changeableKey, unsetSetting } = await import("../config/edit.ts");
  const name = args[0]!.trim();
  const config = inv.settings.config;
  // An unknown key the profile holds, or a key under an unknown mapping (the Go CLI's
  // `authentication.worker.clientID`): named by its path, it is removed from the file.
  const lower = name.toLowerCase();
  const unknown = findKey(name) === undefined &&
    config.invalid.find((p) => {
      const key = p.key.toLowerCase();
      return p.profile === inv.profile && p.kind === "key" &&
        (lower === key || lower.startsWith(key + "."));
    });
  if (unknown) return await unsetUnknown(inv, unknown.key + name.slice(unknown.key.length));
  const def = changeableKey(name, "unset");
  // Nothing stored means nothing to write: a read-only home still works. A value that failed
  // validation is not in the loaded view, so when there are any, the file itself decides.
  const stored = config.profiles.get(inv.profile)?.has(def.key) ||
    config.invalid.some((p) => p.profile === inv.profile);
  const removed = stored && await unsetSetting(configTarget(inv), def);
  const unmask = unmasked(command);
  const data = {
    profile: inv.profile,
    key: def.key,
    value: jsonValue(def, def.default, unmask),
    removed,
  };
  if (!removed) {
    const message = `${def.key} is not set in profile '${inv.profile}'; nothing changed`;
    return { data, message, text: message + "." };
  }
  warnIfOverridden(inv, def);
  return {
    data,
    message: "Configuration unset successfully",
    text: `Configuration unset successfully:\n${def.key}=${displayValue(def, def.default, unmask)}`,
  };
}

/** `config unset` of a key pingcli does not know but the profile holds: it is removed. */
async function unsetUnknown(inv: Invocation, key: string): Promise<CommandResult> {
  const { unsetUnknownKey } = await import("../config/edit.ts");
  const removed = await unsetUnknownKey(configTarget(inv), key);
  const data = { profile: inv.profile, key, value: null, removed };
  if (!removed) {
    const message = `${key} is not set in profile '${inv.profile}'; nothing changed`;
    return { data, message, text: message + "." };
  }
  return {
    data,
    message: `Unknown key '${key}' removed`,
    text: `Unknown key '${key}' removed from profile '${inv.profile}'.`,
  };
}

/** After a change to the file: say so when a flag or env var still decides the value. */
function warnIfOverridden(inv: Invocation, def: KeyDef): void {
  let resolved: Resolved;
  try {
    resolved = inv.settings.resolve(def.key);
  } catch {
    return; // an invalid env value is reported by the command that uses it
  }
  const kind = resolved.source?.kind;
  if (kind === "env" || kind === "flag") {
    inv.out.warn(
      `${
        describeSource(resolved.source)
      } is set and takes precedence over the config file for ${def.key}`,
      "CONFIG_OVERRIDDEN",
    );
  }
}

async function listKeys(_out: Output, command: Command): Promise<CommandResult> {
  const { allKeyInfo, defaultText, keysYamlTree } = await import("../config/key_info.ts");
  const data = allKeyInfo();
  const yaml = (command.opts() as { yaml?: boolean }).yaml === true;
  if (yaml) return { data, text: keysYamlTree() };
  const text = KEYS.map((def, i) => {
    const info = data[i]!;
    const fields: [string, string][] = [["type", info.type]];
    if (info.values.length) fields.push(["values", info.values.join(", ")]);
    if (def.default !== undefined) fields.push(["default", defaultText(def) || '""']);
    if (info.flags.length) fields.push(["flags", info.flags.join(", ")]);
    if (info.env.length) fields.push(["env", info.env.join(", ")]);
    if (info.aliases.length) fields.push(["aliases", info.aliases.join(", ")]);
    if (info.secret) fields.push(["secret", "yes (masked unless -U)"]);
    return `${def.key}\n  ${def.description}\n${renderFields(fields, "  ")}`;
  }).join("\n");
  return Promise.resolve({ data, text });
}

function usage(message: string): PingcliError {
  return new PingcliError("USAGE_ERROR", message, {
    hint: "Usage: pingcli config set <key>=<value>, or pingcli config set <key> - to read stdin.",
  });
}

/** Key names for completion, matched case-insensitively. */
function keyCompletions(current: string, options: { withActiveProfile?: boolean }): Completions {
  const lower = current.toLowerCase();
  const names = KEYS.filter((d) => options.withActiveProfile || !d.topLevel).map((d) => d.key);
  return {
    candidates: names.filter((k) => k.toLowerCase().startsWith(lower)).map((value) => ({
      value,
    })),
  };
}

/** `key=` while typing a key, then the allowed values once the `=` is there. */
function assignmentCompletions(current: string): Completions {
  const eq = current.indexOf("=");
  if (eq < 0) {
    const keys = keyCompletions(current, {}).candidates;
    return { candidates: keys.map((c) => ({ value: c.value + "=" })), noSpace: true };
  }
  const def = KEYS.find((d) => d.key.toLowerCase() === current.slice(0, eq).toLowerCase());
  const values = def?.type === "bool" ? ["true", "false"] : [...(def?.values ?? [])];
  const prefix = current.slice(0, eq + 1);
  const typed = current.slice(eq + 1).toLowerCase();
  return {
    candidates: values.filter((v) => v.toLowerCase().startsWith(typed)).map((v) => ({
      value: prefix + v,
    })),
  };
}
