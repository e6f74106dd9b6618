import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DEFAULT_SETTINGS,
  type SettingsFields,
  type SettingsPatch,
} from '../../../preload/schemas/settings';
import { parseEnvConfig, type EnvConfig } from '../../../main/config/env-config';
import { SettingsService } from '../../../main/app/settings-service';
import { FileSecretStore } from '../../../main/store/file-secret-store';
import type { SecretStore } from '../../../main/store/secret-store';
import { SettingsStore, type SettingsStorage } from '../../../main/store/settings-store';

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

const isFolder = async (path: string): Promise<boolean> =>
  stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );

function newService(store: SettingsStorage, secrets: SecretStore, env: EnvConfig) {
  return new SettingsService({ store, secrets, env, dataDir: dir, homeDir: dir, isFolder });
}

async function makeService(options: { env?: Record<string, string>; secrets?: SecretStore } = {}) {
  const env: EnvConfig = parseEnvConfig(options.env ?? {});
  const secrets = options.secrets ?? new MemorySecretStore();
  const store = new SettingsStore(dir);
  const service = newService(store, secrets, env);
  await service.load();
  return { service, store, secrets };
}

/** A refused update: its field and message. */
async function refused(service: SettingsService, patch: SettingsPatch) {
  const result = await service.update(patch);
  if (result.ok) throw new Error(`update was accepted: ${JSON.stringify(patch)}`);
  return result.error;
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
    const service = newService(new SettingsStore(dir), new MemorySecretStore(), parseEnvConfig({}));
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
    expect(view.homeDir).toBe(dir);
  });

  it('refuses to change a field the environment sets, naming the variable; nothing saved', async () => {
    const { service } = await makeService({ env: { PARLEY_MODEL: 'from-env' } });
    const error = await refused(service, { model: 'mine', talkMode: 'hold' });
    expect(error).toEqual({
      tag: 'invalid_settings',
      field: 'model',
      message: expect.stringContaining('PARLEY_MODEL'),
    });
    expect(service.values.talkMode).toBe('auto');
    expect(await readdir(dir)).toEqual([]);
  });

  it('accepts the environment value sent back unchanged (a form saves every field)', async () => {
    const { service } = await makeService({ env: { PARLEY_MODEL: 'from-env' } });
    const view = await updated(service, { model: 'from-env', talkMode: 'hold' });
    expect(view.values).toMatchObject({ model: 'from-env', talkMode: 'hold' });
  });

  it('passes on the warning about a corrupt file', async () => {
    await writeFile(join(dir, 'settings.json'), '{nope');
    const { service } = await makeService();
    expect(service.warning).toMatch(/settings\.json\.bad/);
    expect(service.values).toEqual(DEFAULT_SETTINGS);
  });
});

describe('SettingsService: API key', () => {
  const stored = 'sk-stored-0000000000000001';
  const fromEnv = 'sk-env-00000000000000000002';
  it.each([
    ['stored', stored, undefined, stored],
    ['env', null, fromEnv, fromEnv],
    ['stored', stored, fromEnv, stored],
    ['none', null, undefined, null],
  ] as const)('source is %s (stored %s, env %s)', async (source, key, envKey, used) => {
    const { service } = await makeService({
      secrets: new MemorySecretStore(key),
      env: envKey ? { OPENAI_API_KEY: envKey } : {},
    });
    expect(await service.apiKey()).toEqual({ key: used, source });
    expect((await service.view()).apiKey).toEqual({ source, last4: used ? used.slice(-4) : null });
  });

  it('never puts the key in the view: only its last 4 characters', async () => {
    const { service } = await makeService({
      secrets: new MemorySecretStore('sk-very-secret-key-abcd'),
    });
    const view = JSON.stringify(await service.view());
    expect(view).not.toContain('very-secret');
    expect(view).toContain('"last4":"abcd"');
  });

  it('stores a key from update in the secret store, never in settings.json', async () => {
    const secrets = new FileSecretStore(dir);
    const { service } = await makeService({ secrets });
    const view = await updated(service, { apiKey: ' sk-new-key-1234567890123 ', model: 'm2' });
    expect(view.apiKey).toEqual({ source: 'stored', last4: '0123' });
    expect(await secrets.get()).toBe('sk-new-key-1234567890123');
    const text = await readFile(join(dir, 'settings.json'), 'utf8');
    expect(text).not.toContain('sk-new-key');
    expect(text).not.toContain('apiKey');
    expect((await storedFile()).settings.model).toBe('m2');
  });

  it.each(['', '   '])('removes the stored key when given %j', async (apiKey) => {
    const secrets = new MemorySecretStore(stored);
    const { service } = await makeService({ secrets, env: { OPENAI_API_KEY: fromEnv } });
    const view = await updated(service, { apiKey });
    expect(secrets.setCalls).toEqual([null]);
    expect(view.apiKey.source).toBe('env');
  });

  it('leaves the key alone when the patch has none', async () => {
    const secrets = new MemorySecretStore(stored);
    const { service } = await makeService({ secrets });
    await service.update({ model: 'x' });
    expect(secrets.setCalls).toEqual([]);
  });

  it.each([
    ['Bearer sk-abcdefghijklmnopqrstuvwx', /Bearer/],
    ['OPENAI_API_KEY=sk-abcdefghijklmnopqrstuvwx', /NAME=/],
    ['sk-abcdefghij klmnopqrstuvwx', /spaces/],
    ['sk-short', /too short/],
    ['sk-abcdefghijklmnopqrstuvwxé', /characters/],
  ])('refuses the key %j with the reason; nothing saved', async (apiKey, reason) => {
    const secrets = new MemorySecretStore();
    const { service } = await makeService({ secrets });
    const error = await refused(service, { apiKey, talkMode: 'hold' });
    expect(error.field).toBe('apiKey');
    expect(error.message).toMatch(reason);
    expect(secrets.setCalls).toEqual([]);
    expect(service.values.talkMode).toBe('auto');
  });
});

