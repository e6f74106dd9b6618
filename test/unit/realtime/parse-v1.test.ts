import { describe, expect, it } from 'vitest';
import { parseV1 } from '../../../main/realtime/parse-v1';
import type {
  ParseProblem,
  ParseResult,
  RealtimeEvent,
} from '../../../main/realtime/realtime-events';

function wire(value: Record<string, unknown>): string {
  return JSON.stringify(value);
}

function eventsOf(result: ParseResult): RealtimeEvent[] {
  if (!result.ok) throw new Error(`unexpected problem: ${JSON.stringify(result.problem)}`);
  return result.events;
}

function problemOf(result: ParseResult): ParseProblem {
  if (result.ok) throw new Error(`expected a problem, got ${JSON.stringify(result.events)}`);
  return result.problem;
}

describe('parseV1 good frames', () => {
  it('session.updated', () => {
    expect(eventsOf(parseV1(wire({ type: 'session.updated', session: { id: 's1' } })))).toEqual([
      { type: 'session_updated', sessionId: 's1' },
    ]);
    expect(eventsOf(parseV1(wire({ type: 'session.updated' })))).toEqual([
      { type: 'session_updated', sessionId: null },
    ]);
  });

  it('conversation.output_audio.delta with channels or num_channels, no item id', () => {
    expect(
      eventsOf(
        parseV1(
          wire({
            type: 'conversation.output_audio.delta',
            delta: 'AAA=',
            sample_rate: 24000,
            channels: 1,
            samples_per_channel: 480,
            item_id: 'ignored',
          }),
        ),
      ),
    ).toEqual([
      {
        type: 'audio_out',
        data: 'AAA=',
        sampleRate: 24000,
        channels: 1,
        samplesPerChannel: 480,
        itemId: null,
      },
    ]);
    expect(
      eventsOf(
        parseV1(
          wire({
            type: 'conversation.output_audio.delta',
            delta: 'BBB=',
            sample_rate: 16000,
            num_channels: 2,
          }),
        ),
      ),
    ).toEqual([
      {
        type: 'audio_out',
        data: 'BBB=',
        sampleRate: 16000,
        channels: 2,
        samplesPerChannel: null,
        itemId: null,
      },
    ]);
  });

  it.each([
    'conversation.input_transcript.delta',
    'conversation.item.input_audio_transcription.delta',
  ])('%s → input_transcript_delta', (type) => {
    expect(eventsOf(parseV1(wire({ type, delta: 'hel' })))).toEqual([
      { type: 'input_transcript_delta', delta: 'hel', itemId: null },
    ]);
  });

  it('input transcription completed → input_transcript_done', () => {
    expect(
      eventsOf(
        parseV1(
          wire({
            type: 'conversation.item.input_audio_transcription.completed',
            transcript: 'hello',
            item_id: 'i1',
          }),
        ),
      ),
    ).toEqual([{ type: 'input_transcript_done', transcript: 'hello', itemId: 'i1' }]);
  });

  it.each([
    'conversation.output_transcript.delta',
    'response.output_text.delta',
    'response.output_audio_transcript.delta',
  ])('%s → output_transcript_delta', (type) => {
    expect(eventsOf(parseV1(wire({ type, delta: 'ok' })))).toEqual([
      { type: 'output_transcript_delta', delta: 'ok', itemId: null },
    ]);
  });

  it.each(['conversation.input_transcript.done', 'conversation.input_transcript.turn_marked'])(
    '%s finalises the user transcript (its text in transcript or text, or none)',
    (type) => {
      expect(eventsOf(parseV1(wire({ type, transcript: 'Hello.' })))).toEqual([
        { type: 'input_transcript_done', transcript: 'Hello.', itemId: null },
      ]);
      expect(eventsOf(parseV1(wire({ type, text: 'Hi.' })))).toEqual([
        { type: 'input_transcript_done', transcript: 'Hi.', itemId: null },
      ]);
      expect(eventsOf(parseV1(wire({ type })))).toEqual([
        { type: 'input_transcript_done', transcript: '', itemId: null },
      ]);
      expect(parseV1(wire({ type, transcript: 3 }))).toMatchObject({ ok: false });
    },
  );

  it('conversation.output_transcript.done → output_transcript_done', () => {
    expect(
      eventsOf(parseV1(wire({ type: 'conversation.output_transcript.done', transcript: 'ok.' }))),
    ).toEqual([{ type: 'output_transcript_done', transcript: 'ok.', itemId: null }]);
  });

  it('response.output_audio_transcript.done → output_transcript_done', () => {
    expect(
      eventsOf(parseV1(wire({ type: 'response.output_audio_transcript.done', transcript: 'ok.' }))),
    ).toEqual([{ type: 'output_transcript_done', transcript: 'ok.', itemId: null }]);
  });

  it('conversation.item.added / .done → item events with joined text', () => {
    const item = {
      id: 'it1',
      type: 'message',
      role: 'user',
      content: [
        { type: 'input_text', text: 'hi ' },
        { type: 'input_audio', transcript: 'there' },
      ],
    };
    const added = eventsOf(parseV1(wire({ type: 'conversation.item.added', item })));
    expect(added).toEqual([
      {
        type: 'item_added',
        item: { id: 'it1', type: 'message', role: 'user', text: 'hi there', raw: item },
      },
    ]);
    const done = eventsOf(
      parseV1(wire({ type: 'conversation.item.done', item: { type: 'message' } })),
    );
    expect(done).toEqual([
      {
        type: 'item_done',
        item: { id: null, type: 'message', role: null, text: '', raw: { type: 'message' } },
      },
    ]);
  });

  it('conversation.handoff.requested → handoff_requested', () => {
    expect(
      eventsOf(
        parseV1(
          wire({
            type: 'conversation.handoff.requested',
            handoff_id: 'h1',
            item_id: 'i9',
            input_transcript: 'run the tests',
          }),
        ),
      ),
    ).toEqual([
      {
        type: 'handoff_requested',
        handoffId: 'h1',
        itemId: 'i9',
        inputTranscript: 'run the tests',
      },
    ]);
    expect(
      eventsOf(parseV1(wire({ type: 'conversation.handoff.requested', handoff_id: 'h2' }))),
    ).toEqual([{ type: 'handoff_requested', handoffId: 'h2', itemId: null, inputTranscript: '' }]);
  });

  it('error: message, else error.message; code', () => {
    expect(eventsOf(parseV1(wire({ type: 'error', message: 'boom', code: 'x' })))).toEqual([
      { type: 'error', message: 'boom', code: 'x' },
    ]);
    expect(
      eventsOf(parseV1(wire({ type: 'error', error: { message: 'nested', code: 42 } }))),
    ).toEqual([{ type: 'error', message: 'nested', code: '42' }]);
    expect(eventsOf(parseV1(wire({ type: 'error' })))).toEqual([
      { type: 'error', message: 'The server reported an error.', code: null },
    ]);
  });

  it('known but unused events are dropped silently', () => {
    expect(eventsOf(parseV1(wire({ type: 'session.created', session: {} })))).toEqual([]);
  });
});

