/**
 * Output: the JSON envelope (reference §5.2), text rendering, warnings and exit codes.
 * Data goes to stdout; diagnostics to stderr. Errors are enveloped in every machine format.
 */
import type { Context } from "../context.ts";
import { type PingcliError } from "../errors.ts";
import { redact } from "./log.ts";
import { makeStyle, type Style } from "./style.ts";

export type OutputFormat = "text" | "json" | "ndjson" | "ndjson-wrapped";
const SCHEMA_VERSION = "1.0";

export interface ErrorItem {
  code: string;
  category: string;
  message: string;
  hint: string | null;
  retryable: boolean;
  details?: unknown;
}

export interface WarningItem {
  code: string;
  message: string;
}

/** The envelope, with its fields in a fixed order. */
export interface Envelope {
  schemaVersion: string;
  status: "success" | "warning" | "error";
  message: string;
  data: unknown;
  errors: ErrorItem[];
  meta: Record<string, unknown>;
  warnings: WarningItem[];
}

export interface CommandResult {
  /** The machine-readable result (the envelope's `data`). */
  data: unknown;
  /** One-line human summary (the envelope's `message`). */
  message?: string;
  /** What text mode prints on stdout; defaults to `message`. */
  text?: string;
  /** Extra invocation metadata (HTTP status, request ID, duration...). */
  meta?: Record<string, unknown>;
  /** Raw bytes for text mode (e.g. an API body passed through byte-exact). */
  raw?: Uint8Array;
  /** Whether the command failed after producing data (e.g. `api --fail` on a 4xx). */
  failed?: PingcliError;
}

export interface OutputOptions {
  format: OutputFormat;
  color: boolean;
  dataColor?: boolean;
  startedAt?: number;
  debug: boolean;
  detailedExitCode: boolean;
}

export class Output {
  readonly ctx: Context;
  readonly format: OutputFormat;
  /** Styling for diagnostics on stderr. */
  readonly style: Style;
  /** Styling for data on stdout (coloured only when stdout itself is a terminal). */
  readonly dataStyle: Style;
  readonly debug: boolean;
  readonly detailedExitCode: boolean;
  readonly warnings: WarningItem[] = [];
  /** Command-specific metadata for the envelope (HTTP status, request ID...). */
  readonly meta: Record<string, unknown> = {};
  /** The command path, e.g. `pingone api`, once known. */
  command?: string;
  /** When the invocation started (ctx.now()), for `meta.durationMs`. */
  readonly startedAt: number;
  #errored = false;
  /** Where diagnostics are also recorded (the log file), once the invocation has one. */
  diagnosticLog?: { record(level: "WARN" | "ERROR", message: string): void };

  constructor(ctx: Context, options: OutputOptions) {
    this.ctx = ctx;
    this.format = options.format;
    this.style = makeStyle(options.color);
    this.dataStyle = makeStyle(options.dataColor ?? false);
    this.startedAt = options.startedAt ?? ctx.now();
    this.debug = options.debug;
    this.detailedExitCode = options.detailedExitCode;
  }

  get isText(): boolean {
    return this.format === "text";
  }

  /**
   * Records a warning. Text and ndjson (bare records, no envelope to carry it) print it to
   * stderr at once; json and ndjson-wrapped put it in the envelope.
   */
  warn(message: string, code = "WARNING", options: { inTextReport?: boolean } = {}): void {
    if (this.warnings.some((w) => w.message === message)) return;
    this.warnings.push({ code, message });
    this.diagnosticLog?.record("WARN", message);
    // A warning the text report already shows on stdout is not repeated on stderr.
    const shown = this.isText && options.inTextReport;
    if ((this.isText || this.format === "ndjson") && !shown) {
      this.ctx.stderr.write(`${this.style.yellow("WARNING:")} ${message}\n`);
    }
  }

  /** A diagnostic line for people on stderr (text mode only). */
  note(message: string): void {
    if (this.isText) this.ctx.stderr.write(message.endsWith("\n") ? message : message + "\n");
  }

