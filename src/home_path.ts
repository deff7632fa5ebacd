/**
 * `~` in paths the user gives (config values and env vars are not expanded by a shell):
 * `~` and `~/x` mean the home directory. Other forms (`~user`) are left as they are.
 */
export function expandHome(path: string, home: string | undefined): string {
  return home && (path === "~" || path.startsWith("~/")) ? home + path.slice(1) : path;
}
