import { describe, expect, it } from 'vitest';
import type { HotkeyStatus } from '../../../preload/schemas/hotkey';
import { selectHotkeyBackend, type HotkeyFacts } from '../../../main/hotkey/backend-selection';
import type { HotkeyBackendKind } from '../../../main/hotkey/hotkey-backend';
import { TalkHotkey } from '../../../main/hotkey/talk-hotkey';
import { ScriptedHotkeyBackend } from '../../fakes/scripted-hotkey-backend';

const X11: HotkeyFacts = {
  platform: 'linux',
  env: { DISPLAY: ':0' },
  xDisplayReachable: true,
  portalVersion: null,
  accessibilityTrusted: null,
  globalShortcutAvailable: true,
};

function rig(facts: HotkeyFacts = X11) {
  const created: ScriptedHotkeyBackend[] = [];
  const scripts = new Map<
    HotkeyBackendKind,
    { tag: 'unavailable' | 'taken' | 'refused' | 'failed'; message: string }[]
  >();
  const keys: string[] = [];
  const statuses: HotkeyStatus[] = [];
  const hotkey = new TalkHotkey({
    choice: selectHotkeyBackend(facts),
    create: (kind) => {
      const backend = new ScriptedHotkeyBackend(kind);
      backend.answers.push(...(scripts.get(kind) ?? []));
      created.push(backend);
      return backend;
    },
    talk: {
      keyDown: (s) => keys.push(`down:${s}`),
      keyUp: (s) => keys.push(`up:${s}`),
      keyPress: (s) => keys.push(`press:${s}`),
    },
    log: () => {},
    platform: 'linux',
  });
  hotkey.on('status', (s) => statuses.push(s));
  return { hotkey, created, scripts, keys, statuses };
}

describe('TalkHotkey', () => {
  it('binds on the chosen backend and forwards its key events as the hook source', async () => {
    const r = rig();
    const result = await r.hotkey.bind('ctrl+alt+space');
    expect(result).toMatchObject({
      ok: true,
      value: { backend: 'hook', chord: 'Ctrl+Alt+Space', state: 'active', reportsRelease: true },
    });
    expect(r.statuses.map((s) => s.state)).toEqual(['binding', 'active']);
    r.created[0]!.emit('key', { action: 'down' });
    r.created[0]!.emit('key', { action: 'up' });
    expect(r.keys).toEqual(['down:hook', 'up:hook']);
  });

  it('refuses an invalid chord with the reason and keeps the chord bound before', async () => {
    const r = rig();
    await r.hotkey.bind('Ctrl+Alt+Space');
    const refused = await r.hotkey.bind('Space');
    expect(refused).toMatchObject({ ok: false, error: { tag: 'needs-modifier' } });
    expect(r.hotkey.status).toMatchObject({ chord: 'Ctrl+Alt+Space', state: 'active' });
    expect(r.created).toHaveLength(1);
  });

  it('refuses a taken chord and keeps the chord bound before', async () => {
    const r = rig();
    await r.hotkey.bind('Ctrl+Alt+Space');
    r.created[0]!.answers.push({ tag: 'taken', message: 'Super+F9 is already taken' });
    const refused = await r.hotkey.bind('Super+F9');
    expect(refused).toMatchObject({
      ok: false,
      error: { tag: 'taken', message: 'Super+F9 is already taken' },
    });
    expect(r.hotkey.status).toMatchObject({
      chord: 'Ctrl+Alt+Space',
      state: 'active',
      backend: 'hook',
    });
  });

  it('reports a first bind that was refused as failed, with the reason', async () => {
    const r = rig();
    r.scripts.set('hook', [{ tag: 'taken', message: 'taken by another app' }]);
    await r.hotkey.bind('Ctrl+Alt+Space');
    expect(r.hotkey.status).toMatchObject({
      state: 'failed',
      chord: null,
      reason: 'taken by another app',
    });
  });

  it('falls back to the global shortcut when the hook cannot run, and says both why and what changes', async () => {
    const r = rig();
    r.scripts.set('hook', [
      { tag: 'unavailable', message: 'X display :0 refused the connection.' },
    ]);
    const result = await r.hotkey.bind('Ctrl+Alt+Space');
    expect(result).toMatchObject({
      ok: true,
      value: { backend: 'global-shortcut', reportsRelease: false },
    });
    expect(r.hotkey.status.reason).toMatch(
      /^X display :0 refused the connection\. The talk key now toggles/,
    );
    expect(r.created.map((b) => [b.kind, b.disposed])).toEqual([
      ['hook', true],
      ['global-shortcut', false],
    ]);
    r.created[1]!.emit('key', { action: 'press' });
    expect(r.keys).toEqual(['press:shortcut']);
  });

  it('ends with no backend when every one is unavailable', async () => {
    const r = rig();
    r.scripts.set('hook', [{ tag: 'unavailable', message: 'no hook.' }]);
    r.scripts.set('global-shortcut', [{ tag: 'unavailable', message: 'no shortcut.' }]);
    const result = await r.hotkey.bind('Ctrl+Alt+Space');
    expect(result).toMatchObject({ ok: false, error: { tag: 'unavailable' } });
    expect(r.hotkey.status).toMatchObject({
      backend: 'none',
      state: 'failed',
      reason: 'no hook. no shortcut.',
    });
  });

  it('shows restarts, and moves to the fallback when the backend is lost for good', async () => {
    const r = rig();
    await r.hotkey.bind('Ctrl+Alt+Space');
    const hook = r.created[0]!;
    hook.emit('health', { state: 'restarting', message: 'restarts in 1 s' });
    expect(r.hotkey.status).toMatchObject({ state: 'restarting', reason: 'restarts in 1 s' });
    hook.emit('health', { state: 'active', message: 'works again' });
    expect(r.hotkey.status.state).toBe('active');
    hook.emit('health', { state: 'lost', message: 'The hotkey stopped working.' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(r.hotkey.status).toMatchObject({
      backend: 'global-shortcut',
      state: 'active',
      chord: 'Ctrl+Alt+Space',
    });
    expect(r.hotkey.status.reason).toContain('The hotkey stopped working.');
    expect(hook.disposed).toBe(true);
  });

  it('forwards the portal’s keys as the portal source', async () => {
    const r = rig({ ...X11, env: { WAYLAND_DISPLAY: 'wayland-0' }, portalVersion: 1 });
    await r.hotkey.bind('Ctrl+Alt+Space');
    r.created[0]!.emit('key', { action: 'down' });
    expect(r.keys).toEqual(['down:portal']);
  });

  it('with no backend at all says so on bind', async () => {
    const r = rig({ ...X11, env: {} });
    const result = await r.hotkey.bind('Ctrl+Alt+Space');
    expect(result).toMatchObject({
      ok: false,
      error: { tag: 'unavailable', message: expect.stringContaining('parley --toggle') },
    });
    expect(r.created).toEqual([]);
  });

  it('dispose unbinds, reports off, and drops every listener', async () => {
    const r = rig();
    await r.hotkey.bind('Ctrl+Alt+Space');
    await r.hotkey.dispose();
    await r.hotkey.dispose();
    expect(r.created[0]!.disposed).toBe(true);
    expect(r.created[0]!.listenerCount()).toBe(0);
    expect(r.statuses.at(-1)).toMatchObject({ state: 'off', chord: null });
    await expect(r.hotkey.bind('Ctrl+Alt+Space')).rejects.toThrow('after dispose');
  });
});
