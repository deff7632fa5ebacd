/** Text rendering of an `auth status` report, grouped per connector. */
import type { ConnectorStatus, StatusReport } from "../auth/status.ts";
import type { Style } from "../output/style.ts";
import { renderFields } from "../output/table.ts";

export function renderStatus(report: StatusReport, style: Style): string {
  return report.connectors.map((c) => renderConnector(c, style)).join("\n");
}

function renderConnector(c: ConnectorStatus, s: Style): string {
  const badge = c.status === "authenticated"
    ? s.green("✓ authenticated")
    : c.status === "warning"
    ? s.yellow("! authenticated with warnings")
    : s.red("✗ failed");
  const fields: [string, string][] = [["Status", badge], ["Method", c.method]];
  for (const cred of c.credentials) {
    const value = cred.value === null
      ? s.dim("(not set)")
      : Array.isArray(cred.value)
      ? cred.value.join(",")
      : String(cred.value);
    fields.push([cred.label, cred.source ? `${value}  ${s.dim(`(${cred.source})`)}` : value]);
  }
  if (c.tokenEndpoint) fields.push(["Token endpoint", c.tokenEndpoint]);
  if (c.apiBase) fields.push(["API base", c.apiBase]);
  if (c.tokenEndpoint) fields.push(["Token storage", c.storage]);
  if (c.token) {
    const parts = [`issued in ${c.token.latencyMs ?? "?"} ms`];
    if (c.token.expiresInSeconds !== null) {
      parts.push(`expires in ${humanDuration(c.token.expiresInSeconds)} (${c.token.expiresAt})`);
    } else {
      parts.push("expiry unknown (not cached)");
    }
    parts.push(`scopes: ${c.token.scopes.length ? c.token.scopes.join(" ") : "(none granted)"}`);
    fields.push(["Token", parts.join("; ")]);
  }
  if (c.apiCheck) {
    const a = c.apiCheck;
    fields.push([
      "API check",
      `GET ${a.url} → ${a.httpStatus} (${a.latencyMs} ms)${
        a.requestId ? `, request ID ${a.requestId}` : ""
      }`,
    ]);
  }
  let text = `${s.bold(`${c.label}`)} (profile ${c.profile})\n` + renderFields(fields, "  ");
  for (const w of c.warnings) text += `  ${s.yellow("Warning:")} ${w}\n`;
  if (c.error) {
    text += `  ${s.red("Error:")} ${c.error.message}\n`;
    if (c.error.hint) text += `  ${s.dim("Hint:")} ${c.error.hint}\n`;
  }
  return text;
}

function humanDuration(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 360) / 10} h`;
}
