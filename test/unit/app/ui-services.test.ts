import { describe, expect, it } from 'vitest';
import { encodeAudioMessage } from '../../../preload/audio-wire';
import type { ConversationState, TranscriptEntry } from '../../../preload/schemas/conversation';
import { createTestApp, invoke, memorySettings } from '../../support/app-harness';

const NO_KEY = { OPENAI_API_KEY: '' };

/** Awaits `promise` while moving the fake clock on, for work that waits on both. */
async function settle<T>(promise: Promise<T>, clock: { advance(ms: number): void }): Promise<T> {
  let done = false;
  void promise.finally(() => (done = true));
  for (let i = 0; i < 50 && !done; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(100);
  }
  return promise;
}
const lastState = (events: { name: string; payload: unknown }[]) =>
  events.filter((e) => e.name === 'conversation.state').at(-1)?.payload as ConversationState;

describe('start readiness: the one rule for a Start that can work', () => {
  it('says why Start cannot work with no key, and clears once a key is saved', async () => {
    const { app, events, transports } = createTestApp({ env: NO_KEY });
    await app.start();
    expect((await invoke(app, 'conversation.state')).startBlocker).toMatchObject({
      field: 'apiKey',
      actions: ['open_settings'],
    });
    await invoke(app, 'conversation.start');
    expect(transports.made).toEqual([]);
    expect(lastState(events).error?.summary).toMatch(/^Add an API key to start/);
    await invoke(app, 'settings.update', { apiKey: 'sk-ui-services-000000000001' });
    await expect.poll(() => lastState(events).startBlocker).toBeNull();
    await app.dispose();
  });
});

describe('conversations in the transcript', () => {
  it('stamps every entry with its conversation, a new one at each Start', async () => {
    const { app, transports, events } = createTestApp();
    await app.start();
    await invoke(app, 'conversation.start');
    transports.latest!.receive({
      type: 'conversation.item.input_audio_transcription.completed',
      item_id: 'u1',
      transcript: 'first',
    });
    const first = (await invoke(app, 'conversation.state')).conversationId;
    await invoke(app, 'conversation.stop');
    await invoke(app, 'conversation.start');
    transports.latest!.receive({
      type: 'conversation.item.input_audio_transcription.completed',
      item_id: 'u1',
      transcript: 'second',
    });
    const second = (await invoke(app, 'conversation.state')).conversationId;
    expect(first).toMatch(/^conversation-/);
    expect(second).not.toBe(first);
    const entries = await invoke(app, 'conversation.transcript');
    expect(entries.map((e: TranscriptEntry) => [e.text, e.conversationId])).toEqual([
      ['first', first],
      ['second', second],
    ]);
    expect(events.some((e) => e.name === 'transcript.entry')).toBe(true);
    await app.dispose();
  });
});

