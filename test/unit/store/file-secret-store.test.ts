import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSecretStore } from '../../../main/store/file-secret-store';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-secret-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('FileSecretStore', () => {
  it('has no key until one is stored', async () => {
    expect(await new FileSecretStore(dir).get()).toBeNull();
  });

  it('round-trips a key across instances', async () => {
    await new FileSecretStore(dir).set('sk-test-123');
    expect(await new FileSecretStore(dir).get()).toBe('sk-test-123');
  });

  it('stores the key in a 0600 file and nothing else', async () => {
    await new FileSecretStore(dir).set('sk-test-123');
    expect((await stat(join(dir, 'api-key'))).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['api-key']);
  });

  it('fixes the mode of a key file that was too open', async () => {
    await writeFile(join(dir, 'api-key'), 'old', { mode: 0o644 });
    await new FileSecretStore(dir).set('sk-new');
    expect((await stat(join(dir, 'api-key'))).mode & 0o777).toBe(0o600);
  });

  it('creates a missing data dir as 0700', async () => {
    const nested = join(dir, 'parley');
    await new FileSecretStore(nested).set('sk-x');
    expect((await stat(nested)).mode & 0o777).toBe(0o700);
  });

  it('removes the key with null, also when there is none', async () => {
    const store = new FileSecretStore(dir);
    await store.set(null);
    await store.set('sk-x');
    await store.set(null);
    expect(await store.get()).toBeNull();
    expect(await readdir(dir)).toEqual([]);
  });

  it('trims the stored key and treats a blank file as no key', async () => {
    await writeFile(join(dir, 'api-key'), '  sk-trim \n');
    expect(await new FileSecretStore(dir).get()).toBe('sk-trim');
    await writeFile(join(dir, 'api-key'), ' \n');
    expect(await new FileSecretStore(dir).get()).toBeNull();
  });

  it('replaces a stored key', async () => {
    const store = new FileSecretStore(dir);
    await store.set('sk-one');
    await store.set('sk-two');
    expect(await readFile(join(dir, 'api-key'), 'utf8')).toBe('sk-two');
  });

  it('reports a read failure other than a missing file', async () => {
    await mkdir(join(dir, 'api-key'));
    await expect(new FileSecretStore(dir).get()).rejects.toMatchObject({ code: 'EISDIR' });
  });

  it('says where keys are kept without revealing one', async () => {
    const store = new FileSecretStore(dir);
    await store.set('sk-hidden');
    expect(store.description).toBe(`a 0600 file (${join(dir, 'api-key')})`);
    expect(store.description).not.toContain('sk-hidden');
  });
});
