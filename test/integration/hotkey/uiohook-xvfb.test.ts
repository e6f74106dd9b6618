import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../main/base/clock';
import type { LogRecord } from '../../../main/base/logger';
import { TalkInput } from '../../../main/audio/talk-input';
import { parseChord, type Chord } from '../../../main/hotkey/chord';
import { HookBackend, type HookProcess } from '../../../main/hotkey/hook-backend';
import { selectHotkeyBackend } from '../../../main/hotkey/backend-selection';
import { GlobalShortcutBackend } from '../../../main/hotkey/global-shortcut-backend';
import { TalkHotkey } from '../../../main/hotkey/talk-hotkey';
import { RecordingShortcutRegistrar } from '../../fakes/recording-shortcut-registrar';
import { sourceHookLauncher } from '../../support/source-hook-launcher';
import { startXvfb, type XServer } from '../../support/xvfb';
import type { Recorded } from '../../unit/audio/talk-input-harness';

const STUCK_KEY_MS = 1_500;
let x: XServer;
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => {
  x = await startXvfb({ autoRepeat: { delayMs: 150, intervalMs: 20 } });
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await x?.stop();
});

function chord(text: string): Chord {
  const parsed = parseChord(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

/** The real hook process on the Xvfb display, feeding a real talk machine. */
function rig(display: string | undefined = x.display) {
  const logs: Omit<LogRecord, 'ts'>[] = [];
  const log = (level: LogRecord['level'], event: string, fields?: Record<string, unknown>) =>
    logs.push({ level, event, ...fields });
  const spawned: HookProcess[] = [];
  const stderr: string[] = [];
  const backend = new HookBackend({
    launch: sourceHookLauncher(display, spawned, stderr),
    clock: systemClock,
    log,
    restart: { baseMs: 100 },
    bindTimeoutMs: 10_000,
  });
  const talk = new TalkInput({ clock: systemClock, mode: 'hold', log, stuckKeyMs: STUCK_KEY_MS });
  const keys: string[] = [];
  const health: string[] = [];
  backend.on('key', ({ action }) => {
    keys.push(action);
    if (action === 'down') talk.keyDown('hook');
    if (action === 'up') talk.keyUp('hook');
  });
  backend.on('health', ({ state }) => health.push(state));
  const events: Recorded[] = [];
  for (const name of ['turn-start', 'turn-end', 'turn-cancel'] as const) {
    talk.on(name, (payload) => events.push({ event: name, ...payload } as Recorded));
  }
  const turns = (): string[] =>
    events.map((e) => ('reason' in e ? `${e.event}:${e.reason}` : e.event));
  const waitFor = async (what: string, check: () => boolean, timeoutMs = 5_000): Promise<void> => {
    const until = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > until) {
        throw new Error(
          `timed out waiting for ${what}; turns ${turns().join(', ')}; keys ${keys.join(',')}; stderr ${stderr.join(' | ')}`,
        );
      }
      await sleep(10);
    }
  };
  cleanups.push(
    () => talk.dispose(),
    () => backend.dispose(),
  );
  return { backend, talk, events, turns, keys, health, logs, spawned, stderr, waitFor };
}

