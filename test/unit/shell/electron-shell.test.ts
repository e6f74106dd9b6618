import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

// A narrow recording fake of what electron-shell touches: app, Notification, powerMonitor,
// systemPreferences.
const state = vi.hoisted(() => ({
  supported: true,
  shown: [] as { title: string; body: string; click?: () => void }[],
  power: [] as string[],
  login: [] as unknown[],
  trusted: [] as boolean[],
  quits: 0,
}));
vi.mock('electron', () => ({
  app: {
    isPackaged: false,
    getAppPath: () => '/src/parley',
    setLoginItemSettings: (s: unknown) => state.login.push(s),
    quit: () => state.quits++,
  },
  Notification: class {
    static isSupported = () => state.supported;
    private click?: () => void;
    constructor(private readonly options: { title: string; body: string }) {}
    on(event: string, fn: () => void): void {
      if (event === 'click') this.click = fn;
    }
    show(): void {
      state.shown.push({ ...this.options, click: this.click });
    }
  },
  powerMonitor: { on: (event: string) => state.power.push(event) },
  systemPreferences: {
    isTrustedAccessibilityClient: (prompt: boolean) => (state.trusted.push(prompt), false),
  },
}));
vi.mock('../../../main/shell/desktop-tray', () => ({ createDesktopTray: () => ({}) }));

import { electronShell, relaunchCommand } from '../../../main/shell/electron-shell';

const saved = { XDG_CONFIG_HOME: process.env.XDG_CONFIG_HOME, APPIMAGE: process.env.APPIMAGE };
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe('the Electron effects of the shell', () => {
  it('shows notifications where the desktop has them, and routes their click', () => {
    const shell = electronShell(mkdtempSync(join(tmpdir(), 'parley-shell-')));
    const clicks: string[] = [];
    shell.notify({ title: 'Done: t', body: 'ok', onClick: () => clicks.push('t') });
    expect(state.shown.map(({ title, body }) => [title, body])).toEqual([['Done: t', 'ok']]);
    state.shown[0]!.click!();
    expect(clicks).toEqual(['t']);
    state.supported = false;
    shell.notify({ title: 'x', body: 'y', onClick: () => {} });
    expect(state.shown).toHaveLength(1);
    state.supported = true;
  });

  it('remembers the tray notice in the data dir', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-shell-'));
    const shell = electronShell(dir);
    expect(shell.trayNoticeShown()).toBe(false);
    shell.markTrayNoticeShown();
    expect(electronShell(dir).trayNoticeShown()).toBe(true);
    expect(existsSync(join(dir, 'tray-notice-shown'))).toBe(true);
  });

  it('listens to the power monitor, asks for Accessibility only on macOS, quits through app', () => {
    const shell = electronShell(tmpdir(), 'linux');
    shell.onPower('lock-screen', () => {});
    shell.onPower('suspend', () => {});
    expect(state.power).toEqual(['lock-screen', 'suspend']);
    shell.askAccessibility();
    expect(state.trusted).toEqual([]);
    electronShell(tmpdir(), 'darwin').askAccessibility();
    expect(state.trusted).toEqual([true]);
    shell.quit();
    expect(state.quits).toBe(1);
  });

  it('start at login on macOS and Windows is Electron’s login item', async () => {
    expect(await electronShell(tmpdir(), 'darwin').setStartAtLogin(true)).toBeNull();
    expect(state.login).toEqual([{ openAtLogin: true, args: ['--hidden'] }]);
  });

  it('start at login on Linux writes the autostart entry that relaunches this Parley hidden', async () => {
    const config = mkdtempSync(join(tmpdir(), 'parley-xdg-'));
    process.env.XDG_CONFIG_HOME = config;
    const shell = electronShell(tmpdir(), 'linux');
    expect(await shell.setStartAtLogin(true)).toBeNull();
    const entry = readFileSync(join(config, 'autostart', 'dev.parley.Parley.desktop'), 'utf8');
    expect(entry).toContain(`Exec=${process.execPath} /src/parley --hidden`);
    expect(await shell.setStartAtLogin(false)).toBeNull();
    expect(existsSync(join(config, 'autostart', 'dev.parley.Parley.desktop'))).toBe(false);
  });

  it('relaunches the AppImage when running from one, else Electron and the app folder', () => {
    delete process.env.APPIMAGE;
    expect(relaunchCommand()).toEqual([process.execPath, '/src/parley']);
    process.env.APPIMAGE = '/home/u/Parley.AppImage';
    expect(relaunchCommand()).toEqual(['/home/u/Parley.AppImage']);
  });
});
