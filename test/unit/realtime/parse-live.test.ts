import { describe, expect, it } from 'vitest';
import { parseLive } from '../../../main/realtime/parse-live';
import type {
  ParseProblem,
  ParseResult,
  RealtimeEvent,
} from '../../../main/realtime/realtime-events';

const wire = (value: Record<string, unknown>): string => JSON.stringify(value);

function eventsOf(result: ParseResult): RealtimeEvent[] {
  if (!result.ok) throw new Error(`unexpected problem: ${JSON.stringify(result.problem)}`);
  return result.events;
}

function problemOf(result: ParseResult): ParseProblem {
  if (result.ok) throw new Error(`expected a problem, got ${JSON.stringify(result.events)}`);
  return result.problem;
}

const SESSION = {
  id: 'sess_1',
  expires_at: 1_790_000_000,
  model: 'gpt-live-1',
  status: 'active',
  audio: { format: { type: 'audio/pcm', rate: 24000 }, output: { voice: 'marin' } },
  delegation: { type: 'client' },
};

describe('parseLive: session lifecycle', () => {
  it('session.started → session_started with id and expiry', () => {
    const text = wire({ type: 'session.started', event_id: 'e1', session: SESSION });
    expect(eventsOf(parseLive(text))).toEqual([
      { type: 'session_started', sessionId: 'sess_1', expiresAt: 1_790_000_000 },
    ]);
  });

  it('session.updated → session_updated', () => {
    const text = wire({ type: 'session.updated', event_id: 'e2', session: SESSION });
    expect(eventsOf(parseLive(text))).toEqual([{ type: 'session_updated', sessionId: 'sess_1' }]);
  });

  it.each([
    ['close_requested', 12.5],
    ['expired', 7200],
    ['content', 3],
    ['remote_hangup', 1],
    ['connection_lost', 0],
  ])('session.closed %s → session_closed with usage', (reason, seconds) => {
    const text = wire({
      type: 'session.closed',
      event_id: 'e3',
      reason,
      session: SESSION,
      usage: { seconds },
    });
    expect(eventsOf(parseLive(text))).toEqual([
      { type: 'session_closed', reason, usageSeconds: seconds },
    ]);
  });

  it('session.closed with an unknown reason keeps it; without one says unknown', () => {
    expect(eventsOf(parseLive(wire({ type: 'session.closed', reason: 'maintenance' })))).toEqual([
      { type: 'session_closed', reason: 'maintenance', usageSeconds: null },
    ]);
    expect(eventsOf(parseLive(wire({ type: 'session.closed' })))).toEqual([
      { type: 'session_closed', reason: 'unknown', usageSeconds: null },
    ]);
  });

  it('muted and unmuted → input_muted', () => {
    expect(eventsOf(parseLive(wire({ type: 'session.input_audio.muted', event_id: 'e' })))).toEqual(
      [{ type: 'input_muted', muted: true }],
    );
    expect(eventsOf(parseLive(wire({ type: 'session.input_audio.unmuted' })))).toEqual([
      { type: 'input_muted', muted: false },
    ]);
  });

  it('session.usage.updated → usage_updated (cumulative seconds, context ratio)', () => {
    const text = wire({
      type: 'session.usage.updated',
      event_id: 'e',
      usage: { seconds: 42.4 },
      context_window: { usage_ratio: 0.12 },
    });
    expect(eventsOf(parseLive(text))).toEqual([
      { type: 'usage_updated', seconds: 42.4, contextUsageRatio: 0.12 },
    ]);
    expect(
      eventsOf(parseLive(wire({ type: 'session.usage.updated', usage: { seconds: 1 } }))),
    ).toEqual([{ type: 'usage_updated', seconds: 1, contextUsageRatio: null }]);
  });

  it('info → info', () => {
    const text = wire({ type: 'info', event_id: 'e', code: 'slow_down', message: 'Busy.' });
    expect(eventsOf(parseLive(text))).toEqual([
      { type: 'info', code: 'slow_down', message: 'Busy.' },
    ]);
  });
});

