import { describe, expect, it } from 'vitest';
import { selectHotkeyBackend, type HotkeyFacts } from '../../../main/hotkey/backend-selection';

const base: HotkeyFacts = {
  platform: 'linux',
  env: { DISPLAY: ':0', XDG_SESSION_TYPE: 'x11' },
  xDisplayReachable: true,
  portalVersion: null,
  accessibilityTrusted: null,
  globalShortcutAvailable: true,
};
const pick = (patch: Partial<HotkeyFacts>) => selectHotkeyBackend({ ...base, ...patch });

describe('selectHotkeyBackend', () => {
  it('uses the hook on X11 with a reachable display, falling back to globalShortcut', () => {
    expect(pick({})).toEqual({
      backend: 'hook',
      fallbacks: ['global-shortcut'],
      reason: expect.stringContaining('X11'),
      remedy: null,
    });
  });

  it('uses the portal on Wayland when the desktop has it, even with XWayland present', () => {
    const choice = pick({
      env: { DISPLAY: ':0', WAYLAND_DISPLAY: 'wayland-0', XDG_SESSION_TYPE: 'wayland' },
      portalVersion: 1,
    });
    expect(choice).toMatchObject({
      backend: 'portal',
      fallbacks: ['global-shortcut'],
      remedy: null,
    });
    expect(pick({ env: { WAYLAND_DISPLAY: 'wayland-0' }, portalVersion: 2 }).backend).toBe(
      'portal',
    );
  });

  it('falls back to a toggling globalShortcut on Wayland without the portal, saying why', () => {
    const choice = pick({
      env: { DISPLAY: ':0', WAYLAND_DISPLAY: 'wayland-0', XDG_SESSION_TYPE: 'wayland' },
    });
    expect(choice).toMatchObject({
      backend: 'global-shortcut',
      fallbacks: [],
      remedy: 'bind-toggle-command',
    });
    expect(choice.reason).toContain('portal');
    expect(choice.reason).toContain('parley --toggle');
  });

  it('trusts XDG_SESSION_TYPE=x11 over a stray WAYLAND_DISPLAY', () => {
    expect(
      pick({ env: { DISPLAY: ':0', WAYLAND_DISPLAY: 'wayland-0', XDG_SESSION_TYPE: 'x11' } })
        .backend,
    ).toBe('hook');
  });

  it('never picks the hook for an X display that refuses clients', () => {
    const choice = pick({ xDisplayReachable: false });
    expect(choice).toMatchObject({ backend: 'global-shortcut', remedy: 'bind-toggle-command' });
    expect(choice.reason).toContain(':0');
  });

  it('has no backend without a graphical session', () => {
    const choice = pick({ env: {}, xDisplayReachable: null });
    expect(choice).toMatchObject({ backend: 'none', fallbacks: [], remedy: 'bind-toggle-command' });
    expect(choice.reason).toContain('No graphical session');
  });

  it('on macOS uses the hook only once Accessibility is granted, and says how to grant it', () => {
    expect(pick({ platform: 'darwin', accessibilityTrusted: true, env: {} }).backend).toBe('hook');
    const untrusted = pick({ platform: 'darwin', accessibilityTrusted: false, env: {} });
    expect(untrusted).toMatchObject({ backend: 'global-shortcut', remedy: 'grant-accessibility' });
    expect(untrusted.reason).toContain('Privacy & Security');
  });

  it('uses the hook on Windows', () => {
    expect(pick({ platform: 'win32', env: {} })).toMatchObject({
      backend: 'hook',
      fallbacks: ['global-shortcut'],
    });
  });

  it('offers nothing but parley --toggle where there is no globalShortcut (the browser host)', () => {
    const choice = pick({ globalShortcutAvailable: false, env: { WAYLAND_DISPLAY: 'wayland-0' } });
    expect(choice).toMatchObject({ backend: 'none', fallbacks: [], remedy: 'bind-toggle-command' });
    expect(pick({ globalShortcutAvailable: false })).toMatchObject({
      backend: 'hook',
      fallbacks: [],
    });
  });
});
