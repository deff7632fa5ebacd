/**
 * The one error type of pingcli. Every failure a user can meet is a `PingcliError` with a
 * stable machine-readable `code`; anything else reaching the top level is a bug and is
 * reported as `INTERNAL_ERROR`.
 */

export type ErrorCode =
  | "CONFIG_INVALID"
  | "CONFIG_NOT_FOUND"
  | "CREDENTIALS_MISSING"
  | "CREDENTIALS_INVALID"
  | "PERMISSION_DENIED"
  | "NETWORK_ERROR"
  | "TLS_ERROR"
  | "TIMEOUT"
  | "RATE_LIMITED"
  | "SERVICE_ERROR"
  | "HTTP_ERROR"
  | "USAGE_ERROR"
  | "NOT_CONFIGURED"
  | "INPUT_REQUIRED"
  | "FILE_ERROR"
  | "INTERNAL_ERROR";

export type ErrorCategory =
  | "configuration"
  | "authentication"
  | "network"
  | "service"
  | "usage"
  | "filesystem"
  | "internal";

const CATEGORY: Record<ErrorCode, ErrorCategory> = {
  CONFIG_INVALID: "configuration",
  CONFIG_NOT_FOUND: "configuration",
  NOT_CONFIGURED: "configuration",
  CREDENTIALS_MISSING: "authentication",
  CREDENTIALS_INVALID: "authentication",
  PERMISSION_DENIED: "authentication",
  NETWORK_ERROR: "network",
  TLS_ERROR: "network",
  TIMEOUT: "network",
  RATE_LIMITED: "service",
  SERVICE_ERROR: "service",
  HTTP_ERROR: "service",
  USAGE_ERROR: "usage",
  INPUT_REQUIRED: "usage",
  FILE_ERROR: "filesystem",
  INTERNAL_ERROR: "internal",
};

const RETRYABLE: ReadonlySet<ErrorCode> = new Set([
  "NETWORK_ERROR",
  "TIMEOUT",
  "RATE_LIMITED",
  "SERVICE_ERROR",
]);

export interface PingcliErrorOptions {
  /** What the user can do about it: the key or env var to set, the command to run. */
  hint?: string;
  cause?: unknown;
  /** Overrides the default retryable flag of the code. */
  retryable?: boolean;
  /** Machine-readable detail for the JSON envelope (never a secret). */
  details?: unknown;
}

export class PingcliError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  readonly retryable: boolean;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, options: PingcliErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "PingcliError";
    this.code = code;
    this.hint = options.hint;
    this.retryable = options.retryable ?? RETRYABLE.has(code);
    this.details = options.details;
  }

  get category(): ErrorCategory {
    return CATEGORY[this.code];
  }
}

/** Turns anything thrown into a PingcliError, keeping PingcliErrors as they are. */
export function asPingcliError(error: unknown): PingcliError {
  if (error instanceof PingcliError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new PingcliError("INTERNAL_ERROR", `unexpected error: ${message}`, {
    cause: error,
    hint: "This is a bug in pingcli. Re-run with --debug and report it (pingcli feedback).",
  });
}