  /** Prints a command's result. */
  result(result: CommandResult): void {
    Object.assign(this.meta, result.meta);
    if (result.failed) {
      this.#errored = true;
      this.#record(result.failed);
    }
    if (this.isText) {
      if (result.raw) {
        this.ctx.stdout.writeBytes(result.raw);
      } else {
        const text = result.text ?? (result.message ? result.message + "\n" : "");
        if (text) this.ctx.stdout.write(text.endsWith("\n") ? text : text + "\n");
      }
      if (result.failed) this.#textError(result.failed);
      return;
    }
    const errors = result.failed ? [errorItem(result.failed, this.debug)] : [];
    const status = result.failed ? "error" : this.warnings.length ? "warning" : "success";
    const envelope = (data: unknown): Envelope => ({
      schemaVersion: SCHEMA_VERSION,
      status,
      message: result.failed?.message ?? result.message ?? "",
      data,
      errors,
      meta: this.#meta(),
      warnings: [...this.warnings],
    });
    if (this.format === "json") {
      this.ctx.stdout.write(JSON.stringify(envelope(result.data), null, 2) + "\n");
      return;
    }
    const records = Array.isArray(result.data) ? result.data : [result.data];
    for (const record of records) {
      const line = this.format === "ndjson" ? record : envelope(record);
      this.ctx.stdout.write(JSON.stringify(line) + "\n");
    }
    // A failure always gets its envelope; ndjson-wrapped prints one even for no records, so a
    // reader always sees the status and meta.
    if (
      (result.failed && this.format === "ndjson") ||
      (records.length === 0 && this.format === "ndjson-wrapped")
    ) {
      this.ctx.stdout.write(JSON.stringify(envelope(null)) + "\n");
    }
  }

  /** Prints a failure: enveloped on stdout in machine formats, `ERROR: ...` on stderr in text. */
  error(error: PingcliError): void {
    this.#errored = true;
    this.#record(error);
    if (this.isText) {
      this.#textError(error);
      return;
    }
    const envelope: Envelope = {
      schemaVersion: SCHEMA_VERSION,
      status: "error",
      message: error.message,
      data: null,
      errors: [errorItem(error, this.debug)],
      meta: this.#meta(),
      warnings: [...this.warnings],
    };
    const json = this.format === "json"
      ? JSON.stringify(envelope, null, 2)
      : JSON.stringify(envelope);
    this.ctx.stdout.write(json + "\n");
    if (this.debug && error.stack) this.ctx.stderr.write(debugTrace(error) + "\n");
  }

  #record(error: PingcliError): void {
    this.diagnosticLog?.record(
      "ERROR",
      `${error.code}: ${error.message}${error.hint ? ` (hint: ${error.hint})` : ""}`,
    );
  }

  #textError(error: PingcliError): void {
    const s = this.style;
    let text = `${s.red(s.bold("ERROR:"))} ${error.message}\n`;
    if (error.hint) text += `${s.dim("Hint:")} ${error.hint}\n`;
    if (this.debug) text += debugTrace(error) + "\n";
    this.ctx.stderr.write(text);
  }

  /** Invocation metadata first (command, duration), then the command's own. */
  #meta(): Record<string, unknown> {
    return {
      ...(this.command ? { command: this.command } : {}),
      durationMs: Math.round(this.ctx.now() - this.startedAt),
      ...this.meta,
    };
  }

  /** 0 success, 1 error, 2 success with warnings when detailed exit codes are on. */
  exitCode(): number {
    if (this.#errored) return 1;
    if (this.detailedExitCode && this.warnings.length > 0) return 2;
    return 0;
  }
}

function errorItem(error: PingcliError, debug: boolean): ErrorItem {
  const item: ErrorItem = {
    code: error.code,
    category: error.category,
    message: error.message,
    hint: error.hint ?? null,
    retryable: error.retryable,
  };
  if (error.details !== undefined) item.details = error.details;
  if (debug && error.stack) {
    item.details = { ...(item.details as object ?? {}), stack: debugTrace(error) };
  }
  return item;
}

/** The stack and its causes; a cause may quote what the runtime rejected, so it is redacted. */
function debugTrace(error: Error): string {
  let trace = error.stack ?? String(error);
  let cause = error.cause;
  while (cause instanceof Error) {
    trace += `\nCaused by: ${cause.stack ?? cause.message}`;
    cause = cause.cause;
  }
  return redact(trace);
}
