import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Write `data` to `path` atomically: write a temp file beside it, flush it to disk, then rename
 * over the target. A failure (full disk, permissions) leaves the old file as it was.
 */
export async function writeFileAtomic(path: string, data: string, mode = 0o644): Promise<void> {
  // Unique per call, and created exclusively: two writes in the same millisecond must not share
  // (and interleave into) one temp file.
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => {});
    throw error;
  }
}

/** Why a write failed, in words a person can act on. */
export function writeFailureReason(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'the disk is full';
    case 'EROFS':
      return 'the disk is read-only';
    case 'EACCES':
    case 'EPERM':
      return 'Parley may not write there (permission denied)';
    default:
      return (error as Error).message;
  }
}

/**
 * `writeFileAtomic` into `path`'s folder (created, private, when missing), failing with "Could
 * not save `what` to `path`: why. Nothing was changed."
 */
export async function saveFileAtomic(
  what: string,
  path: string,
  data: string,
  mode?: number,
): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFileAtomic(path, data, mode);
  } catch (error) {
    throw new Error(
      `Could not save ${what} to ${path}: ${writeFailureReason(error)}. Nothing was changed.`,
      { cause: error },
    );
  }
}
