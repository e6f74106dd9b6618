import { describe, expect, it } from 'vitest';
import { FRAME_SAMPLES } from '../../../main/audio/pcm16';
import { TALK_INPUT_DEFAULTS } from '../../../main/audio/talk-input-types';
import type { ParleyApp } from '../../../main/app/parley-app';
import { attachRenderer, createTestApp, invoke, memorySettings } from '../../support/app-harness';
import { scriptedHotkeys } from '../../support/scripted-hotkeys';

const loud = (): Int16Array => new Int16Array(FRAME_SAMPLES).fill(6_000);
const silent = (): Int16Array => new Int16Array(FRAME_SAMPLES);

async function started(talkMode: 'hands-free' | 'hold' | 'toggle' | 'auto', talkSounds = false) {
  const hotkeys = scriptedHotkeys();
  const harness = createTestApp({
    overrides: {
      settingsStore: memorySettings({ talkMode, talkSounds }),
      hotkeys: hotkeys.provider,
    },
  });
  const events: { name: string; payload: unknown }[] = [];
  for (const name of ['talk.state', 'talk.cue', 'settings.changed'] as const) {
    harness.app.on(name, (payload) => events.push({ name, payload }));
  }
  expect((await harness.app.start()).ok).toBe(true);
  const renderer = attachRenderer(harness.app);
  const appends = (): number =>
    harness.transports.made.reduce(
      (n, t) => n + t.sentOfType('input_audio_buffer.append').length,
      0,
    );
  /** The global talk key's backend, once the app bound the chord. */
  const hook = async () => {
    await until(() => hotkeys.backends.get('hook')?.bound.length === 1);
    return hotkeys.backends.get('hook')!;
  };
  return { ...harness, events, renderer, appends, hook };
}

