/**
 * What the auth layer needs from an invocation: the outside world, the resolved settings, the
 * log, the profile, and a way to report a non-fatal warning. The CLI builds it from its
 * Invocation; the auth layer never sees argv or the output format.
 */
import type { Context } from "../context.ts";
import type { Settings } from "../config/resolve.ts";
import type { Logger } from "../output/log.ts";

export interface AuthContext {
  readonly ctx: Context;
  readonly settings: Settings;
  readonly log: Logger;
  /** The profile tokens are stored under. */
  readonly profile: string;
  warn(message: string, code: string): void;
}
