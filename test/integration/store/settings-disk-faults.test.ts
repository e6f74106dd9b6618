import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/parley-process';
import { tempDir } from '../../support/history-builders';
import { runOnPrivateTmpfs } from '../../support/private-tmpfs';

const CHILD = join(repoRoot, 'test', 'integration', 'store', 'settings-disk-child.ts');

type Line = Record<string, unknown>;
const find = (lines: Line[], key: string): unknown => lines.find((l) => key in l)?.[key];

describe('settings on a failing disk (real tmpfs, the whole app booted)', () => {
  const { dir, remove } = tempDir('parley-settings-disk-');
  afterAll(remove);

  function run(scenario: 'readonly' | 'full'): Line[] {
    const dataDir = join(dir, `${scenario}-data`);
    mkdirSync(dataDir);
    return runOnPrivateTmpfs(CHILD, dataDir, '1m', [scenario, dataDir]);
  }

  it('read-only data dir with a broken settings.json: starts on defaults with a visible warning, and keeps the file', () => {
    const lines = run('readonly');
    const warnings = find(lines, 'warnings') as string[];
    // The history cannot be saved there either: it says so and keeps this run's in memory.
    expect(warnings).toEqual([
      expect.stringMatching(/^\[parley\] warn history\.open\b/),
      expect.stringMatching(
        /^\[parley\] warn settings\.recovered: settings\.json is broken \(not JSON: .*\) and could not be kept aside \(EROFS\); defaults are used and changes cannot be saved until .*settings\.json is fixed or removed\.\n$/,
      ),
    ]);
    const view = find(lines, 'view') as {
      ok: true;
      value: { values: { talkMode: string }; warning: string };
    };
    expect(view.ok).toBe(true);
    expect(view.value.values.talkMode).toBe('auto');
    expect(view.value.warning).toMatch(/could not be kept aside \(EROFS\)/);
    expect(find(lines, 'update')).toEqual({
      ok: false,
      error: {
        tag: 'failed',
        message: expect.stringMatching(
          /^Could not save settings: settings\.json is broken .* Fix or remove .*settings\.json first\.$/,
        ),
      },
    });
    expect(find(lines, 'unchanged')).toBe(true);
    expect(find(lines, 'keptAside')).toBe(false);
  });

  it('full data dir: a save says the disk is full and changes nothing (not even the key); it works once space returns', () => {
    const lines = run('full');
    expect(find(lines, 'update')).toEqual({
      ok: false,
      error: {
        tag: 'failed',
        message: expect.stringMatching(
          // The key is written first (and put back if the settings file then fails).
          /^Could not save the API key to .*: the disk is full\. Nothing was changed\.$/,
        ),
      },
    });
    const view = find(lines, 'view') as {
      value: { values: { talkMode: string }; apiKey: { source: string } };
    };
    expect(view.value.values.talkMode).toBe('hold');
    expect(view.value.apiKey.source).toBe('none');
    expect(find(lines, 'unchanged')).toBe(true);
    expect(find(lines, 'keyStored')).toBe(false);
    expect(find(lines, 'retry')).toMatchObject({
      ok: true,
      value: { values: { talkMode: 'toggle' }, apiKey: { source: 'stored' } },
    });
    expect(find(lines, 'saved')).toEqual({
      version: 1,
      settings: expect.objectContaining({ talkMode: 'toggle' }),
    });
  });
});
