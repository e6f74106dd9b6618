import { describe, expect, it } from 'vitest';
import {
  boundPayload,
  frameType,
  isAudioEventType,
  PAYLOAD_BUDGET,
  PAYLOAD_LIMIT,
  recordTraffic,
  TrafficLog,
} from '../../../main/app/traffic-log';
import { FakeTransport } from '../../fakes/fake-transport';

const endpoint = { url: 'wss://x/v1/realtime', headers: {} };
const append = (audio: string) => JSON.stringify({ type: 'input_audio_buffer.append', audio });

describe('TrafficLog', () => {
  it('records type, size, time and direction, and keeps readable payloads', () => {
    let now = 1000;
    const log = new TrafficLog(() => now);
    log.record('client', '{"type":"session.update","session":{"voice":"marin"}}');
    now = 1500;
    log.record('server', '{"event_id":"e1","type":"session.updated","session":{}}');
    expect(log.page()).toEqual({
      events: [
        {
          seq: 0,
          at: 1000,
          direction: 'client',
          type: 'session.update',
          bytes: 53,
          count: 1,
          payload: '{"type":"session.update","session":{"voice":"marin"}}',
        },
        {
          seq: 1,
          at: 1500,
          direction: 'server',
          type: 'session.updated',
          bytes: 55,
          count: 1,
          payload: '{"event_id":"e1","type":"session.updated","session":{}}',
        },
      ],
      dropped: 0,
      capacity: 1000,
    });
  });

  it('merges a run of audio events into one row, payload elided, bytes added up', () => {
    const log = new TrafficLog(() => 5);
    for (let i = 0; i < 50; i++) log.record('client', append('A'.repeat(1280)));
    log.record('server', '{"type":"response.output_audio.delta","delta":"AAAA"}');
    log.record('client', append('B'));
    log.record('server', '{"type":"response.output_audio_transcript.delta","delta":"hi"}');
    log.record('client', append('C'));
    const { events } = log.page();
    expect(events.map((e) => [e.type, e.direction, e.count, e.payload === null])).toEqual([
      ['input_audio_buffer.append', 'client', 51, true],
      ['response.output_audio.delta', 'server', 1, true],
      ['response.output_audio_transcript.delta', 'server', 1, false],
      ['input_audio_buffer.append', 'client', 1, true],
    ]);
    expect(events[0]!.bytes).toBe(50 * append('A'.repeat(1280)).length + append('B').length);
  });

  it('keeps duplex audio to two growing rows: a minute of it does not push out what came before', () => {
    const log = new TrafficLog(() => 0);
    log.record('server', '{"type":"session.updated","session":{}}');
    for (let frame = 0; frame < 3_000; frame++) {
      log.record('server', `{"type":"response.output_audio.delta","delta":"${frame}"}`);
      log.record('client', append(String(frame)));
    }
    const page = log.page();
    expect(page.events.map((e) => [e.type, e.count])).toEqual([
      ['session.updated', 1],
      ['response.output_audio.delta', 3_000],
      ['input_audio_buffer.append', 3_000],
    ]);
    expect(page.dropped).toBe(0);
    // A poller that saw both runs sees them again while they grow.
    log.record('client', append('more'));
    expect(log.page(2).events.map((e) => [e.seq, e.count])).toEqual([
      [1, 3_000],
      [2, 3_001],
    ]);
  });

  it('merges audio whose type does not come first as well', () => {
    const log = new TrafficLog(() => 0);
    for (let i = 0; i < 10; i++) {
      log.record(
        'server',
        `{"event_id":"e${i}","type":"response.output_audio.delta","delta":"AA"}`,
      );
    }
    expect(log.page().events.map((e) => [e.type, e.count])).toEqual([
      ['response.output_audio.delta', 10],
    ]);
  });

  it('reads a frame type without a regex when the type comes first, and like the regex otherwise', () => {
    const cases = [
      '{"type":"response.output_audio.delta","delta":"AAAA"}',
      '{"event_id":"e1","type":"session.updated"}',
      '{"type":"a\\"b","type":"second"}',
      '{"type":""}',
      `{"type":"${'x'.repeat(101)}"}`,
      'not json',
    ];
    const byRegex = (text: string) =>
      /"type"\s*:\s*"([^"\\]{1,100})"/.exec(text.slice(0, 400))?.[1] ?? '(unparsed)';
    for (const text of cases) expect(frameType(text)).toBe(byRegex(text));
  });

  it.each([
    ['input_audio_buffer.append', true],
    ['response.output_audio.delta', true],
    ['response.audio.delta', true],
    ['conversation.output_audio.delta', true],
    ['response.output_audio_transcript.delta', false],
    ['conversation.item.input_audio_transcription.delta', false],
    ['input_audio_buffer.commit', false],
  ])('%s is audio: %s', (type, audio) => {
    expect(isAudioEventType(type)).toBe(audio);
  });

  it('elides long base64 inside readable events and bounds the payload', () => {
    const withAudio = JSON.stringify({
      type: 'conversation.item.create',
      item: { audio: 'Q'.repeat(4000) },
    });
    expect(boundPayload(withAudio)).toBe(
      '{"type":"conversation.item.create","item":{"audio":"<3000 bytes of base64 elided>"}}',
    );
    const long = boundPayload(
      JSON.stringify({ type: 'session.update', instructions: 'word '.repeat(5000) }),
    );
    expect(long.length).toBeLessThan(PAYLOAD_LIMIT + 40);
    expect(long).toMatch(/…\(\d+ more characters\)$/);
  });

  it('names a frame without a type "(unparsed)"', () => {
    const log = new TrafficLog(() => 0);
    log.record('server', 'not json');
    expect(log.page().events[0]).toMatchObject({ type: '(unparsed)', payload: 'not json' });
  });

  it('is a bounded ring: the oldest rows go and are counted', () => {
    const log = new TrafficLog(() => 0, 3);
    for (let i = 0; i < 5; i++) log.record('server', `{"type":"e${i}"}`);
    const page = log.page();
    expect(page.events.map((e) => e.type)).toEqual(['e2', 'e3', 'e4']);
    expect(page.dropped).toBe(2);
  });

  it('keeps at most PAYLOAD_BUDGET characters of payload: the oldest rows lose theirs first', () => {
    const log = new TrafficLog(() => 0);
    const big = (n: number) =>
      JSON.stringify({ type: 'conversation.item.done', text: `${n} `.repeat(PAYLOAD_LIMIT / 2) });
    const rows = Math.ceil((PAYLOAD_BUDGET * 2) / PAYLOAD_LIMIT);
    for (let n = 0; n < rows; n++) log.record('server', big(n % 10));
    const { events } = log.page();
    expect(events).toHaveLength(rows);
    const held = events.reduce((sum, row) => sum + (row.payload?.length ?? 0), 0);
    expect(held).toBeLessThanOrEqual(PAYLOAD_BUDGET + 100 * rows);
    expect(events[0]!.payload).toMatch(/payload dropped/);
    expect(events.at(-1)!.payload).toContain('conversation.item.done');
    expect(events.at(-1)!.bytes).toBeGreaterThan(PAYLOAD_LIMIT);
  });

  it('pages after a seq, and repeats a still-growing audio run so a poller sees it grow', () => {
    const log = new TrafficLog(() => 0);
    log.record('server', '{"type":"a"}');
    log.record('client', append('x'));
    log.record('client', append('y'));
    expect(log.page(0).events.map((e) => [e.seq, e.count])).toEqual([[1, 2]]);
    log.record('client', append('z'));
    expect(log.page(1).events.map((e) => [e.seq, e.count])).toEqual([[1, 3]]);
    log.record('server', '{"type":"b"}');
    expect(log.page(1).events.map((e) => e.type)).toEqual(['b']);
  });
});

describe('recordTraffic', () => {
  it('records what the session sends and receives, and passes everything through', async () => {
    const log = new TrafficLog(() => 0);
    const inner = new FakeTransport(endpoint);
    const transport = recordTraffic(inner, log);
    const received: string[] = [];
    transport.on('message', (text) => received.push(text));
    await transport.connect();
    expect(transport.state).toBe('open');
    transport.send('{"type":"session.update"}');
    inner.receive({ type: 'session.updated' });
    expect(inner.sent).toEqual([{ type: 'session.update' }]);
    expect(received).toEqual(['{"type":"session.updated"}']);
    expect(log.page().events.map((e) => `${e.direction} ${e.type}`)).toEqual([
      'client session.update',
      'server session.updated',
    ]);
    transport.dispose();
    expect(inner.state).toBe('closed');
  });

  it('records nothing for a send the transport refused', () => {
    const log = new TrafficLog(() => 0);
    const transport = recordTraffic(new FakeTransport(endpoint), log);
    expect(() => transport.send('{"type":"x"}')).toThrow(/not open/);
    expect(log.page().events).toEqual([]);
  });
});