describe('parseV1 bad frames', () => {
  it.each([
    ['conversation.output_audio.delta', { delta: 5, sample_rate: 24000, channels: 1 }],
    ['conversation.output_audio.delta', { delta: 'A', channels: 1 }],
    ['conversation.output_audio.delta', { delta: 'A', sample_rate: 24000 }],
    ['conversation.output_audio.delta', { delta: 'A', sample_rate: -1, channels: 1 }],
    ['conversation.output_audio.delta', { sample_rate: 24000, channels: 1 }],
    ['conversation.input_transcript.delta', { delta: null }],
    ['conversation.item.input_audio_transcription.completed', { transcript: 3 }],
    ['response.output_text.delta', {}],
    ['response.output_audio_transcript.done', { transcript: ['a'] }],
    ['conversation.item.added', { item: 'nope' }],
    ['conversation.item.done', {}],
    ['conversation.handoff.requested', { handoff_id: 7 }],
    ['conversation.handoff.requested', { handoff_id: 'h', input_transcript: {} }],
    ['session.updated', { session: { id: 1 } }],
    ['error', { message: 12 }],
  ])('%s %j → bad_fields', (type, fields) => {
    const problem = problemOf(parseV1(wire({ type, ...fields })));
    expect(problem.reason).toBe('bad_fields');
    expect(problem.eventType).toBe(type);
    expect(problem.detail.length).toBeGreaterThan(0);
  });

  it('malformed JSON', () => {
    const problem = problemOf(parseV1('{"type": "error",'));
    expect(problem).toMatchObject({ reason: 'malformed_json', eventType: null });
  });

  it.each(['{}', '{"type": 5}', '{"type": ""}', '[1,2]', '"text"', 'null'])(
    'missing or non-string type: %s',
    (text) => {
      expect(problemOf(parseV1(text)).reason).toBe('missing_type');
    },
  );

  it('unknown type (V2-only events are unknown to V1)', () => {
    expect(problemOf(parseV1(wire({ type: 'response.created' })))).toMatchObject({
      reason: 'unknown_type',
      eventType: 'response.created',
    });
  });

  it('oversized frames, with the limit configurable', () => {
    const big = wire({ type: 'conversation.input_transcript.delta', delta: 'x'.repeat(2000) });
    expect(problemOf(parseV1(big, { maxFrameBytes: 1000 })).reason).toBe('oversized');
    expect(parseV1(big, { maxFrameBytes: 5000 }).ok).toBe(true);
    // Multi-byte text counts in UTF-8 bytes, not characters.
    const wide = wire({ type: 'conversation.input_transcript.delta', delta: '€'.repeat(400) });
    expect(wide.length).toBeLessThan(1000);
    expect(problemOf(parseV1(wide, { maxFrameBytes: 1000 })).reason).toBe('oversized');
  });

  it('bounds the detail to 500 characters', () => {
    const junk = `{"type": ${'x'.repeat(5000)}`;
    expect(problemOf(parseV1(junk)).detail.length).toBeLessThanOrEqual(500);
    const longType = 'y'.repeat(5000);
    const problem = problemOf(parseV1(wire({ type: longType })));
    expect(problem.detail.length).toBeLessThanOrEqual(500);
    expect((problem.eventType ?? '').length).toBeLessThanOrEqual(500);
  });
});