describe('the status bar figures', () => {
  it('measures the last turn from speech_stopped to the first audio played', async () => {
    const { app, clock, transports, events } = createTestApp();
    await app.start();
    const link = app.attachAudio({ send: () => {} });
    await invoke(app, 'conversation.start');
    const server = transports.latest!;
    server.receive({ type: 'input_audio_buffer.speech_stopped', item_id: 'u1' });
    server.receive({
      type: 'response.output_audio.delta',
      item_id: 'a1',
      delta: Buffer.alloc(9600).toString('base64'),
    });
    clock.advance(700);
    link.receive(encodeAudioMessage({ kind: 'played', itemId: 'a1', playedSamples: 2400 }));
    expect(lastState(events).diagnostics.lastTurnLatencyMs).toBe(600);
    await app.dispose();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('counts microphone frames dropped while the connection could not take them', async () => {
    const { app, clock, transports, events } = createTestApp({
      env: { PARLEY_TALK_MODE: 'hands-free' },
    });
    await app.start();
    const link = app.attachAudio({ send: () => {} });
    await invoke(app, 'conversation.start');
    transports.latest!.drop();
    const frame = encodeAudioMessage({ kind: 'capture', pcm: new Int16Array(480) });
    for (let i = 0; i < 300; i++) link.receive(frame);
    await settle(Promise.resolve(), clock);
    clock.advance(1000);
    expect(lastState(events).diagnostics.droppedInputFrames).toBe(300 - 256);
    await app.dispose();
  });

  it('starts the figures over with each conversation', async () => {
    const { app, clock, transports, events } = createTestApp();
    await app.start();
    const link = app.attachAudio({ send: () => {} });
    await invoke(app, 'conversation.start');
    transports.latest!.receive({ type: 'input_audio_buffer.speech_stopped', item_id: 'u1' });
    clock.advance(100);
    link.receive(encodeAudioMessage({ kind: 'played', itemId: 'a1', playedSamples: 24 }));
    expect(lastState(events).diagnostics.lastTurnLatencyMs).toBe(99);
    await invoke(app, 'conversation.start');
    expect(lastState(events).diagnostics).toEqual({
      lastTurnLatencyMs: null,
      droppedInputFrames: 0,
      playbackUnderruns: 0,
    });
    await app.dispose();
  });
});

describe('test connection, through the app’s own transport factory', () => {
  it('opens and closes a session with the form’s unsaved values', async () => {
    const { app, transports, clock } = createTestApp();
    await app.start();
    const result = await settle(
      Promise.resolve(
        app.handlers['settings.testConnection']({
          realtimeUrl: 'ws://127.0.0.1:9/v1',
          model: 'm2',
        }),
      ),
      clock,
    );
    expect(result).toEqual({
      ok: true,
      value: { connected: true, ms: 0, endpoint: 'ws://127.0.0.1:9/v1/realtime', problem: null },
    });
    expect(transports.latest!.endpoint.url).toBe('ws://127.0.0.1:9/v1/realtime?model=m2');
    expect(transports.latest!.state).toBe('closed');
    // Nothing was saved, nothing was recorded as conversation traffic.
    expect((await invoke(app, 'settings.get')).values.model).toBe('gpt-realtime-1.5');
    await app.dispose();
  });

  it('explains a failure in the words a conversation start would use', async () => {
    const { app } = createTestApp({ env: NO_KEY });
    await app.start();
    const result = await invoke(app, 'settings.testConnection', {});
    expect(result.connected).toBe(false);
    expect(result.problem?.summary).toMatch(/API key/);
    await app.dispose();
  });
});

describe('the event inspector', () => {
  it('returns the client and server events of the conversation, audio elided', async () => {
    const { app, transports } = createTestApp();
    await app.start();
    await invoke(app, 'conversation.start');
    transports.latest!.receive({ type: 'session.updated', session: { id: 's' } });
    transports.latest!.receive({
      type: 'response.output_audio.delta',
      item_id: 'a',
      delta: 'AAAA',
    });
    const page = await invoke(app, 'inspector.events', {});
    expect(
      page.events.map((e) => `${e.direction} ${e.type} ${e.payload === null ? 'elided' : 'kept'}`),
    ).toEqual([
      'client session.update kept',
      'server session.updated kept',
      'server response.output_audio.delta elided',
    ]);
    expect(
      (await invoke(app, 'inspector.events', { since: page.events[1]!.seq })).events,
    ).toHaveLength(1);
    await app.dispose();
  });
});

describe('the microphone check and the workspace folder', () => {
  it('refuses a microphone check while a conversation is on', async () => {
    const { app } = createTestApp();
    await app.start();
    await invoke(app, 'conversation.start');
    expect(await app.handlers['audio.micCheck']({ durationMs: 1000 })).toMatchObject({
      ok: false,
      error: { tag: 'not_ready' },
    });
    await app.dispose();
  });

  it('records what the page sends and plays it back on the same link', async () => {
    const { app, clock } = createTestApp();
    await app.start();
    const sent: ArrayBuffer[] = [];
    const link = app.attachAudio({ send: (data) => void sent.push(data as ArrayBuffer) });
    const checking = app.handlers['audio.micCheck']({ durationMs: 1000 });
    for (let i = 0; i < 50; i++)
      link.receive(encodeAudioMessage({ kind: 'capture', pcm: new Int16Array(480).fill(8000) }));
    clock.advance(1000);
    expect(await checking).toEqual({
      ok: true,
      value: { recordedMs: 1000, peak: 0.244, playedBackMs: 1000 },
    });
    expect(sent.length).toBe(6); // five 200 ms chunks and the item's end
    await app.dispose();
  });

  it('opens a task’s workspace only where the host can, and says where it is otherwise', async () => {
    const opened: string[] = [];
    const withFolders = createTestApp({
      overrides: { openFolder: async (path) => void opened.push(path) },
    });
    await withFolders.app.start();
    expect(await withFolders.app.handlers['tasks.openWorkspace']({ id: 'task-1' })).toMatchObject({
      ok: false,
      error: { tag: 'not_found' },
    });
    await withFolders.app.dispose();
    const { app } = createTestApp({
      overrides: { settingsStore: memorySettings({ onboarded: true }) },
    });
    await app.start();
    expect(await app.handlers['settings.chooseWorkspace'](undefined)).toMatchObject({
      ok: false,
      error: { tag: 'not_ready' },
    });
    await app.dispose();
  });
});
