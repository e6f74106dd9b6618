import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_SETTINGS,
  type SettingsFields,
  type SettingsPatch,
} from '../../../preload/schemas/settings';
import { parseEnvConfig, type EnvConfig } from '../../../main/config/env-config';
import { SettingsService, type SettingsCheck } from '../../../main/app/settings-service';
import { FileSecretStore } from '../../../main/store/file-secret-store';
import type { SecretStore } from '../../../main/store/secret-store';
import { SettingsStore } from '../../../main/store/settings-store';

/** An in-memory key store recording every `set`. */
class MemorySecretStore implements SecretStore {
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

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-service-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function makeService(
  options: { env?: Record<string, string>; secrets?: SecretStore; check?: SettingsCheck } = {},
) {
  const env: EnvConfig = parseEnvConfig(options.env ?? {});
  const secrets = options.secrets ?? new MemorySecretStore();
  const store = new SettingsStore(dir);
  const service = new SettingsService(store, secrets, env, dir, options.check);
  await service.load();
  return { service, store, secrets };
}

async function storedFile(): Promise<{ settings: Partial<SettingsFields> }> {
  return JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')) as {
    settings: Partial<SettingsFields>;
  };
}

/** An update that must succeed: its view, or the test fails with the reason. */
async function updated(service: SettingsService, patch: SettingsPatch) {
  const result = await service.update(patch);
  if (!result.ok) throw new Error(`update refused (${result.error.tag}): ${result.error.message}`);
  return result.value;
}

describe('SettingsService: effective values', () => {
  it('refuses to answer before load()', async () => {
    const service = new SettingsService(
      new SettingsStore(dir),
      new MemorySecretStore(),
      parseEnvConfig({}),
      dir,
    );
    expect(() => service.values).toThrow(/load\(\) has not run/);
    await expect(service.update({ model: 'x' })).rejects.toThrow(/load\(\) has not run/);
  });

  it('starts from the defaults', async () => {
    const { service } = await makeService();
    expect(service.values).toEqual(DEFAULT_SETTINGS);
    expect(service.warning).toBeNull();
  });

  it('lets the environment win over stored values, and names the variable', async () => {
    await new SettingsStore(dir).save({ ...DEFAULT_SETTINGS, model: 'stored', talkMode: 'hold' });
    const { service } = await makeService({
      env: { PARLEY_MODEL: 'from-env', PARLEY_LISTEN_ON_START: '1' },
    });
    expect(service.values).toMatchObject({
      model: 'from-env',
      talkMode: 'hold',
      listenOnStart: true,
    });
    const view = await service.view();
    expect(view.overriddenBy).toEqual({
      model: 'PARLEY_MODEL',
      listenOnStart: 'PARLEY_LISTEN_ON_START',
    });
    expect(view.dataDir).toBe(dir);
  });

  it('keeps a user edit of an overridden field stored, while the variable still wins', async () => {
    const { service } = await makeService({ env: { PARLEY_MODEL: 'from-env' } });
    const view = await updated(service, { model: 'mine' });
    expect(view.values.model).toBe('from-env');
    expect((await storedFile()).settings.model).toBe('mine');
  });

  it('passes on the warning about a corrupt file', async () => {
    await writeFile(join(dir, 'settings.json'), '{nope');
    const { service } = await makeService();
    expect(service.warning).toMatch(/settings\.json\.bad/);
    expect(service.values).toEqual(DEFAULT_SETTINGS);
  });
});

describe('SettingsService: API key', () => {
  it.each([
    ['stored', 'sk-stored', undefined, 'sk-stored'],
    ['env', null, 'sk-env', 'sk-env'],
    ['stored', 'sk-stored', 'sk-env', 'sk-stored'],
    ['none', null, undefined, null],
  ] as const)('source is %s (stored %s, env %s)', async (source, stored, envKey, key) => {
    const { service } = await makeService({
      secrets: new MemorySecretStore(stored),
      env: envKey ? { OPENAI_API_KEY: envKey } : {},
    });
    expect(await service.apiKey()).toEqual({ key, source });
    expect((await service.view()).apiKey).toEqual({ source });
  });

  it('never puts the key in the view', async () => {
    const { service } = await makeService({ secrets: new MemorySecretStore('sk-very-secret') });
    expect(JSON.stringify(await service.view())).not.toContain('sk-very-secret');
  });

  it('stores a key from update in the secret store, never in settings.json', async () => {
    const secrets = new FileSecretStore(dir);
    const { service } = await makeService({ secrets });
    const view = await updated(service, { apiKey: ' sk-new-key-123 ', model: 'm2' });
    expect(view.apiKey).toEqual({ source: 'stored' });
    expect(await secrets.get()).toBe('sk-new-key-123');
    const text = await readFile(join(dir, 'settings.json'), 'utf8');
    expect(text).not.toContain('sk-new-key');
    expect(text).not.toContain('apiKey');
    expect((await storedFile()).settings.model).toBe('m2');
  });

  it.each(['', '   '])('removes the stored key when given %j', async (apiKey) => {
    const secrets = new MemorySecretStore('sk-old');
    const { service } = await makeService({ secrets, env: { OPENAI_API_KEY: 'sk-env' } });
    const view = await updated(service, { apiKey });
    expect(secrets.setCalls).toEqual([null]);
    expect(view.apiKey.source).toBe('env');
  });

  it('leaves the key alone when the patch has none', async () => {
    const secrets = new MemorySecretStore('sk-old');
    const { service } = await makeService({ secrets });
    await service.update({ model: 'x' });
    expect(secrets.setCalls).toEqual([]);
  });
});

