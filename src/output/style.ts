/** ANSI styling that is a no-op unless colour is on (a TTY, and not turned off). */
export interface Style {
  readonly enabled: boolean;
  green(text: string): string;
  yellow(text: string): string;
  red(text: string): string;
  bold(text: string): string;
  dim(text: string): string;
}

const wrap = (on: boolean, open: number, close: number) => (text: string) =>
  on ? `\x1b[${open}m${text}\x1b[${close}m` : text;

export function makeStyle(enabled: boolean): Style {
  return {
    enabled,
    green: wrap(enabled, 32, 39),
    yellow: wrap(enabled, 33, 39),
    red: wrap(enabled, 31, 39),
    bold: wrap(enabled, 1, 22),
    dim: wrap(enabled, 2, 22),
  };
}

/** Colour is on only for a terminal, and off with --no-color, PINGCLI_NO_COLOR or NO_COLOR. */
export function colorWanted(
  isTTY: boolean,
  noColorSetting: boolean,
  env: Record<string, string | undefined>,
): boolean {
  if (!isTTY || noColorSetting) return false;
  // https://no-color.org: any non-empty NO_COLOR turns colour off.
  return !(env.NO_COLOR !== undefined && env.NO_COLOR !== "");
}
