/** What the settings service tests share: a fresh data dir, an in-memory key store, helpers. */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { SettingsFields, SettingsPatch } from '../../../preload/schemas/settings';
import { parseEnvConfig, type EnvConfig } from '../../../main/config/env-config';
import { SettingsService } from '../../../main/app/settings-service';
import type { SecretStore } from '../../../main/store/secret-store';
import { SettingsStore, type SettingsStorage } from '../../../main/store/settings-store';

/** An in-memory key store recording every `set`. */
export class MemorySecretStore implements SecretStore {
  readonly description = 'memory';
  readonly setCalls: (string | null)[] = [];
  constructor(private key: string | null = null) {}
  async get(): Promise<string | null> {
    return this.key;
  }
  async set(key: string | null): Promise<void> {
    this.setCalls.push(key);
    this.key = key;
  }
}

/** The data dir of the current test (fresh for each). */
export let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-service-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

export const isFolder = async (path: string): Promise<boolean> =>
  stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );

export function newService(store: SettingsStorage, secrets: SecretStore, env: EnvConfig) {
  return new SettingsService({ store, secrets, env, dataDir: dir, homeDir: dir, isFolder });
}

export async function makeService(
  options: { env?: Record<string, string>; secrets?: SecretStore } = {},
) {
  const env: EnvConfig = parseEnvConfig(options.env ?? {});
  const secrets = options.secrets ?? new MemorySecretStore();
  const store = new SettingsStore(dir);
  const service = newService(store, secrets, env);
  await service.load();
  return { service, store, secrets };
}

/** A refused update: its field and message. */
export async function refused(service: SettingsService, patch: SettingsPatch) {
  const result = await service.update(patch);
  if (result.ok) throw new Error(`update was accepted: ${JSON.stringify(patch)}`);
  return result.error;
}

export async function storedFile(): Promise<{ settings: Partial<SettingsFields> }> {
  return JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')) as {
    settings: Partial<SettingsFields>;
  };
}

/** An update that must succeed: its view, or the test fails with the reason. */
export async function updated(service: SettingsService, patch: SettingsPatch) {
  const result = await service.update(patch);
  if (!result.ok) throw new Error(`update refused (${result.error.tag}): ${result.error.message}`);
  return result.value;
}