describe('SettingsService: update', () => {
  it('saves, announces and returns the new effective settings', async () => {
    const { service } = await makeService({ env: { PARLEY_VOICE: 'cedar' } });
    const changed = vi.fn();
    service.on('changed', changed);
    const view = await updated(service, { talkMode: 'toggle', codexSandbox: 'read-only' });
    const expected = {
      ...DEFAULT_SETTINGS,
      talkMode: 'toggle',
      codexSandbox: 'read-only',
      voice: 'cedar',
    };
    expect(view.values).toEqual(expected);
    expect(changed).toHaveBeenCalledExactlyOnceWith(expected);
    const reloaded = await makeService();
    expect(reloaded.service.values).toMatchObject({
      talkMode: 'toggle',
      codexSandbox: 'read-only',
    });
  });

  it.each([
    [{ delegate: 'command' }, 'delegateCommand', /needs a command/],
    [{ protocol: 'v1' as const, voice: 'marin' }, 'voice', /juniper.*cove/],
    [{ voice: 'nobody' }, 'voice', /"nobody" is not available/],
    [{ realtimeUrl: 'ftp://example.com' }, 'realtimeUrl', /unsupported scheme "ftp"/],
    [{ realtimeUrl: 'not a url' }, 'realtimeUrl', /not a valid URL/],
    [{ model: '  ' }, 'model', /model/],
  ] as [SettingsPatch, string, RegExp][])(
    'refuses %j at the field, nothing saved or announced',
    async (patch, field, reason) => {
      const secrets = new MemorySecretStore();
      const { service } = await makeService({ secrets });
      const changed = vi.fn();
      service.on('changed', changed);
      const error = await refused(service, { ...patch, apiKey: 'sk-abcdefghijklmnopqrstuvwx' });
      expect(error.tag).toBe('invalid_settings');
      expect(error.field).toBe(field);
      expect(error.message).toMatch(reason);
      expect(service.values).toEqual(DEFAULT_SETTINGS);
      expect(changed).not.toHaveBeenCalled();
      expect(secrets.setCalls).toEqual([]);
      expect(await readdir(dir)).toEqual([]);
    },
  );

  it('does not let a problem already there block an unrelated change', async () => {
    await new SettingsStore(dir).save({ ...DEFAULT_SETTINGS, protocol: 'v1', voice: 'marin' });
    const { service } = await makeService();
    expect((await updated(service, { talkMode: 'hold' })).values.talkMode).toBe('hold');
    expect((await refused(service, { voice: 'alloy' })).field).toBe('voice');
    expect((await updated(service, { voice: 'cove' })).values.voice).toBe('cove');
  });

  it('takes an existing workspace folder, normalised, and ~ as the home folder', async () => {
    await mkdir(join(dir, 'project'));
    const { service } = await makeService();
    expect((await updated(service, { workspace: `${dir}/x/../project/` })).values.workspace).toBe(
      join(dir, 'project'),
    );
    expect((await updated(service, { workspace: '~/project' })).values.workspace).toBe(
      join(dir, 'project'),
    );
    expect((await updated(service, { workspace: null })).values.workspace).toBeNull();
  });

  it.each([
    ['missing', () => join(dir, 'nowhere'), /There is no folder at/],
    ['a file', () => join(dir, 'file.txt'), /There is no folder at/],
    ['relative', () => 'src/project', /full path/],
  ])('refuses a workspace that is %s', async (_what, path, reason) => {
    await writeFile(join(dir, 'file.txt'), 'x');
    const { service } = await makeService();
    const error = await refused(service, { workspace: path(), talkMode: 'hold' });
    expect(error.field).toBe('workspace');
    expect(error.message).toMatch(reason);
    expect(service.values.talkMode).toBe('auto');
  });

  it('keeps the previous settings and key when saving fails', async () => {
    const { service } = await makeService();
    await service.update({ model: 'kept' });
    const secrets = new MemorySecretStore('sk-old-key-000000000000000');
    const failing = newService(
      {
        load: async () => ({ settings: service.values, warning: null }),
        save: async () => {
          throw new Error('Could not save settings to x: the disk is full. Nothing was changed.');
        },
      },
      secrets,
      parseEnvConfig({}),
    );
    await failing.load();
    expect(
      await failing.update({ model: 'lost', apiKey: 'sk-new-key-000000000000000' }),
    ).toMatchObject({
      ok: false,
      error: { tag: 'failed', message: expect.stringMatching(/disk is full/) },
    });
    expect(failing.values.model).toBe('kept');
    // The key went first and was put back when the file could not follow.
    expect(secrets.setCalls).toEqual(['sk-new-key-000000000000000', 'sk-old-key-000000000000000']);
    expect(await secrets.get()).toBe('sk-old-key-000000000000000');
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

  it('a refused update does not block the next one', async () => {
    const { service } = await makeService();
    const results = await Promise.all([
      service.update({ model: '' }),
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