describe('the uiohook process under Xvfb', () => {
  it('xdotool key down and up of the chord start and stop a hold-to-talk turn', async () => {
    const r = rig();
    expect(await r.backend.bind(chord('Ctrl+Alt+Space'))).toMatchObject({
      ok: true,
      value: { label: 'Ctrl+Alt+Space' },
    });
    await x.xdotool('keydown', 'ctrl+alt+space');
    await r.waitFor('turn-start', () => r.turns().length === 1);
    await sleep(400);
    await x.xdotool('keyup', 'space');
    await x.xdotool('keyup', 'ctrl+alt');
    await r.waitFor('turn-end', () => r.turns().length === 2);
    expect(r.turns()).toEqual(['turn-start', 'turn-end:released']);
    const end = r.events[1] as Extract<Recorded, { event: 'turn-end' }>;
    expect(end.durationMs).toBeGreaterThanOrEqual(400);
    expect(end.durationMs).toBeLessThan(1_500);
  });

  it('a brush of the key is cancelled, and other keys or modifiers do nothing', async () => {
    const r = rig();
    await r.backend.bind(chord('Super+F9'));
    await x.xdotool('key', 'super+F9');
    await r.waitFor('turn-cancel', () => r.turns().length === 2);
    await x.xdotool('key', 'F9', 'ctrl+F9', 'super+F8', 'a');
    await sleep(300);
    expect(r.turns()).toEqual(['turn-start', 'turn-cancel:too-short']);
  });

  it('ignores auto-repeat while the chord is held', async () => {
    const r = rig();
    await r.backend.bind(chord('Ctrl+Alt+Space'));
    await x.xdotool('keydown', 'ctrl+alt+space');
    await sleep(600); // past the 150 ms auto-repeat delay: the server repeats Space
    await x.xdotool('keyup', 'space', 'ctrl', 'alt');
    await r.waitFor('turn-end', () => r.turns().length === 2);
    expect(r.keys.filter((k) => k === 'down').length).toBeGreaterThan(3);
    expect(r.turns()).toEqual(['turn-start', 'turn-end:released']);
  });

  it('a lost key-up is released by the watchdog, and the next press starts a new turn', async () => {
    const r = rig();
    await r.backend.bind(chord('Ctrl+Alt+Space'));
    await x.xdotool('keydown', 'ctrl+alt+space');
    await r.waitFor('turn-start', () => r.turns().length === 1);
    // Nothing sends the key-up; auto-repeat keeps coming while the key stays down.
    await r.waitFor('the stuck-key release', () => r.turns().length === 2, STUCK_KEY_MS + 2_000);
    expect(r.turns()).toEqual(['turn-start', 'turn-end:stuck-key']);
    expect(r.logs.some((l) => l.event === 'talk.stuck_key_released')).toBe(true);
    await x.xdotool('keyup', 'space', 'ctrl', 'alt');
    await x.xdotool('keydown', 'ctrl+alt+space');
    await r.waitFor('a new turn', () => r.turns().length === 3);
    await x.xdotool('keyup', 'space', 'ctrl', 'alt');
    await r.waitFor('its end', () => r.turns().length === 4);
  });

  it('a crashed hook process releases the key at once, is restarted and works again', async () => {
    const r = rig();
    await r.backend.bind(chord('Ctrl+Alt+Space'));
    await x.xdotool('keydown', 'ctrl+alt+space');
    await r.waitFor('turn-start', () => r.turns().length === 1);
    await sleep(300);
    process.kill(r.spawned[0]!.pid!, 'SIGKILL');
    await r.waitFor('the release', () => r.turns().length === 2);
    expect(r.turns()).toEqual(['turn-start', 'turn-end:released']);
    await x.xdotool('keyup', 'space', 'ctrl', 'alt');
    await r.waitFor('the restart', () => r.health.includes('active'), 10_000);
    expect(r.health).toEqual(['restarting', 'active']);
    expect(r.spawned).toHaveLength(2);
    await x.xdotool('keydown', 'ctrl+alt+space');
    await r.waitFor('a turn after the restart', () => r.turns().length === 3);
    await x.xdotool('keyup', 'space', 'ctrl', 'alt');
  });

  it('with no reachable display the hook process says so and exits; it is not restarted', async () => {
    const r = rig(':4097');
    const bound = await r.backend.bind(chord('Ctrl+Alt+Space'));
    expect(bound.ok || bound.error).toMatchObject({
      tag: 'unavailable',
      message: expect.stringContaining(':4097'),
    });
    await r.waitFor('the lost report', () => r.health.includes('lost'));
    await sleep(300);
    expect(r.spawned).toHaveLength(1);
    expect(r.stderr.join('\n')).not.toContain('XOpenDisplay failure');
  });

  it('with no reachable display the talk key falls back to the toggling global shortcut, no crash', async () => {
    const registrar = new RecordingShortcutRegistrar();
    const talk = new TalkInput({ clock: systemClock, mode: 'hold' });
    const started: string[] = [];
    talk.on('turn-start', ({ turn }) => started.push(turn.source));
    const hotkey = new TalkHotkey({
      choice: selectHotkeyBackend({
        platform: 'linux',
        env: { DISPLAY: ':4097' },
        xDisplayReachable: null,
        portalVersion: null,
        accessibilityTrusted: null,
        globalShortcutAvailable: true,
      }),
      create: (kind) =>
        kind === 'hook'
          ? new HookBackend({
              launch: sourceHookLauncher(':4097'),
              clock: systemClock,
              log: () => {},
            })
          : new GlobalShortcutBackend(registrar, () => {}),
      talk,
      log: () => {},
      platform: 'linux',
    });
    cleanups.push(
      () => hotkey.dispose(),
      () => talk.dispose(),
    );
    const status = await hotkey.bind('Ctrl+Alt+Space');
    expect(status).toMatchObject({
      ok: true,
      value: { backend: 'global-shortcut', reportsRelease: false, state: 'active' },
    });
    expect(hotkey.status.reason).toContain(':4097');
    expect(hotkey.status.reason).toContain('toggles');
    registrar.press('Control+Alt+Space');
    expect(started).toEqual(['shortcut']);
    expect(talk.snapshot.turn?.latched).toBe(true);
  });
});
