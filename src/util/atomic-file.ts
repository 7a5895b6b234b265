// Replacing one file atomically: the new content goes to a temporary sibling
// (`.NAME.gxit-gen-tmp-PID`, in the same directory so that rename(2) is
// atomic), is flushed to disk, and is renamed over the target. A reader sees
// the old file or the new one, never a mix; after a crash at most the
// temporary sibling is left, and `removeStaleTemporaries` deletes it on the
// next run. The target's directory entry is replaced; nothing else is touched.
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

const TEMP = /^\..+\.gxit-gen-(?:tmp|old)-(\d+)$/;

export function temporarySibling(file: string): string {
  return join(dirname(file), `.${basename(file)}.gxit-gen-tmp-${process.pid}`);
}

/** Writes `content` to `file` through a flushed temporary sibling and a rename. */
export function replaceFile(file: string, content: string | Buffer, mode = 0o644): void {
  const tmp = temporarySibling(file);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, "w", mode);
    writeSync(fd, typeof content === "string" ? Buffer.from(content, "utf8") : content);
    // Flushed before the rename: after a power loss the name must not point at an empty file.
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, file);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** Flushes a directory's entries (the renames in it) to disk; best effort where a file system refuses. */
export function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch {
    // Some file systems (and Windows) cannot fsync a directory; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes the temporary siblings an interrupted gxit-gen left in `dir`
 * (those of a process that is no longer running; a concurrent run keeps its
 * own). Also removes the `.OUT.gxit-gen-tmp-PID` / `-old-PID` directories
 * that gxit-gen 0.1 left beside its output when interrupted.
 */
export function removeStaleTemporaries(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = TEMP.exec(name);
    if (!m || alive(Number(m[1]))) continue;
    try {
      rmSync(join(dir, name), { recursive: true, force: true });
    } catch {
      // Not ours to insist on: a later run tries again.
    }
  }
}
