// The whole app with the real keyboard hook under Xvfb: xdotool presses the chord, the hook
// process reports it, the app's one talk input turns it into talk turns, and the scripted
// realtime server sees the conversation start and the turn committed.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TalkMode } from '../../../preload/schemas/settings';
import { systemClock } from '../../../main/base/clock';
import { silentLogger } from '../../../main/base/logger';
import type { HotkeyProvider } from '../../../main/app/hotkey-service';
import type { ParleyApp } from '../../../main/app/parley-app';
import { FRAME_SAMPLES } from '../../../main/audio/pcm16';
import { selectHotkeyBackend } from '../../../main/hotkey/backend-selection';
import { GlobalShortcutBackend } from '../../../main/hotkey/global-shortcut-backend';
import { HookBackend } from '../../../main/hotkey/hook-backend';
import { gatherHotkeyFacts } from '../../../main/hotkey/hotkey-facts';
import {
  startScriptedRealtimeServer,
  type ScriptedRealtimeServer,
} from '../../fakes/scripted-realtime-server';
import { RecordingShortcutRegistrar } from '../../fakes/recording-shortcut-registrar';
import { attachRenderer, invoke, startRealApp } from '../../support/app-harness';
import { sourceHookLauncher } from '../../support/source-hook-launcher';
import { startXvfb, type XServer } from '../../support/xvfb';

let x: XServer;
let server: ScriptedRealtimeServer | null = null;
let app: ParleyApp | null = null;
let feeding: NodeJS.Timeout | null = null;

beforeAll(async () => {
  x = await startXvfb();
});
afterEach(async () => {
  if (feeding) clearInterval(feeding);
  await app?.dispose();
  await server?.close();
  app = server = feeding = null;
});
afterAll(async () => {
  await x?.stop();
});

/** The desktop's backends as the app would get them, on the Xvfb display. */
function xvfbHotkeys(display: string): HotkeyProvider {
  return {
    choose: async () =>
      selectHotkeyBackend(
        await gatherHotkeyFacts({
          clock: systemClock,
          platform: 'linux',
          env: { DISPLAY: display },
          globalShortcutAvailable: true,
        }),
      ),
    create: (kind) =>
      kind === 'hook'
        ? new HookBackend({
            launch: sourceHookLauncher(display),
            clock: systemClock,
            log: silentLogger,
          })
        : new GlobalShortcutBackend(new RecordingShortcutRegistrar(), silentLogger),
  };
}

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** An app in `talkMode` whose talk key is the real hook; a page sends loud frames every 20 ms. */
async function desktopApp(talkMode: TalkMode) {
  server = await startScriptedRealtimeServer({ script: [{ waitFor: 'session.update' }] });
  const started = await startRealApp(
    {
      PARLEY_REALTIME_URL: server.url,
      PARLEY_REALTIME_PROTOCOL: 'v2',
      PARLEY_TALK_MODE: talkMode,
      PARLEY_WORKSPACE: process.cwd(),
    },
    { hotkeys: xvfbHotkeys(x.display) },
  );
  app = started.app;
  const renderer = attachRenderer(app);
  feeding = setInterval(() => renderer.capture(new Int16Array(FRAME_SAMPLES).fill(4_000)), 20);
  await until('the hook watching the chord', () => {
    const status = app!.handlers['hotkey.status'](undefined);
    return !(status instanceof Promise) && status.ok && status.value.state === 'active';
  });
  expect(await invoke(app, 'hotkey.status')).toMatchObject({
    backend: 'hook',
    reportsRelease: true,
  });
  return app;
}

const press = () => x.xdotool('keydown', 'ctrl+alt+space');
const release = () => x.xdotool('keyup', 'space', 'ctrl', 'alt');

describe('the global talk key through the app, under Xvfb', () => {
  it('hold: the key starts the conversation and a turn; its release commits the turn', async () => {
    const parley = await desktopApp('hold');
    await press();
    await until('talking', () => parley.talk.view.state === 'talking');
    await server!.waitForMessage('session.update', 10_000);
    await sleep(500);
    await release();
    const commit = await server!.waitForMessage('input_audio_buffer.commit', 10_000);
    const create = await server!.waitForMessage('response.create', 10_000);
    expect(create.at).toBeGreaterThanOrEqual(commit.at);
    expect(server!.messagesOfType('input_audio_buffer.append').length).toBeGreaterThan(10);
    expect(parley.talk.view.state).toBe('idle');
  });

  it('Auto: a tap latches the turn, the next tap ends and commits it', async () => {
    const parley = await desktopApp('auto');
    await invoke(parley, 'conversation.start');
    await server!.waitForMessage('session.update', 10_000);
    await x.xdotool('key', 'ctrl+alt+space');
    await until('a latched turn', () => parley.talk.view.latched);
    expect(parley.talk.view.state).toBe('talking');
    await sleep(400);
    await x.xdotool('key', 'ctrl+alt+space');
    await until('the turn to end', () => parley.talk.view.state === 'idle');
    await server!.waitForMessage('input_audio_buffer.commit', 10_000);
  });

  it('hands-free in the tray: the key starts listening through the local gate', async () => {
    const parley = await desktopApp('hands-free');
    parley.talk.setBackground(true);
    await press();
    await release();
    await until('listening', () => parley.talk.view.state !== 'idle');
    expect(parley.talk.view.gated).toBe(true);
    await server!.waitForMessage('session.update', 10_000);
    // The page's frames are loud, so the gate opens and they reach the server.
    await server!.waitForMessage('input_audio_buffer.append', 10_000);
  });
});
