import { describe, expect, it } from 'vitest';
import type { HotkeyStatus } from '../../../preload/schemas/hotkey';
import { HOTKEY_PAUSE_MAX_MS, NO_HOTKEY_REASON } from '../../../main/app/hotkey-service';
import { createDispatcher } from '../../../main/ipc/dispatch';
import { createTestApp, invoke, memorySettings } from '../../support/app-harness';
import { scriptedHotkeys } from '../../support/scripted-hotkeys';

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 1));
  expect(done()).toBe(true);
}

async function withHotkeys(talkChord?: string, choice?: Parameters<typeof scriptedHotkeys>[0]) {
  const hotkeys = scriptedHotkeys(choice);
  const settingsStore = memorySettings(talkChord ? { talkChord } : {});
  const harness = createTestApp({ overrides: { hotkeys: hotkeys.provider, settingsStore } });
  const statuses: HotkeyStatus[] = [];
  harness.app.on('hotkey.status', (status) => statuses.push(status));
  await harness.app.start();
  return { ...harness, ...hotkeys, settingsStore, statuses };
}

describe('the global talk key in the app', () => {
  it('binds the saved chord at start and says which backend and why', async () => {
    const { app, backends, statuses } = await withHotkeys('Super+F9');
    await until(() => statuses.at(-1)?.state === 'active');
    expect(backends.get('hook')!.bound).toEqual(['Super+F9']);
    expect(await invoke(app, 'hotkey.status')).toMatchObject({
      backend: 'hook',
      chord: 'Super+F9',
      reportsRelease: true,
      state: 'active',
      reason: expect.stringContaining('hook'),
    });
    await app.dispose();
    expect(backends.get('hook')!.disposed).toBe(true);
  });

  it('a new chord is saved once bound; an invalid or taken one is refused with the reason and the old one stays', async () => {
    const { app, backends, settingsStore, statuses } = await withHotkeys();
    await until(() => statuses.at(-1)?.state === 'active');
    const hook = backends.get('hook')!;

    const reserved = await app.handlers['hotkey.bind']({ chord: 'Ctrl+C' });
    expect(reserved).toEqual({
      ok: false,
      error: { tag: 'invalid_settings', message: 'Ctrl+C is used for copy: choose another chord.' },
    });
    hook.answers.push({ tag: 'taken', message: 'Alt+F9 is already taken by another application.' });
    const taken = await app.handlers['hotkey.bind']({ chord: 'Alt+F9' });
    expect(taken).toMatchObject({
      ok: false,
      error: { tag: 'invalid_settings', message: expect.stringContaining('taken') },
    });
    expect((await invoke(app, 'hotkey.status')).chord).toBe('Ctrl+Alt+Space');
    expect(settingsStore.saved).toEqual([]);

    expect(await invoke(app, 'hotkey.bind', { chord: 'ctrl+shift+f12' })).toMatchObject({
      chord: 'Ctrl+Shift+F12',
      state: 'active',
    });
    expect(settingsStore.saved.at(-1)?.talkChord).toBe('Ctrl+Shift+F12');
    expect((await invoke(app, 'settings.get')).values.talkChord).toBe('Ctrl+Shift+F12');
    await app.dispose();
  });

  it('the renderer cannot set the chord around the backend', async () => {
    const { app } = await withHotkeys();
    const dispatch = createDispatcher(app.handlers);
    const result = await dispatch('settings.update', { talkChord: 'Ctrl+C' });
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid_payload' } });
    await app.dispose();
  });

  it('the hook’s key drives the talk input; a lost hook falls back to the press-only shortcut', async () => {
    const { app, backends, statuses, clock } = await withHotkeys();
    await until(() => statuses.at(-1)?.state === 'active');
    await invoke(app, 'conversation.start');
    backends.get('hook')!.emit('key', { action: 'down' });
    expect(app.talk.view.state).toBe('talking');
    clock.advance(400);
    backends.get('hook')!.emit('key', { action: 'up' });
    clock.advance(100);
    expect(app.talk.view.state).toBe('idle');

    backends.get('hook')!.emit('health', { state: 'lost', message: 'The hook died.' });
    await until(() => statuses.at(-1)?.backend === 'global-shortcut');
    expect(statuses.at(-1)).toMatchObject({ state: 'active', reportsRelease: false });
    backends.get('global-shortcut')!.emit('key', { action: 'press' });
    expect(app.talk.view).toMatchObject({ state: 'talking', latched: true });
    await app.dispose();
  });

  it('paused while a chord is captured: presses start nothing, a release still ends a turn, and the pause ends by itself', async () => {
    const { app, backends, statuses, clock } = await withHotkeys();
    await until(() => statuses.at(-1)?.state === 'active');
    await invoke(app, 'conversation.start');
    const hook = backends.get('hook')!;
    hook.emit('key', { action: 'down' });
    expect(app.talk.view.state).toBe('talking');
    // Held when the capture begins: the release still reaches the talk input.
    expect(await invoke(app, 'hotkey.pause', { paused: true })).toBeNull();
    clock.advance(400);
    hook.emit('key', { action: 'up' });
    clock.advance(100);
    expect(app.talk.view.state).toBe('idle');
    hook.emit('key', { action: 'down' });
    clock.advance(400);
    expect(app.talk.view.state).toBe('idle');
    hook.emit('key', { action: 'up' });
    clock.advance(100);
    await invoke(app, 'hotkey.pause', { paused: false });
    hook.emit('key', { action: 'down' });
    expect(app.talk.view.state).toBe('talking');
    clock.advance(400);
    hook.emit('key', { action: 'up' });
    clock.advance(100);
    // A window closed mid-capture never leaves the key dead.
    await invoke(app, 'hotkey.pause', { paused: true });
    clock.advance(HOTKEY_PAUSE_MAX_MS);
    hook.emit('key', { action: 'down' });
    expect(app.talk.view.state).toBe('talking');
    await app.dispose();
  });

  it('no desktop backend: the status says so, with the remedy, and binding is not ready', async () => {
    const { app, statuses } = await withHotkeys(undefined, {
      backend: 'none',
      fallbacks: [],
      reason: 'No graphical session.',
      remedy: 'bind-toggle-command',
    });
    await until(() => statuses.length > 0);
    expect(await invoke(app, 'hotkey.status')).toMatchObject({
      backend: 'none',
      reason: 'No graphical session.',
      remedy: 'bind-toggle-command',
    });
    expect(await app.handlers['hotkey.bind']({ chord: 'Super+F9' })).toMatchObject({
      ok: false,
      error: { tag: 'not_ready', message: 'No graphical session.' },
    });
    await app.dispose();
  });

  it('a host without hotkeys (the browser host) reports why', async () => {
    const { app } = createTestApp();
    await app.start();
    expect(await invoke(app, 'hotkey.status')).toMatchObject({
      backend: 'none',
      state: 'off',
      reason: NO_HOTKEY_REASON,
      remedy: 'bind-toggle-command',
    });
    expect(await app.handlers['hotkey.bind']({ chord: 'Super+F9' })).toMatchObject({
      ok: false,
      error: { tag: 'not_ready' },
    });
    await app.dispose();
  });
});
