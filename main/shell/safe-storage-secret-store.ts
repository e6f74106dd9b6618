import { safeStorage } from 'electron';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { saveFileAtomic } from '../store/atomic-file';
import type { SecretStore } from '../store/secret-store';

/** The desktop key store: encrypted with Electron `safeStorage` (the OS keychain). */
export class SafeStorageSecretStore implements SecretStore {
  readonly description = 'the operating system keychain';
  private readonly path: string;

  constructor(private readonly dataDir: string) {
    this.path = join(dataDir, 'api-key.enc');
  }

  async get(): Promise<string | null> {
    let data: Buffer;
    try {
      data = Buffer.from(await readFile(this.path, 'utf8'), 'base64');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    if (!safeStorage.isEncryptionAvailable()) {
      throw new Error('The OS keychain is not available, so the stored API key cannot be read.');
    }
    return safeStorage.decryptString(data) || null;
  }

  async set(key: string | null): Promise<void> {
    if (key === null) {
      await rm(this.path, { force: true });
      return;
    }
    if (!safeStorage.isEncryptionAvailable()) {
      throw new Error('The OS keychain is not available; set OPENAI_API_KEY instead.');
    }
    await mkdir(this.dataDir, { recursive: true, mode: 0o700 });
    const sealed = safeStorage.encryptString(key).toString('base64');
    await saveFileAtomic('the API key', this.path, sealed, 0o600);
  }
}
