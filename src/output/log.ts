/**
 * Diagnostics log: stderr at `log.level`, and the optional `log.file` at `log.fileLevel`.
 * Every line passes through `redact`, and every secret pingcli has resolved is registered so
 * it is scrubbed wherever it might appear.
 */
import type { Context } from "../context.ts";
import { expandHome } from "../home_path.ts";

const LEVELS = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40 } as const;
export type Level = keyof typeof LEVELS;

/**
 * Names whose values are secret wherever they appear (OAuth fields, PingOne and PingFederate
 * resources: `secret`, `clientSecret`, `encryptedSecret`, `password`, `privateKey`, tokens…).
 * `token_type`, `token_endpoint` and the like do not match.
 */
const SECRET_NAME =
  "[\\w.-]*(?:secret|password|passphrase|assertion|private_?key|api_?key|code_verifier|device_code|access_?token|refresh_?token|id_?token)[\\w.-]*";

/** Replaces credentials in text meant for logs: headers, form fields, JSON members. */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text
    // A credential quoted on its own, e.g. in a runtime error about a rejected header value.
    .replace(/\b(Bearer|Basic)\s+[^\s"']+/g, "$1 [REDACTED]")
    .replace(
      /(authorization|proxy-authorization|cookie|set-cookie)(["']?\s*[:=]\s*["']?)([^"'\n,}]+)/gi,
      "$1$2[REDACTED]",
    )
    // JSON members whose name says secret: the whole string value, spaces and escapes included.
    .replace(
      new RegExp(`("${SECRET_NAME}"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, "gi"),
      '$1"[REDACTED]"',
    )
    // Form fields (`name=value` after start, `?`, `&` or a space).
    .replace(new RegExp(`((?:^|[?&\\s])${SECRET_NAME}=)([^&\\s]+)`, "gim"), "$1[REDACTED]")
    // Header lines of a request/response trace (`> name: value`).
    .replace(new RegExp(`^([<>] ${SECRET_NAME}:\\s*)(.+)$`, "gim"), "$1[REDACTED]");
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join("[REDACTED]");
  }
  return out;
}

export interface LoggerOptions {
  level: string;
  file?: string;
  fileLevel: string;
  debug: boolean;
}

export class Logger {
  readonly #ctx: Context;
  readonly #console: number;
  readonly #fileLevel: number;
  readonly #file?: Deno.FsFile;
  readonly #secrets = new Set<string>();

  private constructor(ctx: Context, options: LoggerOptions, file?: Deno.FsFile) {
    this.#ctx = ctx;
    this.#console = options.debug ? LEVELS.DEBUG : LEVELS[options.level as Level] ?? LEVELS.WARN;
    this.#fileLevel = LEVELS[options.fileLevel as Level] ?? LEVELS.DEBUG;
    this.#file = file;
  }

  /**
   * A logger; a log file that cannot be opened is reported in `openProblem` rather than thrown,
   * so a bad log.file never locks the user out of the command that would fix it.
   */
  static async open(ctx: Context, options: LoggerOptions): Promise<Logger> {
    if (!options.file) return new Logger(ctx, options);
    const path = expandHome(options.file, ctx.home);
    try {
      const file = await Deno.open(path, { append: true, create: true, mode: 0o600 });
      return new Logger(ctx, options, file);
    } catch (error) {
      const logger = new Logger(ctx, options);
      logger.openProblem = `cannot open log file ${path} (${(error as Error).message}); ` +
        "logging to stderr only. Check --log-file, PINGCLI_LOG_FILE or log.file.";
      return logger;
    }
  }

  /** Why the log file could not be opened, if it could not. */
  openProblem?: string;

  /** A value that must never appear in any log line. */
  registerSecret(value: string | undefined): void {
    if (value) this.#secrets.add(value);
  }

  get secrets(): ReadonlySet<string> {
    return this.#secrets;
  }

  debug(message: string): void {
    this.#write("DEBUG", message);
  }
  info(message: string): void {
    this.#write("INFO", message);
  }
  warn(message: string): void {
    this.#write("WARN", message);
  }
  error(message: string): void {
    this.#write("ERROR", message);
  }

  /** Writes a diagnostic already shown on stderr to the log file only (when its level allows). */
  record(level: Level, message: string): void {
    if (!this.#file || LEVELS[level] < this.#fileLevel) return;
    const stamp = new Date(this.#ctx.now()).toISOString();
    this.#file.writeSync(
      new TextEncoder().encode(`${stamp} ${level} ${redact(message, this.#secrets)}\n`),
    );
  }

  /** Whether debug lines go anywhere (to skip building expensive messages). */
  get debugEnabled(): boolean {
    return this.#console <= LEVELS.DEBUG ||
      (this.#file !== undefined && this.#fileLevel <= LEVELS.DEBUG);
  }

  #write(level: Level, message: string): void {
    const n = LEVELS[level];
    if (n < this.#console && (!this.#file || n < this.#fileLevel)) return;
    const line = redact(message, this.#secrets);
    if (n >= this.#console) this.#ctx.stderr.write(`${level}: ${line}\n`);
    this.record(level, message);
  }

  close(): void {
    this.#file?.close();
  }
}
