import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type SettingsPatch } from '../../../preload/schemas/settings';
import { parseEnvConfig } from '../../../main/config/env-config';
import { SettingsStore } from '../../../main/store/settings-store';
import {
  dir,
  makeService,
  MemorySecretStore,
  newService,
  refused,
  storedFile,
  updated,
} from './settings-service-harness';

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
