/**
 * The settings reference, `docs/settings.md`, rendered from the key registry. Written by
 * `scripts/gen_settings_doc.ts` (which also runs it through `deno fmt`); a test fails when the
 * committed file is out of date.
 */
import { defaultText, type KeyInfo, keyInfo } from "./key_info.ts";
import { type KeyDef, KEYS } from "./registry.ts";

const SECTIONS: { title: string; matches: (key: string) => boolean }[] = [
  { title: "General", matches: (k) => !k.includes(".") },
  { title: "Auth", matches: (k) => k.startsWith("auth.") },
  { title: "HTTP", matches: (k) => k.startsWith("http.") },
  { title: "PingOne", matches: (k) => k.startsWith("service.pingOne.") },
  { title: "PingFederate", matches: (k) => k.startsWith("service.pingFederate.") },
  {
    title: "Advanced services PingFederate",
    matches: (k) => k.startsWith("service.advancedServices.pingFederate."),
  },
  { title: "Telemetry", matches: (k) => k.startsWith("telemetry.") },
  { title: "Experimental", matches: (k) => k.startsWith("experimental.") },
  { title: "Log", matches: (k) => k.startsWith("log.") },
];

const INTRO = `# pingcli settings reference

<!-- Generated from src/config/registry.ts by scripts/gen_settings_doc.ts. Do not edit by hand:
     run \`deno run -A scripts/gen_settings_doc.ts\` instead. -->

Every setting has a key. A key's value comes from, in this order:

1. a command-line flag, when the key has one and it is given;
2. an environment variable (an empty variable does not count);
3. the profile in the config file (\`-P/--profile\`, else \`PINGCLI_PROFILE\`, else \`activeProfile\`);
4. the built-in default.

Keys and profile names are case-insensitive. Besides the variables listed for each key, every key inside a
profile can be set with \`PINGCLI_\` followed by its segments in upper case joined by \`_\`,
for example \`PINGCLI_SERVICE_PINGONE_ENDPOINT_ENVIRONMENTID\`. When two variables for one key
are set to different values, the first in the list wins and pingcli prints a warning.

The config file is \`~/.pingcli/config.yaml\` unless \`-C/--config\` or \`PINGCLI_CONFIG\` names
another. Change it with \`pingcli config set <key>=<value>\` and \`pingcli config unset <key>\`;
see every key with \`pingcli config list-keys\` and where each value comes from with
\`pingcli config get <key-or-prefix>\`. Secret values are shown as \`********\` unless
\`-U/--unmask-values\` is given; \`pingcli config set <key> -\` reads a value from standard
input so it stays out of shell history.

Values are checked by type wherever they come from: \`bool\` accepts true, false, 1, 0, yes and
no (any case); \`uuid\` a UUID; \`enum\` one of the listed values; \`url\` an absolute http(s)
URL; \`hostPort\` a host name with an optional port; \`duration\` values like \`500ms\`, \`10s\`
or \`1m30s\`; \`int\` a whole number; \`stringArray\` a comma-separated list.

A bad value or an unknown key in the profile a command uses stops the command with the file's
\`path:line:column\`; problems in other profiles do not matter to it. \`config get\`,
\`config set\`, \`config unset\` and the \`config profiles\` commands only warn, so the file can
be repaired with pingcli: \`pingcli config unset <key>\` removes an unknown key too.

Keys marked _extension_ are additions of this implementation, not in Ping CLI 1.0.
`;

function code(text: string): string {
  return "`" + text + "`";
}

function cell(text: string): string {
  return text.replaceAll("|", "\\|");
}

function renderKey(def: KeyDef, info: KeyInfo): string {
  const lines = [`### ${code(info.key)}`, "", info.description, ""];
  const type = info.values.length ? `enum: ${info.values.map(code).join(", ")}` : info.type;
  lines.push(`- Type: ${type}`);
  const fallback = defaultText(def);
  lines.push(`- Default: ${def.default === undefined ? "none" : code(fallback) || "empty"}`);
  if (info.flags.length) {
    const hidden = info.secret
      ? " (hidden from help and warned about: prefer the environment or `config set KEY -`)"
      : "";
    lines.push(`- Flags: ${info.flags.map(code).join(", ")}${hidden}`);
  }
  if (info.env.length) lines.push(`- Environment: ${info.env.map(code).join(", ")}`);
  if (info.aliases.length) lines.push(`- Also accepted as: ${info.aliases.map(code).join(", ")}`);
  if (info.secret) lines.push("- Secret: shown as `********` unless `-U/--unmask-values`");
  if (info.extension) lines.push("- _Extension_");
  if (def.topLevel) lines.push("- Lives at the top level of the file, outside any profile");
  return lines.join("\n");
}

/** The whole of docs/settings.md. */
export function renderSettingsDoc(): string {
  const parts = [INTRO];
  parts.push("## Summary\n");
  parts.push("| Key | Type | Default | Secret |\n|---|---|---|---|");
  for (const def of KEYS) {
    const fallback = defaultText(def);
    parts[parts.length - 1] += `\n| ${code(def.key)} | ${def.type} | ${
      def.default === undefined ? "" : cell(code(fallback))
    } | ${def.secret ? "yes" : ""} |`;
  }
  for (const section of SECTIONS) {
    const defs = KEYS.filter((d) => section.matches(d.key));
    if (defs.length === 0) continue;
    parts.push(`## ${section.title}`);
    for (const def of defs) parts.push(renderKey(def, keyInfo(def)));
  }
  const unplaced = KEYS.filter((d) => !SECTIONS.some((s) => s.matches(d.key)));
  if (unplaced.length) {
    parts.push("## Other");
    for (const def of unplaced) parts.push(renderKey(def, keyInfo(def)));
  }
  return parts.join("\n\n") + "\n";
}
