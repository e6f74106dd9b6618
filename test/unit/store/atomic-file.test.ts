import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeFileAtomic } from '../../../main/store/atomic-file';

/** Faults to inject into node:fs/promises; everything else passes through. */
const faults = vi.hoisted(() => ({ rename: null as Error | null, write: null as Error | null }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...fs,
    rename: async (from: string, to: string) => {
      if (faults.rename) throw faults.rename;
      return fs.rename(from, to);
    },
    open: async (...args: Parameters<typeof fs.open>) => {
      const handle = await fs.open(...args);
      if (!faults.write) return handle;
      const error = faults.write;
      return Object.assign(Object.create(handle) as typeof handle, {
        writeFile: async () => {
          throw error;
        },
        sync: () => handle.sync(),
        close: () => handle.close(),
      });
    },
  };
});

function errno(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-atomic-'));
});

afterEach(async () => {
  faults.rename = null;
  faults.write = null;
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('writes a new file and replaces an existing one', async () => {
    const path = join(dir, 'f.json');
    await writeFileAtomic(path, 'one');
    expect(await readFile(path, 'utf8')).toBe('one');
    await writeFileAtomic(path, 'two');
    expect(await readFile(path, 'utf8')).toBe('two');
    expect(await readdir(dir)).toEqual(['f.json']);
  });

  it('applies the mode to a new file', async () => {
    const path = join(dir, 'secret');
    await writeFileAtomic(path, 'x', 0o600);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('leaves the old file and no temp file when the write fails (disk full)', async () => {
    const path = join(dir, 'f.json');
    await writeFile(path, 'old');
    faults.write = errno('ENOSPC', 'no space left on device');
    await expect(writeFileAtomic(path, 'new')).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(await readFile(path, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['f.json']);
  });

  it('leaves the old file and no temp file when the rename fails', async () => {
    const path = join(dir, 'f.json');
    await writeFile(path, 'old');
    faults.rename = errno('EXDEV', 'cross-device link not permitted');
    await expect(writeFileAtomic(path, 'new')).rejects.toMatchObject({ code: 'EXDEV' });
    expect(await readFile(path, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['f.json']);
  });

  it('fails and cleans up when the target is a directory', async () => {
    const path = join(dir, 'target');
    await mkdir(path);
    await writeFile(join(path, 'inside'), 'kept');
    await expect(writeFileAtomic(path, 'new')).rejects.toThrow();
    expect(await readFile(join(path, 'inside'), 'utf8')).toBe('kept');
    expect(await readdir(dir)).toEqual(['target']);
  });

  it('fails when the parent is a file', async () => {
    await writeFile(join(dir, 'file'), 'x');
    await expect(writeFileAtomic(join(dir, 'file', 'f.json'), 'new')).rejects.toMatchObject({
      code: 'ENOTDIR',
    });
  });

  it('keeps concurrent writes in the same millisecond whole', async () => {
    vi.spyOn(Date, 'now').mockReturnValue(1_700_000_000_000);
    const path = join(dir, 'f.json');
    const long = JSON.stringify({ value: 'l'.repeat(10_000) });
    const short = JSON.stringify({ value: 's' });
    const results = await Promise.allSettled([
      writeFileAtomic(path, long),
      writeFileAtomic(path, short),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect([long, short]).toContain(await readFile(path, 'utf8'));
    expect(await readdir(dir)).toEqual(['f.json']);
  });
});
