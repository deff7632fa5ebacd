/**
 * Profile names: what a profile may be called, and the error for a name the file does not
 * hold. Kept apart from file.ts so that reading an env-only setup never loads the YAML parser.
 */
import { PingcliError } from "../errors.ts";

/** Letters, digits, `_` and `-`: a profile name is a YAML key and an argument in hints. */
export const PROFILE_NAME = /^[A-Za-z0-9_-]+$/;
/** Top-level keys that are not profiles (lower case), so no profile may be called that. */
export const TOP_LEVEL = new Set(["configmodelversion", "activeprofile"]);

/** Checks a new profile name: allowed characters, not reserved. */
export function validateProfileName(name: string): void {
  if (!PROFILE_NAME.test(name)) {
    throw new PingcliError(
      "USAGE_ERROR",
      `invalid profile name '${name}': use only letters, digits, '_' and '-'`,
    );
  }
  if (TOP_LEVEL.has(name.toLowerCase())) {
    throw new PingcliError("USAGE_ERROR", `'${name}' is reserved and cannot be a profile name`);
  }
}

/**
 * The error for a profile (-P, PINGCLI_PROFILE) the file does not hold. Creating it is
 * suggested only when `profiles create` would accept the name.
 */
export function profileNotFound(
  name: string,
  path: string,
  profiles: readonly string[],
): PingcliError {
  let hint = `Profiles: ${profiles.join(", ") || "(none)"}.`;
  if (PROFILE_NAME.test(name) && !TOP_LEVEL.has(name.toLowerCase())) {
    hint += ` Create it with 'pingcli config profiles create --name ${name}'.`;
  } else if (!PROFILE_NAME.test(name)) {
    hint += " Profile names use only letters, digits, '_' and '-'.";
  }
  return new PingcliError("CONFIG_INVALID", `profile '${name}' not found in ${path}`, { hint });
}
