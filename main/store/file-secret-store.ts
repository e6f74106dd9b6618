import { chmod, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { saveFileAtomic } from './atomic-file';
import type { SecretStore } from './secret-store';

/** The browser host's key store: a `0600` file in the data dir. */
export class FileSecretStore implements SecretStore {
  readonly description: string;
  private readonly path: string;

  constructor(private readonly dataDir: string) {
    this.path = join(dataDir, 'api-key');
    this.description = `a 0600 file (${this.path})`;
  }

  async get(): Promise<string | null> {
    try {
      const key = (await readFile(this.path, 'utf8')).trim();
      return key || null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async set(key: string | null): Promise<void> {
    if (key === null) {
      await rm(this.path, { force: true });
      return;
    }
    await saveFileAtomic('the API key', this.path, key, 0o600);
    await chmod(this.path, 0o600);
  }
}