/** Lets the session's start (settings, key, startup context, connect) run to the end. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 1));
  expect(done()).toBe(true);
}

const phase = async (app: ParleyApp) => (await invoke(app, 'conversation.state')).phase;

describe('the talk input in the app: hands-free', () => {
  it('listens while the conversation is on; stopping listening from the tray stops both and sends nothing more', async () => {
    const { app, renderer, appends, events } = await started('hands-free');
    expect((await invoke(app, 'talk.state')).state).toBe('idle');
    await invoke(app, 'conversation.start');
    expect(await invoke(app, 'talk.state')).toMatchObject({ state: 'listening', gated: false });
    for (let i = 0; i < 5; i++) renderer.capture(silent());
    await settle();
    expect(appends()).toBe(5);

    app.talk.command('stop', 'tray');
    expect(app.talk.view.state).toBe('idle');
    expect(await phase(app)).not.toBe('live');
    for (let i = 0; i < 5; i++) renderer.capture(loud());
    await settle();
    expect(appends()).toBe(5);
    const views = events.filter((e) => e.name === 'talk.state').map((e) => e.payload);
    // The mode from the settings at start, then the conversation's listening, then the stop.
    expect(views).toEqual([
      expect.objectContaining({ state: 'idle', mode: 'hands-free' }),
      expect.objectContaining({ state: 'listening' }),
      expect.objectContaining({ state: 'idle' }),
    ]);
    await app.dispose();
  });

  it('starting to listen from the tray starts the conversation', async () => {
    const { app, transports } = await started('hands-free');
    app.talk.command('start', 'tray');
    await settle();
    expect(transports.made).toHaveLength(1);
    expect(await phase(app)).toBe('live');
    expect(app.talk.view.state).toBe('listening');
    await app.dispose();
  });

  it('the kill switch drops every frame; switching it off listens again', async () => {
    const { app, renderer, appends } = await started('hands-free');
    await invoke(app, 'conversation.start');
    expect(await invoke(app, 'talk.mute', { muted: true })).toMatchObject({
      muted: true,
      state: 'listening',
    });
    for (let i = 0; i < 10; i++) renderer.capture(loud());
    await settle();
    expect(appends()).toBe(0);
    await invoke(app, 'talk.mute', { muted: false });
    renderer.capture(loud());
    await settle();
    expect(appends()).toBe(1);
    await app.dispose();
  });

  it('muted, a start is refused and nothing is sent; unmuting while the conversation is on listens', async () => {
    const { app, renderer, appends, logs } = await started('hands-free');
    app.talk.setMuted(true);
    await invoke(app, 'conversation.start');
    expect(app.talk.view).toMatchObject({ state: 'idle', muted: true });
    expect(logs.some((l) => l.event === 'talk.refused')).toBe(true);
    renderer.capture(loud());
    await settle();
    expect(appends()).toBe(0);
    app.talk.setMuted(false);
    expect(app.talk.view.state).toBe('listening');
    await app.dispose();
  });

  it('in the tray, listening passes the local voice-activity gate: silence is not sent, speech is', async () => {
    const { app, renderer, appends } = await started('hands-free');
    app.talk.setBackground(true);
    await invoke(app, 'conversation.start');
    expect(app.talk.view).toMatchObject({ state: 'listening', gated: true });
    for (let i = 0; i < 50; i++) renderer.capture(silent());
    await settle();
    expect(appends()).toBe(0);
    for (let i = 0; i < 10; i++) renderer.capture(loud());
    await settle();
    expect(appends()).toBeGreaterThanOrEqual(10);
    expect(app.talk.view.state).toBe('talking');
    app.talk.setBackground(false);
    expect(app.talk.view.gated).toBe(false);
    await app.dispose();
  });

  it('the screen lock stops listening and the conversation', async () => {
    const { app } = await started('hands-free');
    await invoke(app, 'conversation.start');
    app.talk.halt('screen-locked');
    expect(app.talk.view.state).toBe('idle');
    expect(await phase(app)).not.toBe('live');
    await app.dispose();
  });

  it('a stop of the conversation from the window stops listening; a restart listens again', async () => {
    const { app } = await started('hands-free');
    await invoke(app, 'conversation.start');
    await invoke(app, 'conversation.stop');
    expect(app.talk.view.state).toBe('idle');
    await invoke(app, 'conversation.start');
    expect(app.talk.view.state).toBe('listening');
    await app.dispose();
  });
});

describe('the talk input in the app: key modes', () => {
  it('the global key with no conversation starts one, and the turn it holds is committed', async () => {
    const { app, clock, transports, renderer, hook } = await started('hold');
    const key = await hook();
    key.emit('key', { action: 'down' });
    expect(app.talk.view.state).toBe('talking');
    await settle();
    expect(await phase(app)).toBe('live');
    for (let i = 0; i < 10; i++) renderer.capture(loud());
    clock.advance(TALK_INPUT_DEFAULTS.minTurnMs + 10);
    key.emit('key', { action: 'up' });
    clock.advance(200); // the debounce and the release tail
    await settle();
    const sent = transports.latest!.sent.map((e) => e.type);
    expect(sent.filter((t) => t === 'input_audio_buffer.append')).toHaveLength(10);
    expect(sent).toContain('input_audio_buffer.commit');
    expect(sent.indexOf('response.create')).toBeGreaterThan(
      sent.indexOf('input_audio_buffer.commit'),
    );
    await app.dispose();
  });

  it('the window’s talk button does not start a conversation (the window has a Start button)', async () => {
    const { app, transports } = await started('hold');
    await invoke(app, 'conversation.talk', { pressed: true });
    await settle();
    expect(transports.made).toHaveLength(0);
    expect(app.talk.view.state).toBe('talking');
    await invoke(app, 'conversation.talk', { pressed: false });
    await app.dispose();
  });

  it('Auto: a tap of the button latches the turn, the next tap ends it', async () => {
    const { app, clock } = await started('auto');
    await invoke(app, 'conversation.start');
    await invoke(app, 'conversation.talk', { pressed: true });
    clock.advance(50);
    await invoke(app, 'conversation.talk', { pressed: false });
    clock.advance(100);
    expect(app.talk.view).toMatchObject({ state: 'talking', latched: true });
    clock.advance(500);
    await invoke(app, 'conversation.talk', { pressed: true });
    expect(app.talk.view.state).toBe('idle');
    await app.dispose();
  });

  it('stopping the conversation ends a latched turn', async () => {
    const { app } = await started('toggle');
    await invoke(app, 'conversation.start');
    app.talk.command('start', 'tray');
    expect(app.talk.view).toMatchObject({ state: 'talking', latched: true });
    await invoke(app, 'conversation.stop');
    expect(app.talk.view.state).toBe('idle');
    await app.dispose();
  });
});

describe('the talk mode follows the settings', () => {
  it('a change within the key modes applies at once; to hands-free it restarts the live conversation', async () => {
    const { app, transports, events } = await started('auto');
    await invoke(app, 'conversation.start');
    await invoke(app, 'settings.update', { talkMode: 'toggle' });
    expect(app.talk.view.mode).toBe('toggle');
    expect(transports.made).toHaveLength(1);
    await invoke(app, 'settings.update', { talkMode: 'hands-free' });
    await settle();
    expect(transports.made).toHaveLength(2);
    expect(transports.latest!.sent[0]).toMatchObject({
      type: 'session.update',
      session: { audio: { input: { turn_detection: expect.objectContaining({}) } } },
    });
    expect(app.talk.view).toMatchObject({ mode: 'hands-free', state: 'listening' });
    const views = events.filter((e) => e.name === 'settings.changed');
    expect(
      views.map((e) => (e.payload as { values: { talkMode: string } }).values.talkMode),
    ).toEqual(['toggle', 'hands-free']);
    await app.dispose();
  });

  it('with talk sounds on, talking and listening cue a start and a stop; off, nothing', async () => {
    const on = await started('hands-free', true);
    await invoke(on.app, 'conversation.start');
    await invoke(on.app, 'conversation.stop');
    expect(on.events.filter((e) => e.name === 'talk.cue').map((e) => e.payload)).toEqual([
      { cue: 'start' },
      { cue: 'stop' },
    ]);
    await on.app.dispose();
    const off = await started('hands-free', false);
    await invoke(off.app, 'conversation.start');
    await invoke(off.app, 'conversation.stop');
    expect(off.events.filter((e) => e.name === 'talk.cue')).toEqual([]);
    await off.app.dispose();
  });
});
