import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileSecretStore } from '../../../main/store/file-secret-store';
import {
  dir,
  makeService,
  MemorySecretStore,
  refused,
  storedFile,
  updated,
} from './settings-service-harness';

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
