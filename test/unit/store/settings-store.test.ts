import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type SettingsFields } from '../../../preload/schemas/settings';
import { SETTINGS_VERSION, SettingsStore } from '../../../main/store/settings-store';

/** Faults to inject into node:fs/promises (disk full, read-only dir); the rest passes through. */
const faults = vi.hoisted(() => ({ write: null as Error | null, rename: null as Error | null }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...fs,
    rename: async (...args: Parameters<typeof fs.rename>) => {
      if (faults.rename) throw faults.rename;
      return fs.rename(...args);
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

const custom: SettingsFields = {
  realtimeUrl: 'wss://proxy.example/rt',
  protocol: 'v1',
  model: 'm',
  voice: 'marin',
  delegate: 'command',
  delegateCommand: 'agent --stdin',
  workspace: '/home/u/src',
  codexSandbox: 'read-only',
  talkMode: 'hold',
  listenOnStart: true,
  historyDays: 30,
  backend: 'offline',
  theme: 'dark',
  onboarded: true,
  talkChord: 'Super+F9',
  startAtLogin: true,
  talkSounds: true,
};

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-settings-'));
});

afterEach(async () => {
  faults.write = null;
  faults.rename = null;
  await rm(dir, { recursive: true, force: true });
});

async function writeSettings(text: string): Promise<SettingsStore> {
  await writeFile(join(dir, 'settings.json'), text);
  return new SettingsStore(dir);
}

describe('SettingsStore.load', () => {
  it('uses defaults, without a warning, when the file is missing', async () => {
    const loaded = await new SettingsStore(dir).load();
    expect(loaded).toEqual({ settings: DEFAULT_SETTINGS, warning: null });
    expect(DEFAULT_SETTINGS).toMatchObject({
      realtimeUrl: 'https://api.openai.com/v1',
      protocol: 'v2',
      model: 'gpt-realtime-1.5',
      delegate: 'codex',
      talkMode: 'auto',
      listenOnStart: false,
    });
  });

  it('uses defaults when the data dir does not exist yet', async () => {
    const loaded = await new SettingsStore(join(dir, 'not', 'yet')).load();
    expect(loaded.settings).toEqual(DEFAULT_SETTINGS);
  });

  it('returns a copy of the defaults, not the shared object', async () => {
    const loaded = await new SettingsStore(dir).load();
    loaded.settings.model = 'changed';
    expect(DEFAULT_SETTINGS.model).toBe('gpt-realtime-1.5');
  });

  it('fills fields missing from the file with defaults', async () => {
    const store = await writeSettings(
      JSON.stringify({ version: SETTINGS_VERSION, settings: { model: 'x' } }),
    );
    expect((await store.load()).settings).toEqual({ ...DEFAULT_SETTINGS, model: 'x' });
  });

  it('drops unknown fields', async () => {
    const store = await writeSettings(
      JSON.stringify({ version: 1, settings: { model: 'x', colour: 'dark' } }),
    );
    const { settings, warning } = await store.load();
    expect(warning).toBeNull();
    expect(settings).not.toHaveProperty('colour');
  });

  it.each([
    ['not JSON', '{"version": 1, "settings": {', /not JSON/],
    ['empty', '', /not JSON/],
    ['schema-invalid', JSON.stringify({ version: 1, settings: { talkMode: 'shout' } }), /talkMode/],
    ['a wrong type', JSON.stringify({ version: 1, settings: { listenOnStart: 'yes' } }), /listen/],
    ['a newer version', JSON.stringify({ version: 2, settings: {} }), /version/],
    ['an older version', JSON.stringify({ version: 0, settings: {} }), /version/],
    ['no version', JSON.stringify({ settings: { model: 'x' } }), /version/],
    ['an array', '[]', /\(payload\)/],
    ['null', 'null', /\(payload\)/],
  ])('keeps a file that is %s aside as .bad and uses defaults', async (_name, text, reason) => {
    const store = await writeSettings(text);
    const loaded = await store.load();
    expect(loaded.settings).toEqual(DEFAULT_SETTINGS);
    expect(loaded.warning).toMatch(reason);
    expect(loaded.warning).toContain(`${store.path}.bad`);
    expect(loaded.warning).toContain('defaults are used');
    expect(await readFile(`${store.path}.bad`, 'utf8')).toBe(text);
    expect(await readdir(dir)).toEqual(['settings.json.bad']);
    // The next load starts clean.
    expect(await store.load()).toEqual({ settings: DEFAULT_SETTINGS, warning: null });
  });

  it('on a read-only data dir starts on defaults with a warning, and never saves over the broken file', async () => {
    const store = await writeSettings('{broken');
    faults.rename = Object.assign(new Error('EROFS: read-only file system, rename'), {
      code: 'EROFS',
    });
    const loaded = await store.load();
    expect(loaded.settings).toEqual(DEFAULT_SETTINGS);
    expect(loaded.warning).toMatch(
      /settings\.json is broken \(not JSON.*could not be kept aside \(EROFS\)/,
    );
    expect(loaded.warning).toContain('defaults are used');
    faults.rename = null;
    await expect(store.save(custom)).rejects.toThrow(/Fix or remove .*settings\.json first/);
    expect(await readFile(store.path, 'utf8')).toBe('{broken');
  });

  it('says clearly when settings.json cannot be read at all', async () => {
    await mkdir(join(dir, 'settings.json'));
    await expect(new SettingsStore(dir).load()).rejects.toThrow(
      /Could not read settings from .*settings\.json/,
    );
  });
});

describe('SettingsStore.save', () => {
  it('round-trips every field', async () => {
    const store = new SettingsStore(dir);
    await store.save(custom);
    expect(await new SettingsStore(dir).load()).toEqual({ settings: custom, warning: null });
    const file = JSON.parse(await readFile(store.path, 'utf8')) as unknown;
    expect(file).toEqual({ version: SETTINGS_VERSION, settings: custom });
  });

  it('creates the data dir', async () => {
    const store = new SettingsStore(join(dir, 'a', 'b'));
    await store.save(custom);
    expect((await store.load()).settings).toEqual(custom);
  });

  it('leaves no temp files behind', async () => {
    const store = new SettingsStore(dir);
    await store.save(custom);
    await store.save(DEFAULT_SETTINGS);
    expect(await readdir(dir)).toEqual(['settings.json']);
  });

  it('fails clearly when the data dir path is a file', async () => {
    await writeFile(join(dir, 'file'), 'x');
    const store = new SettingsStore(join(dir, 'file', 'parley'));
    await expect(store.save(custom)).rejects.toThrow(
      /^Could not save settings to .*file\/parley\/settings\.json: .+\. Nothing was changed\.$/,
    );
  });

  it('fails clearly and leaves the target alone when settings.json is a directory', async () => {
    await mkdir(join(dir, 'settings.json'));
    const store = new SettingsStore(dir);
    await expect(store.save(custom)).rejects.toThrow(/Could not save settings to .*Nothing was/);
    expect(await readdir(dir)).toEqual(['settings.json']);
  });

  it('says the disk is full on ENOSPC and keeps the old file', async () => {
    const store = new SettingsStore(dir);
    await store.save(custom);
    const before = await readFile(store.path, 'utf8');
    faults.write = Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    await expect(store.save(DEFAULT_SETTINGS)).rejects.toThrow(
      `Could not save settings to ${store.path}: the disk is full. Nothing was changed.`,
    );
    faults.write = null;
    expect(await readFile(store.path, 'utf8')).toBe(before);
    expect(await readdir(dir)).toEqual(['settings.json']);
  });
});
