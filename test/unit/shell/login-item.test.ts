import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  applyStartAtLogin,
  autostartEntry,
  autostartPath,
  desktopExecArg,
  HIDDEN_FLAG,
} from '../../../main/shell/login-item';

function deps(platform: NodeJS.Platform, configHome = mkdtempSync(join(tmpdir(), 'parley-xdg-'))) {
  const calls: { openAtLogin: boolean; args?: string[] }[] = [];
  return {
    calls,
    configHome,
    deps: {
      platform,
      setLoginItemSettings: (s: { openAtLogin: boolean; args?: string[] }) => calls.push(s),
      command: ['/opt/Parley Apps/parley'],
      configHome,
    },
  };
}

describe('start at login', () => {
  it.each(['darwin', 'win32'] as const)(
    '%s: Electron’s login item, opening in the tray',
    async (platform) => {
      const { deps: d, calls, configHome } = deps(platform);
      expect(await applyStartAtLogin(true, d)).toEqual({ ok: true, value: undefined });
      expect(await applyStartAtLogin(false, d)).toEqual({ ok: true, value: undefined });
      expect(calls).toEqual([
        { openAtLogin: true, args: [HIDDEN_FLAG] },
        { openAtLogin: false, args: [HIDDEN_FLAG] },
      ]);
      expect(existsSync(autostartPath(configHome))).toBe(false);
    },
  );

  it('Linux: an XDG autostart entry that starts Parley hidden; off removes it', async () => {
    const { deps: d, calls, configHome } = deps('linux');
    expect((await applyStartAtLogin(true, d)).ok).toBe(true);
    const path = autostartPath(configHome);
    expect(path).toBe(join(configHome, 'autostart', 'dev.parley.Parley.desktop'));
    const entry = readFileSync(path, 'utf8');
    expect(entry).toContain('Exec="/opt/Parley Apps/parley" --hidden\n');
    expect(entry).toContain('Type=Application\n');
    expect(calls).toEqual([]);
    expect((await applyStartAtLogin(false, d)).ok).toBe(true);
    expect(existsSync(path)).toBe(false);
    expect((await applyStartAtLogin(false, d)).ok).toBe(true);
  });

  it('Linux: the entry passes desktop-file-validate (Debian desktop-file-utils)', () => {
    const found = spawnSync('sh', ['-c', 'command -v desktop-file-validate']);
    if (found.status !== 0) {
      throw new Error('desktop-file-validate is missing: apt-get install desktop-file-utils');
    }
    const dir = mkdtempSync(join(tmpdir(), 'parley-entry-'));
    const file = join(dir, 'dev.parley.Parley.desktop');
    writeFileSync(file, autostartEntry(['/usr/bin/electron', '/home/u/my "app"', '$HOME']));
    const result = spawnSync('desktop-file-validate', [file], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('quotes Exec arguments as the Desktop Entry spec asks', () => {
    expect(desktopExecArg('/usr/bin/parley')).toBe('/usr/bin/parley');
    expect(desktopExecArg('/opt/My App/parley')).toBe('"/opt/My App/parley"');
    expect(desktopExecArg('a"b$c`d\\e')).toBe('"a\\"b\\$c\\`d\\\\e"');
  });

  it('a login item that cannot be written says so', async () => {
    const configHome = mkdtempSync(join(tmpdir(), 'parley-blocked-'));
    writeFileSync(join(configHome, 'autostart'), 'a file where the folder should be');
    const { deps: d } = deps('linux', configHome);
    expect(await applyStartAtLogin(true, d)).toMatchObject({
      ok: false,
      error: { tag: 'failed', message: expect.stringContaining('Could not add the login item') },
    });
  });
});