describe('SettingsService: update', () => {
  it('saves, announces and returns the new effective settings', async () => {
    const { service } = await makeService({ env: { PARLEY_VOICE: 'cedar' } });
    const changed = vi.fn();
    service.on('changed', changed);
    const view = await updated(service, { talkMode: 'toggle', voice: 'marin' });
    const expected = { ...DEFAULT_SETTINGS, talkMode: 'toggle', voice: 'cedar' };
    expect(view.values).toEqual(expected);
    expect(changed).toHaveBeenCalledExactlyOnceWith(expected);
    const reloaded = await makeService();
    expect(reloaded.service.values).toMatchObject({ talkMode: 'toggle', voice: 'marin' });
  });

  it('refuses a patch the check rejects: nothing saved, nothing announced', async () => {
    const check = vi.fn<SettingsCheck>((s) =>
      s.delegate === 'command' && !s.delegateCommand
        ? 'The command delegate needs a command.'
        : null,
    );
    const secrets = new MemorySecretStore();
    const { service } = await makeService({ check, secrets });
    const changed = vi.fn();
    service.on('changed', changed);
    expect(await service.update({ delegate: 'command', apiKey: 'sk-x' })).toEqual({
      ok: false,
      error: { tag: 'invalid_settings', message: 'The command delegate needs a command.' },
    });
    expect(service.values.delegate).toBe('codex');
    expect(changed).not.toHaveBeenCalled();
    expect(secrets.setCalls).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('checks the effective settings, environment included', async () => {
    const check = vi.fn<SettingsCheck>(() => null);
    const { service } = await makeService({ check, env: { PARLEY_DELEGATE: 'command' } });
    await service.update({ model: 'x' });
    expect(check).toHaveBeenCalledWith(
      expect.objectContaining({ model: 'x', delegate: 'command' }),
    );
  });

  it('keeps the previous settings in memory and on disk when saving fails', async () => {
    const { service } = await makeService();
    await service.update({ model: 'kept' });
    const secrets = new MemorySecretStore();
    const failing = new SettingsService(
      {
        load: async () => ({ settings: service.values, warning: null }),
        save: async () => {
          throw new Error('Could not save settings to x: the disk is full. Nothing was changed.');
        },
      } as unknown as SettingsStore,
      secrets,
      parseEnvConfig({}),
      dir,
    );
    await failing.load();
    expect(await failing.update({ model: 'lost', apiKey: 'sk-x' })).toMatchObject({
      ok: false,
      error: { tag: 'failed', message: expect.stringMatching(/disk is full/) },
    });
    expect(failing.values.model).toBe('kept');
    expect(secrets.setCalls).toEqual([]);
  });

  it('fails clearly when settings.json became a directory, and keeps the values', async () => {
    const { service } = await makeService();
    await mkdir(join(dir, 'settings.json'));
    expect(await service.update({ model: 'x' })).toMatchObject({
      ok: false,
      error: { tag: 'failed', message: expect.stringMatching(/Could not save settings/) },
    });
    expect(service.values.model).toBe(DEFAULT_SETTINGS.model);
  });

  it('ignores fields explicitly set to undefined (structured clone keeps them)', async () => {
    const { service } = await makeService();
    const view = await updated(service, { model: undefined, talkMode: 'hold' });
    expect(view.values.model).toBe(DEFAULT_SETTINGS.model);
    expect(service.values.model).toBe(DEFAULT_SETTINGS.model);
    expect((await storedFile()).settings.model).toBe(DEFAULT_SETTINGS.model);
  });

  it('applies concurrent updates one after the other, losing none', async () => {
    const { service } = await makeService();
    await Promise.all([
      service.update({ model: 'a' }),
      service.update({ talkMode: 'hold' }),
      service.update({ listenOnStart: true }),
    ]);
    expect(service.values).toMatchObject({ model: 'a', talkMode: 'hold', listenOnStart: true });
    expect((await makeService()).service.values).toMatchObject({
      model: 'a',
      talkMode: 'hold',
      listenOnStart: true,
    });
  });

  it('a failed update does not block the next one', async () => {
    const check = vi.fn<SettingsCheck>((s) => (s.model === 'bad' ? 'bad model' : null));
    const { service } = await makeService({ check });
    const results = await Promise.all([
      service.update({ model: 'bad' }),
      service.update({ model: 'good' }),
    ]);
    expect(results.map((r) => r.ok)).toEqual([false, true]);
    expect(service.values.model).toBe('good');
  });

  it('unsubscribes and disposes cleanly', async () => {
    const { service } = await makeService();
    const changed = vi.fn();
    const off = service.on('changed', changed);
    off();
    await service.update({ model: 'x' });
    service.on('changed', changed);
    service.dispose();
    service.dispose();
    await service.update({ model: 'y' });
    expect(changed).not.toHaveBeenCalled();
  });
});
