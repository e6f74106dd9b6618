import { afterEach, describe, expect, it } from 'vitest';
import {
  startScriptedRealtimeServer,
  type ScriptedRealtimeServer,
} from '../../fakes/scripted-realtime-server';
import { SessionPreflightError } from '../../../main/realtime/session-types';
import { createRecordedSession, PCM_FRAME_BASE64, startConfig, until } from './session-harness';

const servers: ScriptedRealtimeServer[] = [];
const cleanups: (() => void)[] = [];
async function server(options: Parameters<typeof startScriptedRealtimeServer>[0] = {}) {
  const s = await startScriptedRealtimeServer(options);
  servers.push(s);
  return s;
}
function recorded(options?: Parameters<typeof createRecordedSession>[0]) {
  const r = createRecordedSession(options);
  cleanups.push(() => r.session.dispose());
  return r;
}

afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  for (const s of servers.splice(0)) await s.close();
});

describe('realtime session against the scripted server', () => {
  it('scenario 1: V1 round trip', async () => {
    const srv = await server({
      script: [
        { waitFor: 'session.update' },
        { send: { type: 'session.updated', session: { id: 'sess_1' } } },
        { waitFor: 'input_audio_buffer.append' },
        {
          send: {
            type: 'conversation.output_audio.delta',
            delta: PCM_FRAME_BASE64,
            sample_rate: 24000,
            channels: 1,
          },
        },
        { send: { type: 'conversation.output_transcript.delta', delta: 'Hello there' } },
      ],
    });
    const r = recorded();
    await r.session.start(startConfig(srv.url, { protocol: 'v1', voice: null }));
    expect(r.session.state).toBe('live');

    const conn = srv.connections[0]!;
    expect(conn.path).toBe('/v1/realtime');
    expect(conn.query).toEqual({ intent: 'quicksilver', model: 'gpt-realtime-1.5' });
    expect(conn.headers['authorization']).toBe('Bearer sk-test-key-123456');
    expect(conn.headers['openai-alpha']).toBe('quicksilver=v1');
    expect(conn.headers['x-session-id']).toBeTruthy();

    const update = await srv.waitForMessage('session.update');
    expect(srv.messages[0]!.type).toBe('session.update');
    expect(update.json).toMatchObject({
      type: 'session.update',
      session: {
        type: 'quicksilver',
        instructions: 'You are Parley.',
        audio: { input: { format: { type: 'audio/pcm', rate: 24000 } }, output: { voice: 'cove' } },
      },
    });

    r.session.sendAudio(PCM_FRAME_BASE64);
    await r.session.sendText('what time is it');
    const append = await srv.waitForMessage('input_audio_buffer.append');
    expect(append.json!.audio).toBe(PCM_FRAME_BASE64);
    const item = await srv.waitForMessage('conversation.item.create');
    expect(JSON.stringify(item.json)).toContain('what time is it');
    expect(JSON.stringify(item.json)).not.toContain('[USER]');

    await until(() => r.events.find((e) => e.type === 'audio_out'), 'audio_out');
    const transcript = await until(
      () => r.events.find((e) => e.type === 'output_transcript_delta'),
      'transcript',
    );
    expect(transcript).toMatchObject({ delta: 'Hello there' });

    const closed: string[] = [];
    r.session.on('closed', (c) => closed.push(c.reason));
    r.session.stop();
    expect(closed).toEqual(['requested']);
    expect(r.session.state).toBe('closed');
    await conn.waitForClose();
  });

  it('scenario 2: V2 defaults — URL, voice marin, tools, [USER] text prefix', async () => {
    const srv = await server();
    const r = recorded();
    await r.session.start(startConfig(srv.url.replace(/\/v1$/, ''), { protocol: 'v2' }));
    const conn = srv.connections[0]!;
    expect(conn.path).toBe('/v1/realtime');
    expect(conn.query).toEqual({ model: 'gpt-realtime-1.5' });
    expect(conn.headers['openai-alpha']).toBeUndefined();
    const update = await srv.waitForMessage('session.update');
    const session = update.json!.session as Record<string, unknown>;
    expect(session.type).toBe('realtime');
    expect((session.audio as { output: { voice: string } }).output.voice).toBe('marin');
    const tools = (session.tools as { name: string }[]).map((t) => t.name);
    expect(tools).toContain('background_agent');
    expect(tools).toContain('remain_silent');
    await r.session.sendText('hello');
    const item = await srv.waitForMessage('conversation.item.create');
    expect(JSON.stringify(item.json)).toContain('[USER] hello');
  });

  it('scenario 12: the active-response race error re-queues response.create', async () => {
    const srv = await server();
    const r = recorded();
    await r.session.start(startConfig(srv.url));
    const conn = srv.connections[0]!;
    r.session.requestResponse();
    await srv.waitForMessage('response.create');
    conn.send({
      type: 'error',
      error: {
        message:
          'Conversation already has an active response in progress: resp_1. Wait until the response is finished before creating a new one.',
      },
    });
    conn.send({ type: 'response.created', response: { id: 'resp_1' } });
    conn.send({ type: 'response.done', response: { id: 'resp_1' } });
    await until(() => srv.messagesOfType('response.create').length === 2, 'the re-queued create');
    expect(r.session.state).toBe('live');
  });

  it('scenario 13: garbage from the server never ends the session', async () => {
    const srv = await server({
      script: [
        { waitFor: 'session.update' },
        { send: 'this is not json' },
        { send: '{"type": 42}' },
        { send: { no_type: true } },
        { send: { type: 'conversation.output_transcript.delta', delta: 7 } },
        { send: { type: 'totally.unknown.event' } },
        { sendBinary: new Uint8Array([1, 2, 3]) },
        { send: '[1,2,3]' },
        {
          send: {
            type: 'response.output_audio_transcript.delta',
            delta: 'still here',
            item_id: 'i1',
          },
        },
      ],
    });
    const r = recorded();
    await r.session.start(startConfig(srv.url));
    await until(() => r.events.find((e) => e.type === 'output_transcript_delta'), 'the good event');
    expect(r.problems.length).toBeGreaterThanOrEqual(7);
    expect(r.session.state).toBe('live');
    r.session.sendAudio(PCM_FRAME_BASE64);
    await srv.waitForMessage('input_audio_buffer.append');
    expect(srv.connections).toHaveLength(1);
  });

  it('scenario 14: a dropped socket reconnects with a new session.update carrying the recap', async () => {
    const srv = await server({
      scripts: [[{ waitFor: 'session.update' }, { terminate: true }], []],
    });
    const r = recorded();
    await r.session.start(
      startConfig(srv.url, { recap: () => 'user: run the tests\n[running] task-1: run the tests' }),
    );
    await until(() => r.states.find((s) => s.state === 'reconnecting'), 'reconnecting');
    const reconnecting = r.states.find((s) => s.state === 'reconnecting')!;
    expect(reconnecting.attempt).toBe(1);
    expect(reconnecting.retryInMs).toBeGreaterThan(0);
    await srv.waitForConnection(1);
    await until(() => r.session.state === 'live' && r.states.length >= 4, 'live again');
    const updates = srv.messagesOfType('session.update');
    await until(() => srv.messagesOfType('session.update').length === 2, 'second session.update');
    const second = srv.messagesOfType('session.update')[1]!;
    expect(second.connectionIndex).toBe(1);
    expect(JSON.stringify(second.json)).toContain('[running] task-1: run the tests');
    expect(updates.length).toBeGreaterThanOrEqual(1);
    r.session.sendAudio(PCM_FRAME_BASE64);
    const append = await srv.waitForMessage('input_audio_buffer.append');
    expect(append.connectionIndex).toBe(1);
  });

  it('the server closing right after session.updated triggers a reconnect, not an end', async () => {
    const srv = await server({
      scripts: [
        [
          { waitFor: 'session.update' },
          { send: { type: 'session.updated', session: { id: 's' } } },
          { close: 1011, reason: 'server restart' },
        ],
        [],
      ],
    });
    const r = recorded();
    const closed: string[] = [];
    r.session.on('closed', (c) => closed.push(c.reason));
    await r.session.start(startConfig(srv.url));
    await srv.waitForConnection(1);
    await until(() => srv.messagesOfType('session.update').length === 2, 'second session.update');
    await until(() => r.session.state === 'live', 'live');
    expect(closed).toEqual([]);
    expect(r.states.map((s) => s.state)).toEqual(['connecting', 'live', 'reconnecting', 'live']);
  });

  it('scenario 15: a second start replaces the first connection; audio goes only to the new one', async () => {
    const first = await server();
    const second = await server();
    const r = recorded();
    await r.session.start(startConfig(first.url));
    await r.session.start(startConfig(second.url));
    await first.connections[0]!.waitForClose();
    r.session.sendAudio(PCM_FRAME_BASE64);
    await second.waitForMessage('input_audio_buffer.append');
    expect(first.messagesOfType('input_audio_buffer.append')).toHaveLength(0);
    expect(r.session.state).toBe('live');
  });

  it('scenario 16: preflight failures give one clear error and no connection attempt', async () => {
    const srv = await server();
    const r = recorded();
    await expect(r.session.start(startConfig(srv.url, { apiKey: null }))).rejects.toThrow(
      /No API key/,
    );
    await expect(r.session.start(startConfig(srv.url, { voice: 'cove' }))).rejects.toThrow(
      /voice "cove" is not available with the V2.*marin/,
    );
    await expect(r.session.start(startConfig('ftp://example.com/v1'))).rejects.toBeInstanceOf(
      SessionPreflightError,
    );
    await expect(r.session.start(startConfig('not a url'))).rejects.toThrow(/URL/i);
    expect(r.transportsCreated()).toBe(0);
    expect(srv.connections).toHaveLength(0);
    expect(r.session.state).toBe('idle');
  });

  it('a refused upgrade (401) fails the start with the status and no closed event', async () => {
    const srv = await server({
      refuse: { status: 401, body: '{"error":{"message":"Incorrect API key provided"}}' },
    });
    const r = recorded();
    const closed: string[] = [];
    r.session.on('closed', (c) => closed.push(c.reason));
    await expect(r.session.start(startConfig(srv.url))).rejects.toThrow(/401/);
    expect(closed).toEqual([]);
    expect(r.session.state).toBe('idle');
  });

  it('stop while connecting aborts cleanly', async () => {
    const srv = await server();
    const r = recorded();
    const started = r.session.start(startConfig(srv.url));
    r.session.stop();
    await expect(started).rejects.toThrow();
    expect(r.session.state).toBe('closed');
    // Nothing reconnects afterwards.
    await new Promise((res) => setTimeout(res, 400));
    expect(r.session.state).toBe('closed');
    expect(r.transportsCreated()).toBe(1);
  });

  it('a send while the server is silent is not held up by the pending read', async () => {
    const srv = await server();
    const r = recorded();
    await r.session.start(startConfig(srv.url));
    const t0 = performance.now();
    for (let i = 0; i < 50; i++) r.session.sendAudio(PCM_FRAME_BASE64);
    await r.session.sendText('ping');
    await until(() => srv.messagesOfType('input_audio_buffer.append').length === 50, 'all frames');
    await srv.waitForMessage('conversation.item.create');
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('sending with no session is a clear error', async () => {
    const r = recorded();
    expect(() => r.session.sendAudio(PCM_FRAME_BASE64)).toThrow(/No realtime session/);
    await expect(r.session.sendText('hi')).rejects.toThrow(/No realtime session/);
  });

  it('rotates to a fresh socket before the session limit without going through reconnecting', async () => {
    const srv = await server();
    const r = recorded({ rotateAfterMs: 300 });
    const replaced: string[] = [];
    r.session.on('socket_replaced', (e) => replaced.push(e.reason));
    await r.session.start(startConfig(srv.url, { recap: () => 'user: hello' }));
    await srv.waitForConnection(1, 5000);
    await until(() => srv.messagesOfType('session.update').length >= 2, 'second session.update');
    await srv.connections[0]!.waitForClose();
    expect(replaced[0]).toBe('rotation');
    expect(r.states.map((s) => s.state)).toEqual(['connecting', 'live']);
    r.session.sendAudio(PCM_FRAME_BASE64);
    const append = await srv.waitForMessage('input_audio_buffer.append');
    expect(append.connectionIndex).toBeGreaterThanOrEqual(1);
  });
});

describe('no reconnect storm against a server that accepts and closes', () => {
  it('a 1008 close ends the session at once with a clear state', async () => {
    const srv = await server({
      script: [{ waitFor: 'session.update' }, { close: 1008, reason: 'policy' }],
    });
    const r = recorded();
    await r.session.start(startConfig(srv.url));
    await until(() => r.session.state === 'closed', 'the session to give up');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(srv.connections).toHaveLength(1);
    expect(r.states.at(-1)?.detail).toMatch(/closed the connection for good \(code 1008\)/);
  });

  it('a server that keeps closing right after each open is left alone after 3 tries', async () => {
    const srv = await server({
      script: [{ waitFor: 'session.update' }, { close: 1011, reason: 'busy' }],
    });
    const r = recorded();
    await r.session.start(startConfig(srv.url));
    await until(() => r.session.state === 'closed', 'the session to give up', 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(srv.connections.length).toBe(3);
    expect(r.states.at(-1)?.detail).toMatch(/right after it opened, 3 times in a row/);
  });
});
