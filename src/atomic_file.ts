/**
 * Safe file writes shared by the config file and the token store: directories kept 0700,
 * files written 0600 through a temp file in the same directory and a rename (so a reader never
 * sees a torn file), and an exclusive lock file for read-modify-write cycles across processes.
 */
import { dirname, join, resolve } from "node:path";
import { PingcliError } from "./errors.ts";

/**
 * A lock older than this was left by a process that died (a write takes milliseconds). It is
 * shorter than LOCK_WAIT_MS, so the first command after a crash waits it out instead of failing.
 */
const LOCK_STALE_MS = 10_000;
const LOCK_WAIT_MS = 20_000;
/** Symlinks followed by hand to a file that does not exist yet, as the kernel's limit (ELOOP). */
const MAX_LINKS = 40;

/**
 * Creates `dir` (and parents) with mode 0700 when missing. An existing `dir` that others may
 * read or enter (made by hand, or by an older version) loses those bits when it is this user's;
 * the owner's own bits stay, so a directory the user made read-only stays read-only.
 */
export async function ensureDir(dir: string): Promise<void> {
  try {
    await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    if (!(error instanceof Deno.errors.AlreadyExists)) {
      throw fileError(`cannot create directory ${dir}`, error);
    }
  }
  if (Deno.build.os === "windows") return;
  const info = await Deno.stat(dir).catch(() => undefined);
  if (info?.mode == null || (info.mode & 0o077) === 0) return;
  try {
    await Deno.chmod(dir, info.mode & 0o700);
  } catch (error) {
    // EPERM: the directory is not this user's (a shared one named on purpose), so leave it be.
    if (error instanceof Deno.errors.PermissionDenied) return;
    throw fileError(`cannot make directory ${dir} private`, error);
  }
}

/**
 * Writes `text` to `path` through a temp file and a rename; mode 0600. When `path` is a symlink
 * (a config file kept with the user's dotfiles), the file it points to is written and the link
 * stays: the temp file goes in the target's directory, as a rename cannot cross file systems.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  let tmp: string | undefined;
  try {
    const target = await linkTarget(path);
    tmp = join(dirname(target), `.${crypto.randomUUID()}.tmp`);
    await Deno.writeTextFile(tmp, text, { mode: 0o600, createNew: true });
    if (Deno.build.os !== "windows") await Deno.chmod(tmp, 0o600);
    await Deno.rename(tmp, target);
  } catch (error) {
    if (tmp) await Deno.remove(tmp).catch(() => {});
    throw fileError(`cannot write ${path}`, error);
  }
}

/** The file `path` names after following symlinks, including a link to a file not created yet. */
async function linkTarget(path: string): Promise<string> {
  try {
    return await Deno.realPath(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  let target = path;
  for (let i = 0; i < MAX_LINKS; i++) {
    const link = await Deno.readLink(target).catch(() => undefined);
    if (link === undefined) return target; // not a link: the new file goes here
    target = resolve(dirname(target), link);
  }
  throw new Deno.errors.FilesystemLoop(`too many levels of symbolic links: ${path}`);
}

/**
 * An exclusive lock file; stale locks (a crashed process) are broken after 10 s.
 *
 * The lock holds a token unique to its holder, so release removes only our own lock. Many
 * waiters may find the same lock stale at once; breaking it is serialised by a second lock
 * file (`….break`), and the breaker removes the lock only if it still holds the stale token, so
 * no waiter can delete the fresh lock another has just taken.
 */
export async function acquireLock(lockPath: string): Promise<() => Promise<void>> {
  const token = `${Deno.pid} ${crypto.randomUUID()}`;
  const started = Date.now();
  let delay = 5;
  while (true) {
    if (await createLock(lockPath, token)) {
      return async () => {
        if (await readLock(lockPath) === token) await Deno.remove(lockPath).catch(() => {});
      };
    }
    // Read the holder before the age, so a stale age can only belong to this holder's lock.
    const holder = await readLock(lockPath);
    if (
      holder !== undefined && await lockAge(lockPath) > LOCK_STALE_MS &&
      await breakStaleLock(lockPath, holder)
    ) continue;
    if (Date.now() - started > LOCK_WAIT_MS) {
      throw new PingcliError("FILE_ERROR", `timed out waiting for the lock ${lockPath}`, {
        hint:
          "Another pingcli process is writing the file. If none is running, delete the lock file.",
      });
    }
    await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
    delay = Math.min(delay * 2, 100);
  }
}

/** Creates the lock file holding `token`; false when it already exists. */
async function createLock(lockPath: string, token: string): Promise<boolean> {
  try {
    await Deno.writeTextFile(lockPath, token, { createNew: true, mode: 0o600 });
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.AlreadyExists) return false;
    throw fileError(`cannot create lock ${lockPath}`, error);
  }
}

/**
 * Removes the lock if it still holds the stale `holder` token. Returns false when another
 * waiter is breaking it already (then wait, rather than spin).
 */
async function breakStaleLock(lockPath: string, holder: string): Promise<boolean> {
  const breakPath = lockPath + ".break";
  if (!await createLock(breakPath, "")) {
    // A waiter that crashed while breaking (a few milliseconds' window) is given up on in time.
    if (await lockAge(breakPath) > LOCK_STALE_MS) await Deno.remove(breakPath).catch(() => {});
    return false;
  }
  try {
    // While we hold the break lock nobody else removes the lock, and nobody can create one
    // while it exists: if it still holds the stale token, it is the lock we judged.
    if (await readLock(lockPath) === holder && await lockAge(lockPath) > LOCK_STALE_MS) {
      await Deno.remove(lockPath).catch(() => {});
    }
  } finally {
    await Deno.remove(breakPath).catch(() => {});
  }
  return true;
}

/** The token in a lock file, or undefined when there is no lock to read. */
async function readLock(lockPath: string): Promise<string | undefined> {
  return await Deno.readTextFile(lockPath).catch(() => undefined);
}

/** How long ago the lock file was written; 0 when it is gone. */
async function lockAge(lockPath: string): Promise<number> {
  return await Deno.stat(lockPath).then((s) => Date.now() - (s.mtime?.getTime() ?? Date.now()))
    .catch(() => 0);
}

/** A FILE_ERROR that says what pingcli was doing and why the OS refused. */
export function fileError(message: string, error: unknown): PingcliError {
  const reason = error instanceof Error ? error.message : String(error);
  return new PingcliError("FILE_ERROR", `${message}: ${reason}`, { cause: error });
}
