/** The pingcli version: the one place it is defined. The release workflow rewrites this line. */
export const VERSION = "0.1.0-dev";
