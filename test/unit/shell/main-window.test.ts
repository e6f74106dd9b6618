import { describe, expect, it, vi } from 'vitest';

// Narrow Electron fake: records the window options and the handlers the shell installs.
const state = vi.hoisted(() => ({
  options: null as null | Record<string, unknown>,
  contentsHandlers: new Map<string, (...args: unknown[]) => void>(),
  openHandler: null as null | ((details: { url: string }) => { action: string }),
  permissionRequest: null as null | ((...args: unknown[]) => void),
  permissionCheck: null as null | ((...args: unknown[]) => boolean),
  opened: [] as string[],
  loaded: [] as string[],
}));
vi.mock('electron', () => ({
  BrowserWindow: class {
    webContents = {
      on: (name: string, fn: (...args: unknown[]) => void) => state.contentsHandlers.set(name, fn),
      setWindowOpenHandler: (fn: typeof state.openHandler) => (state.openHandler = fn),
    };
    constructor(options: Record<string, unknown>) {
      state.options = options;
    }
    once(): void {}
    show(): void {}
    loadURL(url: string): Promise<void> {
      state.loaded.push(url);
      return Promise.resolve();
    }
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (fn: typeof state.permissionRequest) =>
        (state.permissionRequest = fn),
      setPermissionCheckHandler: (fn: typeof state.permissionCheck) => (state.permissionCheck = fn),
    },
  },
  shell: { openExternal: (url: string) => state.opened.push(url) },
}));

import { createMainWindow } from '../../../main/shell/main-window';

const OUT = '/opt/parley/out';
const PAGE = `file://${OUT}/renderer/index.html`;

describe('main window', () => {
  createMainWindow({ outDir: OUT, devServerUrl: undefined });

  it('is locked down: isolation, sandbox, no Node, the CJS preload', () => {
    const prefs = state.options!.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: `${OUT}/preload/index.cjs`,
    });
    expect(state.loaded).toEqual([PAGE]);
  });

  it('refuses navigation away from Parley’s page and every new window', () => {
    let prevented = 0;
    const event = { preventDefault: () => prevented++ };
    state.contentsHandlers.get('will-navigate')!(event, 'https://evil.example/');
    state.contentsHandlers.get('will-navigate')!(event, PAGE);
    expect(prevented).toBe(1);
    expect(state.openHandler!({ url: 'https://docs.example/' })).toEqual({ action: 'deny' });
    expect(state.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(state.opened).toEqual(['https://docs.example/']);
  });

  it('grants only media, and only to Parley’s own page', () => {
    const ask = (permission: string, url: string): boolean => {
      let granted: boolean | null = null;
      state.permissionRequest!({ getURL: () => url }, permission, (ok: boolean) => (granted = ok), {
        requestingUrl: url,
      });
      return granted!;
    };
    expect(ask('media', PAGE)).toBe(true);
    expect(ask('media', 'https://evil.example/')).toBe(false);
    expect(ask('geolocation', PAGE)).toBe(false);
    expect(ask('notifications', PAGE)).toBe(false);
    // Electron reports a file:// page's origin as "file://"; the URL decides.
    expect(state.permissionCheck!(null, 'media', 'file://', { requestingUrl: PAGE })).toBe(true);
    expect(
      state.permissionCheck!(null, 'media', 'file://', { requestingUrl: 'file:///tmp/x.html' }),
    ).toBe(false);
    expect(state.permissionCheck!(null, 'clipboard-read', 'file://', { requestingUrl: PAGE })).toBe(
      false,
    );
  });
});
