import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../main/base/clock';
import type { LogRecord } from '../../../main/base/logger';
import { TalkInput } from '../../../main/audio/talk-input';
import { parseChord, type Chord } from '../../../main/hotkey/chord';
import { connectSessionBus } from '../../../main/hotkey/dbus-connection';
import { PORTAL } from '../../../main/hotkey/global-shortcuts-portal';
import { PortalBackend } from '../../../main/hotkey/portal-backend';
import { startSessionBus, type PrivateBus } from '../../support/dbus-daemon';
import {
  sendSignalAsAnotherClient,
  startFakePortal,
  type FakePortal,
  type FakePortalOptions,
} from '../../fakes/fake-global-shortcuts-portal';

const APP_ID = 'dev.parley.Parley';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function chord(text: string): Chord {
  const parsed = parseChord(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** A private bus, a fake portal on it (unless `portal` is false), and the backend feeding a talk machine. */
async function rig(portal: FakePortalOptions | false = {}) {
  const bus: PrivateBus = await startSessionBus();
  cleanups.push(() => bus.stop());
  let fake: FakePortal | null = null;
  if (portal) {
    fake = await startFakePortal(bus.address, portal);
    cleanups.push(() => fake?.stop());
  }
  const logs: Omit<LogRecord, 'ts'>[] = [];
  const log = (level: LogRecord['level'], event: string, fields?: Record<string, unknown>) =>
    logs.push({ level, event, ...fields });
  const backend = new PortalBackend({
    connect: () => connectSessionBus(systemClock, bus.address),
    appId: APP_ID,
    clock: systemClock,
    log,
  });
  const talk = new TalkInput({ clock: systemClock, mode: 'hold', log });
  const turns: string[] = [];
  const health: string[] = [];
  backend.on('key', ({ action }) =>
    action === 'down' ? talk.keyDown('portal') : talk.keyUp('portal'),
  );
  backend.on('health', ({ state }) => health.push(state));
  talk.on('turn-start', () => turns.push('turn-start'));
  talk.on('turn-end', ({ reason }) => turns.push(`turn-end:${reason}`));
  talk.on('turn-cancel', ({ reason }) => turns.push(`turn-cancel:${reason}`));
  cleanups.push(
    () => talk.dispose(),
    () => backend.dispose(),
  );
  return { bus, fake: fake!, backend, talk, turns, health, logs };
}

describe('the GlobalShortcuts portal backend on a private D-Bus daemon', () => {
  it('registers, binds the chord, and turns Activated/Deactivated into a talk turn', async () => {
    const r = await rig();
    const bound = await r.backend.bind(chord('Ctrl+Alt+Space'));
    expect(bound).toMatchObject({ ok: true, value: { label: 'Press CTRL + ALT + space' } });
    expect(r.fake.calls.map((c) => c.member)).toEqual([
      'Register',
      'CreateSession',
      'BindShortcuts',
    ]);
    expect(r.fake.calls[0]?.args[0]).toBe(APP_ID);
    expect(r.fake.preferred.get('talk')).toBe('CTRL+ALT+space');
    r.fake.activate();
    await waitFor('turn-start', () => r.turns.length === 1);
    await sleep(250);
    r.fake.deactivate();
    await waitFor('turn-end', () => r.turns.length === 2);
    expect(r.turns).toEqual(['turn-start', 'turn-end:released']);
  });

  it('ignores other shortcuts, other sessions, and signals forged by another client', async () => {
    const r = await rig();
    await r.backend.bind(chord('Super+F9'));
    const session = r.fake.sessions[0]!;
    r.fake.activate('something-else');
    r.fake.signal(PORTAL.path, PORTAL.shortcuts, 'Activated', 'osta{sv}', [
      `${session}_old`,
      'talk',
      0,
      [],
    ]);
    await sendSignalAsAnotherClient(r.bus.address, r.fake.calls[0]!.sender, {
      path: PORTAL.path,
      iface: PORTAL.shortcuts,
      member: 'Activated',
      signature: 'osta{sv}',
      body: [session, 'talk', 0, []],
    });
    await sleep(200);
    expect(r.turns).toEqual([]);
    r.fake.activate();
    await waitFor('the real press', () => r.turns.length === 1);
  });

  it('binds on an older portal that has no Registry', async () => {
    const r = await rig({ registry: false });
    expect(await r.backend.bind(chord('Ctrl+Alt+Space'))).toMatchObject({ ok: true });
    expect(r.fake.calls.map((c) => c.member)).toEqual(['CreateSession', 'BindShortcuts']);
  });

  it('reports a bus without the portal as unavailable', async () => {
    const r = await rig({ version: null });
    const bound = await r.backend.bind(chord('Ctrl+Alt+Space'));
    expect(bound.ok || bound.error).toMatchObject({
      tag: 'unavailable',
      message: expect.stringContaining('no global-shortcuts portal'),
    });
    const none = await rig(false);
    expect(await none.backend.bind(chord('Ctrl+Alt+Space'))).toMatchObject({
      ok: false,
      error: { tag: 'unavailable' },
    });
  });

  it('reports no session bus as unavailable', async () => {
    const backend = new PortalBackend({
      connect: () => connectSessionBus(systemClock, 'unix:path=/nonexistent/bus'),
      appId: APP_ID,
      clock: systemClock,
      log: () => {},
    });
    const bound = await backend.bind(chord('Ctrl+Alt+Space'));
    expect(bound.ok || bound.error).toMatchObject({
      tag: 'unavailable',
      message: expect.stringContaining('not usable'),
    });
    await backend.dispose();
  });

  it('refuses the chord when the user cancels the desktop’s dialog, and closes that session', async () => {
    const r = await rig({ bindResponse: 1 });
    const bound = await r.backend.bind(chord('Ctrl+Alt+Space'));
    expect(bound.ok || bound.error).toMatchObject({
      tag: 'refused',
      message: expect.stringContaining('cancelled'),
    });
    await waitFor('the close', () => r.fake.closed.length === 1);
    expect(r.fake.closed).toEqual(r.fake.sessions);
  });

  it('refuses a bind in which the desktop bound nothing', async () => {
    const r = await rig({ bindNothing: true });
    expect(await r.backend.bind(chord('Ctrl+Alt+Space'))).toMatchObject({
      ok: false,
      error: { tag: 'refused' },
    });
  });

  it('rebinding opens a new session and closes the old one', async () => {
    const r = await rig();
    await r.backend.bind(chord('Ctrl+Alt+Space'));
    await r.backend.bind(chord('Super+F9'));
    expect(r.fake.sessions).toHaveLength(2);
    await waitFor('the old session closed', () => r.fake.closed.length === 1);
    expect(r.fake.closed).toEqual([r.fake.sessions[0]]);
    expect(r.fake.preferred.get('talk')).toBe('LOGO+F9');
    r.fake.activate();
    await waitFor('turn-start', () => r.turns.length === 1);
  });

  it('the desktop closing the session releases a held key and reports the backend lost', async () => {
    const r = await rig();
    await r.backend.bind(chord('Ctrl+Alt+Space'));
    r.fake.activate();
    await waitFor('turn-start', () => r.turns.length === 1);
    await sleep(200);
    r.fake.closeSession();
    await waitFor('the loss', () => r.health.includes('lost'));
    await waitFor('the release', () => r.turns.length === 2);
    expect(r.turns).toEqual(['turn-start', 'turn-end:released']);
    expect(r.logs.some((l) => l.event === 'hotkey.portal_lost')).toBe(true);
  });
});
