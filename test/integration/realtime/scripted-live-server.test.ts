import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startScriptedLiveServer, type ScriptedLiveServer } from '../../fakes/scripted-live-server';

/** A bare ws client that records what the fake answers. */
async function rawClient(url: string) {
  const ws = new WebSocket(`${url}/live/sessions`, { headers: { Authorization: 'Bearer k' } });
  const received: Record<string, unknown>[] = [];
  ws.on('message', (data) => received.push(JSON.parse(String(data)) as Record<string, unknown>));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const send = (event: object): void => ws.send(JSON.stringify(event));
  const next = async (type: string, from = 0): Promise<Record<string, unknown>> => {
    const deadline = Date.now() + 3_000;
    for (;;) {
      const found = received.slice(from).find((e) => e.type === type);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no ${type}; got ${JSON.stringify(received)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  return { ws, received, send, next };
}

const START = {
  type: 'session.start',
  session: {
    model: 'gpt-live-1',
    audio: { format: { type: 'audio/pcm', rate: 24000 }, output: { voice: 'marin' } },
    delegation: { type: 'client' },
  },
};
const frame = (ms: number): string => Buffer.alloc(ms * 48).toString('base64');

let server: ScriptedLiveServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('the scripted Live server keeps the Live rules', () => {
  it('refuses anything before session.start, nulls and unknown fields in it', async () => {
    server = await startScriptedLiveServer();
    const c = await rawClient(server.url);
    c.send({ type: 'session.input_audio.append', audio: frame(20) });
    expect((await c.next('error')).error).toMatchObject({ code: 'session_not_started' });
    c.send({ ...START, session: { ...START.session, instructions: null } });
    await new Promise((r) => setTimeout(r, 50));
    c.send({ ...START, session: { ...START.session, turn_detection: { type: 'server_vad' } } });
    await new Promise((r) => setTimeout(r, 50));
    const errors = c.received.filter((e) => e.type === 'error').map((e) => e.error);
    expect(errors).toEqual([
      expect.objectContaining({ code: 'session_not_started' }),
      expect.objectContaining({ code: 'invalid_type', param: 'session.instructions' }),
      expect.objectContaining({ code: 'unknown_parameter' }),
    ]);
    expect(c.received.some((e) => e.type === 'session.started')).toBe(false);
    c.send(START);
    expect((await c.next('session.started')).session).toMatchObject({ model: 'gpt-live-1' });
    c.ws.close();
  });

  it('refuses unknown client events, Responses-only events and over-cap appends', async () => {
    server = await startScriptedLiveServer();
    const c = await rawClient(server.url);
    c.send(START);
    await c.next('session.started');
    c.send({ type: 'input_audio_buffer.commit', event_id: 'e1' });
    c.send({ type: 'response.create', event_id: 'e2' });
    c.send({
      type: 'session.commentary.append',
      event_id: 'e3',
      content: 'x'.repeat(2_001),
      delegation_id: null,
    });
    c.send({ type: 'session.commentary.append', event_id: 'e4', content: 'ok' });
    await new Promise((r) => setTimeout(r, 100));
    const errors = c.received.filter((e) => e.type === 'error').map((e) => e.error);
    expect(errors).toEqual([
      expect.objectContaining({ code: 'unknown_event', client_event_id: 'e1' }),
      expect.objectContaining({ code: 'invalid_request', client_event_id: 'e2' }),
      expect.objectContaining({ code: 'invalid_value', param: 'content', client_event_id: 'e3' }),
      expect.objectContaining({ code: 'invalid_value', client_event_id: 'e4' }), // no delegation_id
    ]);
    c.ws.close();
  });

  it('places appends only while audio streams, on a timeline the audio drives', async () => {
    server = await startScriptedLiveServer();
    const c = await rawClient(server.url);
    c.send(START);
    await c.next('session.started');
    c.send({ type: 'session.input_audio.append', audio: frame(500) });
    c.send({
      type: 'session.commentary.append',
      event_id: 'r1',
      content: 'Tests pass.',
      delegation_id: null,
    });
    await new Promise((r) => setTimeout(r, 150));
    expect(c.received.some((e) => e.type === 'session.commentary.appended')).toBe(false);
    c.send({ type: 'session.input_audio.append', audio: frame(20) });
    expect(await c.next('session.commentary.appended')).toMatchObject({
      client_event_id: 'r1',
      start_ms: 500,
      end_ms: 1_300,
    });
    expect(server.connections[0]!.session.timelineMs).toBe(520);
    c.send({
      type: 'session.thinking.append',
      event_id: 'r2',
      content: 'never placed',
      delegation_id: null,
    });
    c.send({ type: 'session.close' });
    const closed = await c.next('session.closed');
    expect(closed).toMatchObject({ reason: 'close_requested', usage: { seconds: 0.52 } });
    const lost = c.received.find((e) => e.type === 'error');
    expect(lost?.error).toMatchObject({
      code: 'context_injection_incomplete',
      client_event_id: 'r2',
    });
    if (c.ws.readyState !== WebSocket.CLOSED) await new Promise((r) => c.ws.once('close', r));
    expect(c.ws.readyState).toBe(WebSocket.CLOSED);
  });
});
