/**
 * Names in the commands pingcli suggests (`To remove it: pingcli config unset …`), written so
 * that pasting the command into a POSIX shell passes the name through unchanged.
 */

/** A plain key path (`service.pingOne.endpoint`) as it is; anything else single-quoted. */
export function shellWord(text: string): string {
  if (/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(text)) return text;
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
