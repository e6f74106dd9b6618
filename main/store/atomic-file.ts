import { open, rename, rm } from 'node:fs/promises';

/**
 * Write `data` to `path` atomically: write a temp file beside it, flush it to disk, then rename
 * over the target. A failure (full disk, permissions) leaves the old file as it was.
 */
export async function writeFileAtomic(path: string, data: string, mode = 0o644): Promise<void> {
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    const handle = await open(temp, 'w', mode);
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
