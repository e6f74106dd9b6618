import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';

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