describe('parseLive: audio, transcript and delegation', () => {
  it('session.output_audio.delta → audio_out at 24 kHz mono, no item id', () => {
    expect(
      eventsOf(parseLive(wire({ type: 'session.output_audio.delta', delta: 'AAA=' }))),
    ).toEqual([
      {
        type: 'audio_out',
        data: 'AAA=',
        sampleRate: 24000,
        channels: 1,
        samplesPerChannel: null,
        itemId: null,
      },
    ]);
  });

  it('input and output transcript fragments keep their timeline position', () => {
    const input = wire({
      type: 'session.input_transcript.delta',
      event_id: 'e',
      delta: ' run the',
      start_ms: 1200,
      end_ms: 1400,
    });
    const output = wire({
      type: 'session.output_transcript.delta',
      event_id: 'e',
      delta: 'On it.',
      start_ms: 1500.5,
      end_ms: 1700,
    });
    expect(eventsOf(parseLive(input))).toEqual([
      {
        type: 'input_transcript_delta',
        delta: ' run the',
        itemId: null,
        startMs: 1200,
        endMs: 1400,
      },
    ]);
    expect(eventsOf(parseLive(output))).toEqual([
      {
        type: 'output_transcript_delta',
        delta: 'On it.',
        itemId: null,
        startMs: 1500.5,
        endMs: 1700,
      },
    ]);
  });

  it('a fragment without times still carries its text', () => {
    const text = wire({ type: 'session.input_transcript.delta', delta: 'hi' });
    expect(eventsOf(parseLive(text))).toEqual([
      { type: 'input_transcript_delta', delta: 'hi', itemId: null },
    ]);
  });

  it('session.delegation.created → delegation_created (id, offset, target)', () => {
    const text = wire({
      type: 'session.delegation.created',
      event_id: 'e',
      offset_ms: 1200,
      delegation: { id: 'del_1', type: 'delegation', target: 'client' },
    });
    expect(eventsOf(parseLive(text))).toEqual([
      { type: 'delegation_created', delegationId: 'del_1', offsetMs: 1200, target: 'client' },
    ]);
  });

  it.each([
    ['session.commentary.appended', 'commentary'],
    ['session.thinking.appended', 'thinking'],
    ['session.instructions.appended', 'instructions'],
  ])('%s → append_placed of kind %s', (type, kind) => {
    const withId = wire({ type, start_ms: 900, end_ms: 1800, client_event_id: 'parley_7' });
    expect(eventsOf(parseLive(withId))).toEqual([
      { type: 'append_placed', kind, clientEventId: 'parley_7', startMs: 900, endMs: 1800 },
    ]);
    expect(eventsOf(parseLive(wire({ type, start_ms: 1, end_ms: 2 })))).toEqual([
      { type: 'append_placed', kind, clientEventId: null, startMs: 1, endMs: 2 },
    ]);
  });

  it('error → error with code, param and client_event_id', () => {
    const text = wire({
      type: 'error',
      event_id: 'e',
      error: {
        type: 'invalid_request_error',
        code: 'invalid_value',
        message: 'content is longer than 500 tokens',
        param: 'content',
        client_event_id: 'parley_3',
      },
    });
    expect(eventsOf(parseLive(text))).toEqual([
      {
        type: 'error',
        message: 'content is longer than 500 tokens',
        code: 'invalid_value',
        param: 'content',
        clientEventId: 'parley_3',
      },
    ]);
  });

  it('an error with almost nothing still surfaces', () => {
    expect(eventsOf(parseLive(wire({ type: 'error', error: 'broken' })))).toEqual([
      { type: 'error', message: 'broken', code: null, param: null, clientEventId: null },
    ]);
    expect(eventsOf(parseLive(wire({ type: 'error', client_event_id: 'c' })))).toEqual([
      {
        type: 'error',
        message: 'The Live server reported an error.',
        code: null,
        param: null,
        clientEventId: 'c',
      },
    ]);
  });

  it('known events Parley does not use are dropped quietly', () => {
    for (const type of ['response.event', 'transport.ringing', 'session.input_audio.append']) {
      expect(eventsOf(parseLive(wire({ type, event_id: 'e' })))).toEqual([]);
    }
  });
});

describe('parseLive: junk', () => {
  it('malformed JSON, no type, non-objects', () => {
    expect(problemOf(parseLive('{not json')).reason).toBe('malformed_json');
    expect(problemOf(parseLive('[1,2]')).reason).toBe('missing_type');
    expect(problemOf(parseLive(wire({ delta: 'x' }))).reason).toBe('missing_type');
    expect(problemOf(parseLive(wire({ type: 7 }))).reason).toBe('missing_type');
  });

  it('an unknown event is a bounded unknown_type problem', () => {
    const long = `session.${'x'.repeat(5000)}`;
    const p = problemOf(parseLive(wire({ type: long })));
    expect(p.reason).toBe('unknown_type');
    expect(p.detail.length).toBeLessThanOrEqual(500);
    expect(p.eventType!.length).toBeLessThanOrEqual(500);
  });

  it.each([
    { type: 'session.output_audio.delta', delta: 5 },
    { type: 'session.input_transcript.delta', delta: 'a', start_ms: 'soon' },
    { type: 'session.output_transcript.delta', delta: 'a', end_ms: -3 },
    { type: 'session.delegation.created', delegation: { id: 'd' } },
    { type: 'session.delegation.created', offset_ms: 5, delegation: { id: '' } },
    { type: 'session.usage.updated', usage: { seconds: 'many' } },
    { type: 'session.started' },
    { type: 'session.commentary.appended', start_ms: 'x' },
  ])('wrong fields → bad_fields: %j', (body) => {
    const p = problemOf(parseLive(wire(body)));
    expect(p.reason).toBe('bad_fields');
    expect(p.eventType).toBe(body.type);
  });

  it('an oversized frame is refused before parsing', () => {
    const text = wire({ type: 'session.output_audio.delta', delta: 'A'.repeat(2000) });
    expect(problemOf(parseLive(text, { maxFrameBytes: 1000 })).reason).toBe('oversized');
  });

  it('never throws on arbitrary input', () => {
    const samples = [
      '',
      'null',
      '"text"',
      '{}',
      '{"type":""}',
      '\u0000',
      '{"type":"error","error":[]}',
    ];
    for (const s of samples) expect(() => parseLive(s)).not.toThrow();
  });
});
