import { afterEach, describe, expect, it } from 'vitest';
import {
  liveEvents,
  startScriptedLiveServer,
  type LiveConnectionPlan,
  type ScriptedLiveServer,
} from '../../fakes/scripted-live-server';
import {
  createLiveSession,
  expectOnlyValidLiveEvents,
  isSilentAppend,
  liveConfig,
  TONE_FRAME_BASE64,
} from './live-harness';
import { until } from './session-harness';

const servers: ScriptedLiveServer[] = [];
const cleanups: (() => void)[] = [];
async function server(options: { plan?: LiveConnectionPlan; plans?: LiveConnectionPlan[] } = {}) {
  const s = await startScriptedLiveServer(options);
  servers.push(s);
  return s;
}
function live(pacer?: Parameters<typeof createLiveSession>[0]) {
  const r = createLiveSession(pacer);
  cleanups.push(() => r.session.dispose());
  return r;
}

afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  for (const s of servers.splice(0)) {
    // Whatever the test did, Parley sent only Live client events, well formed, in order.
    expectOnlyValidLiveEvents(s);
    await s.close();
  }
});

describe('Live session against the scripted Live server', () => {
  it('session.start first, and nothing else until session.started', async () => {
    const srv = await server({ plan: { startDelayMs: 250 } });
    const r = live();
    const starting = r.session.start(liveConfig(srv.url));
    await srv.until(() => srv.messages.length > 0, 'session.start');
    // Audio and text while the handshake is pending wait in the queue.
    r.session.sendAudio(TONE_FRAME_BASE64);
    const typed = r.session.sendText('what is the time');
    expect(r.session.state).toBe('connecting');
    await starting;
    await typed;
    expect(r.session.state).toBe('live');

    const conn = srv.connections[0]!;
    expect(conn.path).toBe('/v1/live/sessions');
    expect(conn.query).toBe('');
    expect(conn.headers.authorization).toBe('Bearer sk-test-key-123456');
    expect(conn.headers['x-session-id']).toBeUndefined();
    const first = conn.messages[0];
    expect(first?.type).toBe('session.start');
    expect(first?.json?.session).toEqual({
      model: 'gpt-live-1',
      instructions: 'You are Parley.',
      audio: { format: { type: 'audio/pcm', rate: 24000 }, output: { voice: 'marin' } },
      delegation: { type: 'client' },
    });
    await srv.until(
      () => conn.messages.some((m) => m.type === 'session.instructions.append'),
      'text',
    );
    expect(conn.messages.length).toBeGreaterThan(2);
    expect(conn.messages.slice(1).every((m) => m.afterStarted)).toBe(true);
    const appended = conn.messages.filter((m) => m.type === 'session.input_audio.append');
    expect(appended[0]?.json?.audio).toBe(TONE_FRAME_BASE64);
    const text = conn.messages.find((m) => m.type === 'session.instructions.append');
    expect(text?.json).toMatchObject({ delegation_id: null });
    expect(String(text?.json?.content)).toContain('what is the time');
    expect(srv.messages.some((m) => m.type === 'session.update')).toBe(false);
    expect(r.events.find((e) => e.type === 'session_started')).toMatchObject({
      sessionId: 'sess_fake',
    });
  });

  it('a startup error fails the start clearly; no closed event, no retry', async () => {
    const srv = await server({
      plan: {
        startError: { code: 'invalid_value', message: 'Unknown model.', param: 'session.model' },
      },
    });
    const r = live();
    const closed: string[] = [];
    r.session.on('closed', (c) => closed.push(c.reason));
    await expect(r.session.start(liveConfig(srv.url, { model: 'gpt-nope' }))).rejects.toThrow(
      /refused to start the session: Unknown model\. \(code invalid_value, field session\.model\)/,
    );
    expect(r.session.state).toBe('idle');
    expect(closed).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(srv.connections).toHaveLength(1);
    expect(srv.connections[0]!.messages.map((m) => m.type)).toEqual(['session.start']);
    // The error was the server's rule, not a broken client event: count it out.
    srv.connections[0]!.session.violations.splice(0);
  });

  it('streams silence while no microphone frames go out, and real frames stop it', async () => {
    const srv = await server({ plan: { usageEveryMs: 200 } });
    const r = live({ idleAfterMs: 1_000 });
    await r.session.start(liveConfig(srv.url));
    const conn = srv.connections[0]!;
    await srv.until(() => conn.session.timelineMs >= 300, 'the timeline to move on silence');
    expect(conn.session.silentBytes).toBe(conn.session.audioBytes);
    // The microphone speaks for ~0.4 s: while it does, no silence is mixed in.
    const from = conn.messages.length;
    for (let i = 0; i < 20; i++) {
      r.session.sendAudio(TONE_FRAME_BASE64);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const during = conn.messages.slice(from);
    const firstTone = during.findIndex((m) => m.json?.audio === TONE_FRAME_BASE64);
    const lastTone = during.findLastIndex((m) => m.json?.audio === TONE_FRAME_BASE64);
    const between = during.slice(firstTone + 1, lastTone);
    expect(between.filter((m) => isSilentAppend(m.json))).toEqual([]);
    expect(between.length).toBeGreaterThanOrEqual(15);
    // Then silence resumes, and the timeline keeps moving.
    const mark = conn.session.timelineMs;
    await srv.until(() => conn.session.timelineMs >= mark + 200, 'silence after the microphone');
    expect(isSilentAppend(conn.messages.at(-1)!.json)).toBe(true);
    // Usage reaches the session, cumulative.
    await until(() => r.events.some((e) => e.type === 'usage_updated'), 'usage');
    expect(r.session.usageSeconds).toBeGreaterThan(0);
  });

  it('an append is placed once silence moves the timeline; an over-cap one is refused', async () => {
    const srv = await server();
    const r = live();
    await r.session.start(liveConfig(srv.url));
    await r.session.sendEvent({
      type: 'session.commentary.append',
      event_id: 'parley_1',
      content: 'The tests passed.',
      delegation_id: null,
    });
    const placed = await until(
      () => r.events.find((e) => e.type === 'append_placed'),
      'append_placed',
    );
    expect(placed).toMatchObject({ kind: 'commentary', clientEventId: 'parley_1' });
    await r.session.sendEvent({
      type: 'session.thinking.append',
      event_id: 'parley_2',
      content: 'x'.repeat(2_100),
      delegation_id: null,
    });
    const refused = await until(() => r.events.find((e) => e.type === 'error'), 'error');
    expect(refused).toMatchObject({
      code: 'invalid_value',
      clientEventId: 'parley_2',
      param: 'content',
    });
    expect(r.session.state).toBe('live');
    srv.connections[0]!.session.violations.splice(0); // the over-cap append was the test's own
  });

  it('client events that are not Live ones are refused before they reach the wire', async () => {
    const srv = await server();
    const r = live();
    await r.session.start(liveConfig(srv.url));
    await expect(r.session.sendEvent({ type: 'response.create' })).rejects.toThrow(
      /not a client event of the Live protocol/,
    );
    await expect(r.session.sendEvent({ type: 'input_audio_buffer.commit' })).rejects.toThrow();
    r.session.requestResponse();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const types = new Set(srv.messages.map((m) => m.type));
    expect([...types].sort()).toEqual(['session.input_audio.append', 'session.start']);
  });

  it('a reconnect starts a new session with the recap as its start-up history', async () => {
    const srv = await server({
      plans: [
        {
          script: [
            { atTimelineMs: 100 },
            { send: liveEvents.input('run the tests', 0, 80) },
            { send: liveEvents.delegation('del_1', 0) },
            { terminate: true },
          ],
        },
        {},
      ],
    });
    const r = live();
    await r.session.start(
      liveConfig(srv.url, {
        recapMessages: () => [
          { role: 'user', text: 'run the tests' },
          { role: 'assistant', text: 'On it.' },
          { role: 'developer', text: 'Tasks still going: [running] run the tests' },
        ],
      }),
    );
    const second = await srv.waitForConnection(1, 8_000);
    await until(() => r.replaced.length > 0, 'the second session to start');
    expect(r.replaced).toEqual(['reconnect']);
    expect(r.states.map((s) => s.state)).toEqual(['connecting', 'live', 'reconnecting', 'live']);
    const start = second.messages[0]!;
    expect(start.type).toBe('session.start');
    expect((start.json?.session as Record<string, unknown>).input).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'run the tests' }] },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'On it.' }] },
      {
        type: 'message',
        role: 'developer',
        content: [{ type: 'input_text', text: 'Tasks still going: [running] run the tests' }],
      },
    ]);
    expect(srv.connections[0]!.messages[0]!.json?.session).not.toHaveProperty('input');
    expect(r.events.find((e) => e.type === 'delegation_created')).toMatchObject({
      delegationId: 'del_1',
      offsetMs: 0,
    });
  });

  it('session.closed explains itself, then the session reconnects; stop sends session.close', async () => {
    const srv = await server({
      plans: [{ script: [{ delayMs: 50 }, { sessionClosed: 'expired' }] }, {}],
    });
    const r = live();
    await r.session.start(liveConfig(srv.url));
    await srv.waitForConnection(1, 8_000);
    await until(() => r.session.state === 'live' && r.replaced.length === 1, 'reconnected');
    const reconnecting = r.states.find((s) => s.state === 'reconnecting');
    expect(reconnecting?.detail).toBe(
      'The Live session reached its time limit; a new one is starting.',
    );
    const closed: string[] = [];
    r.session.on('closed', (c) => closed.push(c.reason));
    r.session.stop();
    expect(closed).toEqual(['requested']);
    const second = srv.connections[1]!;
    await srv.until(() => second.messages.some((m) => m.type === 'session.close'), 'session.close');
  });
});
