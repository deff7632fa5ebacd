/**
 * Safe file writes shared by the config file and the token store: directories created 0700,
 * files written 0600 through a temp file in the same directory and a rename (so a reader never
 * sees a torn file), and an exclusive lock file for read-modify-write cycles across processes.
 */
import { dirname, join } from "node:path";
import { PingcliError } from "./errors.ts";

const LOCK_STALE_MS = 30_000;
const LOCK_WAIT_MS = 15_000;

/** Creates `dir` (and parents) with mode 0700 when missing. */
export async function ensureDir(dir: string): Promise<void> {
  try {
    await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    if (!(error instanceof Deno.errors.AlreadyExists)) {
      throw fileError(`cannot create directory ${dir}`, error);
    }
  }
}

/** Writes `text` to `path` through a temp file in the same directory and a rename; mode 0600. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${crypto.randomUUID()}.tmp`);
  try {
    await Deno.writeTextFile(tmp, text, { mode: 0o600, createNew: true });
    if (Deno.build.os !== "windows") await Deno.chmod(tmp, 0o600);
    await Deno.rename(tmp, path);
  } catch (error) {
    await Deno.remove(tmp).catch(() => {});
    throw fileError(`cannot write ${path}`, error);
  }
}

/** An exclusive lock file; stale locks (a crashed process) are broken after 30 s. */
export async function acquireLock(lockPath: string): Promise<() => Promise<void>> {
  const started = Date.now();
  let delay = 5;
  while (true) {
    try {
      const file = await Deno.open(lockPath, { createNew: true, write: true, mode: 0o600 });
      await file.write(new TextEncoder().encode(String(Deno.pid)));
      file.close();
      return async () => {
        await Deno.remove(lockPath).catch(() => {});
      };
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) {
        throw fileError(`cannot create lock ${lockPath}`, error);
      }
    }
    const age = await Deno.stat(lockPath).then((s) =>
      Date.now() - (s.mtime?.getTime() ?? Date.now())
    ).catch(() => 0);
    if (age > LOCK_STALE_MS) {
      await Deno.remove(lockPath).catch(() => {});
      continue;
    }
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

/** A FILE_ERROR that says what pingcli was doing and why the OS refused. */
export function fileError(message: string, error: unknown): PingcliError {
  const reason = error instanceof Error ? error.message : String(error);
  return new PingcliError("FILE_ERROR", `${message}: ${reason}`, { cause: error });
}
