import { describe, expect, it } from 'vitest';
import { extractHandoffInput } from '../../../main/realtime/function-call-item';
import { parseV2 } from '../../../main/realtime/parse-v2';
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

function functionCallDone(item: Record<string, unknown>): string {
  return wire({ type: 'conversation.item.done', item: { type: 'function_call', ...item } });
}

describe('parseV2 audio and transcripts', () => {
  it.each(['response.output_audio.delta', 'response.audio.delta'])(
    '%s → audio_out with defaults and item id',
    (type) => {
      expect(eventsOf(parseV2(wire({ type, delta: 'AAA=', item_id: 'a1' })))).toEqual([
        {
          type: 'audio_out',
          data: 'AAA=',
          sampleRate: 24000,
          channels: 1,
          samplesPerChannel: null,
          itemId: 'a1',
        },
      ]);
    },
  );

  it('audio_out honours explicit rate, channels and samples', () => {
    expect(
      eventsOf(
        parseV2(
          wire({
            type: 'response.output_audio.delta',
            delta: 'A',
            sample_rate: 48000,
            num_channels: 2,
            samples_per_channel: 960,
          }),
        ),
      ),
    ).toEqual([
      {
        type: 'audio_out',
        data: 'A',
        sampleRate: 48000,
        channels: 2,
        samplesPerChannel: 960,
        itemId: null,
      },
    ]);
  });

  it('input transcription delta and completed', () => {
    expect(
      eventsOf(
        parseV2(
          wire({
            type: 'conversation.item.input_audio_transcription.delta',
            delta: 'he',
            item_id: 'u1',
          }),
        ),
      ),
    ).toEqual([{ type: 'input_transcript_delta', delta: 'he', itemId: 'u1' }]);
    expect(
      eventsOf(
        parseV2(
          wire({
            type: 'conversation.item.input_audio_transcription.completed',
            transcript: 'hello',
            item_id: 'u1',
          }),
        ),
      ),
    ).toEqual([{ type: 'input_transcript_done', transcript: 'hello', itemId: 'u1' }]);
  });

  it.each(['response.output_text.delta', 'response.output_audio_transcript.delta'])(
    '%s → output_transcript_delta',
    (type) => {
      expect(eventsOf(parseV2(wire({ type, delta: 'ok', item_id: 'a1' })))).toEqual([
        { type: 'output_transcript_delta', delta: 'ok', itemId: 'a1' },
      ]);
    },
  );

  it('response.output_text.done (text) and response.output_audio_transcript.done (transcript)', () => {
    expect(eventsOf(parseV2(wire({ type: 'response.output_text.done', text: 'T' })))).toEqual([
      { type: 'output_transcript_done', transcript: 'T', itemId: null },
    ]);
    expect(
      eventsOf(
        parseV2(
          wire({ type: 'response.output_audio_transcript.done', transcript: 'S', item_id: 'a' }),
        ),
      ),
    ).toEqual([{ type: 'output_transcript_done', transcript: 'S', itemId: 'a' }]);
  });

  it('V1-only transcript names are unknown to V2', () => {
    expect(
      problemOf(parseV2(wire({ type: 'conversation.output_transcript.delta', delta: 'x' }))),
    ).toMatchObject({
      reason: 'unknown_type',
    });
  });
});

describe('parseV2 session, speech, responses, errors', () => {
  it('session.updated', () => {
    expect(
      eventsOf(parseV2(wire({ type: 'session.updated', session: { id: 's', type: 'realtime' } }))),
    ).toEqual([{ type: 'session_updated', sessionId: 's' }]);
  });

  it('speech started / stopped, item id optional', () => {
    expect(
      eventsOf(parseV2(wire({ type: 'input_audio_buffer.speech_started', item_id: 'u2' }))),
    ).toEqual([{ type: 'speech_started', itemId: 'u2' }]);
    expect(eventsOf(parseV2(wire({ type: 'input_audio_buffer.speech_started' })))).toEqual([
      { type: 'speech_started', itemId: null },
    ]);
    expect(
      eventsOf(parseV2(wire({ type: 'input_audio_buffer.speech_stopped', item_id: 'u2' }))),
    ).toEqual([{ type: 'speech_stopped', itemId: 'u2' }]);
  });

  it.each([
    ['response.created', 'response_created'],
    ['response.cancelled', 'response_cancelled'],
    ['response.done', 'response_done'],
  ])('%s → %s with response.id (fallback response_id)', (type, internal) => {
    expect(eventsOf(parseV2(wire({ type, response: { id: 'r1', status: 'x' } })))).toEqual([
      { type: internal, responseId: 'r1' },
    ]);
    expect(eventsOf(parseV2(wire({ type, response_id: 'r2' })))).toEqual([
      { type: internal, responseId: 'r2' },
    ]);
    expect(eventsOf(parseV2(wire({ type })))).toEqual([{ type: internal, responseId: null }]);
  });

  it('a response.done that lists a function call is not a handoff', () => {
    const frame = wire({
      type: 'response.done',
      response: {
        id: 'r3',
        output: [
          { type: 'function_call', name: 'background_agent', call_id: 'c1', arguments: '{}' },
        ],
      },
    });
    expect(eventsOf(parseV2(frame))).toEqual([{ type: 'response_done', responseId: 'r3' }]);
  });

  it('error: message, else error.message; code', () => {
    const race = 'Conversation already has an active response in progress: resp_1';
    expect(
      eventsOf(
        parseV2(
          wire({
            type: 'error',
            error: { type: 'invalid_request_error', code: 'c', message: race },
          }),
        ),
      ),
    ).toEqual([{ type: 'error', message: race, code: 'c' }]);
    expect(eventsOf(parseV2(wire({ type: 'error', message: 'top' })))).toEqual([
      { type: 'error', message: 'top', code: null },
    ]);
    expect(eventsOf(parseV2(wire({ type: 'error', error: 'plain' })))).toEqual([
      { type: 'error', message: 'plain', code: null },
    ]);
  });

  it.each(['session.created', 'response.output_item.added', 'rate_limits.updated'])(
    'known unused event %s is dropped silently',
    (type) => {
      expect(eventsOf(parseV2(wire({ type })))).toEqual([]);
    },
  );

  it('input_audio_buffer.committed → input_audio_committed (its transcription is due)', () => {
    const committed = {
      type: 'input_audio_buffer.committed',
      item_id: 'u2',
      previous_item_id: 'u1',
    };
    expect(eventsOf(parseV2(wire(committed)))).toEqual([
      { type: 'input_audio_committed', itemId: 'u2', previousItemId: 'u1' },
    ]);
    expect(eventsOf(parseV2(wire({ type: 'input_audio_buffer.committed' })))).toEqual([
      { type: 'input_audio_committed', itemId: null, previousItemId: null },
    ]);
    const bad = parseV2(wire({ type: 'input_audio_buffer.committed', item_id: 7 }));
    expect(bad).toMatchObject({ ok: false, problem: { reason: 'bad_fields' } });
  });

  it('input transcription failed → input_transcript_failed with the error message', () => {
    const failed = {
      type: 'conversation.item.input_audio_transcription.failed',
      item_id: 'u1',
      content_index: 0,
      error: { type: 'transcription_error', code: 'audio_unintelligible', message: 'no speech' },
    };
    expect(eventsOf(parseV2(wire(failed)))).toEqual([
      { type: 'input_transcript_failed', itemId: 'u1', message: 'no speech' },
    ]);
    expect(
      eventsOf(parseV2(wire({ type: 'conversation.item.input_audio_transcription.failed' }))),
    ).toEqual([{ type: 'input_transcript_failed', itemId: null, message: 'transcription failed' }]);
  });
});

describe('parseV2 conversation items and function calls', () => {
  it('conversation.item.added → item_added; non-function item done → item_done', () => {
    const item = {
      id: 'm1',
      type: 'message',
      role: 'assistant',
      content: [{ type: 'output_audio', transcript: 'Hi' }],
    };
    expect(eventsOf(parseV2(wire({ type: 'conversation.item.added', item })))).toEqual([
      {
        type: 'item_added',
        item: { id: 'm1', type: 'message', role: 'assistant', text: 'Hi', raw: item },
      },
    ]);
    expect(eventsOf(parseV2(wire({ type: 'conversation.item.done', item })))).toEqual([
      {
        type: 'item_done',
        item: { id: 'm1', type: 'message', role: 'assistant', text: 'Hi', raw: item },
      },
    ]);
  });

  it('background_agent → handoff_requested with call_id and prompt', () => {
    expect(
      eventsOf(
        parseV2(
          functionCallDone({
            id: 'item1',
            name: 'background_agent',
            call_id: 'call1',
            arguments: '{"prompt":"  run the tests  "}',
          }),
        ),
      ),
    ).toEqual([
      {
        type: 'handoff_requested',
        handoffId: 'call1',
        itemId: 'item1',
        inputTranscript: 'run the tests',
      },
    ]);
  });

  it('background_agent falls back to item.id for the handoff id', () => {
    expect(
      eventsOf(
        parseV2(
          functionCallDone({ id: 'item2', name: 'background_agent', arguments: '{"input":"x"}' }),
        ),
      ),
    ).toEqual([
      { type: 'handoff_requested', handoffId: 'item2', itemId: 'item2', inputTranscript: 'x' },
    ]);
  });

  it('background_agent with neither call_id nor id is bad_fields', () => {
    expect(
      problemOf(parseV2(functionCallDone({ name: 'background_agent', arguments: '{}' }))).reason,
    ).toBe('bad_fields');
  });

  it('remain_silent → noop_requested', () => {
    expect(
      eventsOf(
        parseV2(
          functionCallDone({ id: 'i3', name: 'remain_silent', call_id: 'c3', arguments: '{}' }),
        ),
      ),
    ).toEqual([{ type: 'noop_requested', callId: 'c3', itemId: 'i3' }]);
  });

  it.each(['task_status', 'cancel_task'])('%s → tool_call with raw arguments', (name) => {
    expect(
      eventsOf(
        parseV2(functionCallDone({ id: 'i4', name, call_id: 'c4', arguments: '{"task_id":"t1"}' })),
      ),
    ).toEqual([
      { type: 'tool_call', name, callId: 'c4', itemId: 'i4', arguments: '{"task_id":"t1"}' },
    ]);
  });

  it('tolerates decoded-object arguments', () => {
    expect(
      eventsOf(
        parseV2(
          functionCallDone({
            id: 'i5',
            name: 'cancel_task',
            call_id: 'c5',
            arguments: { task_id: 't' },
          }),
        ),
      ),
    ).toEqual([
      {
        type: 'tool_call',
        name: 'cancel_task',
        callId: 'c5',
        itemId: 'i5',
        arguments: '{"task_id":"t"}',
      },
    ]);
  });

  it('an unknown function → item_done', () => {
    const events = eventsOf(
      parseV2(functionCallDone({ id: 'i6', name: 'weather', call_id: 'c6', arguments: '{}' })),
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'item_done',
      item: { id: 'i6', type: 'function_call' },
    });
  });

  it('function_call with a non-string name is bad_fields', () => {
    expect(problemOf(parseV2(functionCallDone({ id: 'i', name: 3, call_id: 'c' }))).reason).toBe(
      'bad_fields',
    );
    expect(
      problemOf(
        parseV2(
          functionCallDone({ id: 'i', name: 'background_agent', call_id: 'c', arguments: 5 }),
        ),
      ).reason,
    ).toBe('bad_fields');
  });
});

describe('extractHandoffInput', () => {
  it.each([
    ['{"prompt":"p","input":"i"}', 'p'],
    ['{"prompt":"  ","input":"i"}', 'i'],
    ['{"input_transcript":"t","text":"x"}', 't'],
    ['{"text":"x","query":"q"}', 'x'],
    ['{"query":"q"}', 'q'],
    ['{"prompt":5,"query":"q"}', 'q'],
    ['{"task":"other key"}', 'other key'],
    ['{}', ''],
    ['{"prompt":3}', ''],
    ['', ''],
    ['   ', ''],
    ['run the tests', 'run the tests'],
    ['"quoted words"', 'quoted words'],
    ['[1,2]', '[1,2]'],
    ['42', '42'],
    ['{"prompt": "unterminated', '{"prompt": "unterminated'],
  ])('%j → %j', (args, expected) => {
    expect(extractHandoffInput(args)).toBe(expected);
  });
});

describe('parseV2 bad frames', () => {
  it.each([
    ['response.output_audio.delta', { delta: 1 }],
    ['response.output_audio.delta', {}],
    ['response.output_audio.delta', { delta: 'A', sample_rate: 'fast' }],
    ['conversation.item.input_audio_transcription.delta', { delta: 1 }],
    ['conversation.item.input_audio_transcription.completed', {}],
    ['response.output_text.delta', { delta: {} }],
    ['response.output_text.done', { transcript: 'wrong field' }],
    ['response.output_audio_transcript.done', { transcript: null }],
    ['input_audio_buffer.speech_started', { item_id: 4 }],
    ['input_audio_buffer.speech_stopped', { item_id: [] }],
    ['response.created', { response: { id: 9 } }],
    ['response.done', { response: 'r' }],
    ['response.cancelled', { response_id: 1 }],
    ['conversation.item.added', {}],
    ['conversation.item.done', { item: { id: 'x' } }],
    ['session.updated', { session: 'x' }],
    ['error', { error: 5 }],
  ])('%s %j → bad_fields', (type, fields) => {
    const problem = problemOf(parseV2(wire({ type, ...fields })));
    expect(problem.reason).toBe('bad_fields');
    expect(problem.eventType).toBe(type);
  });

  it('malformed JSON, missing type, unknown type, oversized', () => {
    expect(problemOf(parseV2('not json')).reason).toBe('malformed_json');
    expect(problemOf(parseV2('{"delta":"x"}')).reason).toBe('missing_type');
    expect(problemOf(parseV2('{"type":null}')).reason).toBe('missing_type');
    expect(problemOf(parseV2(wire({ type: 'brand.new.event' })))).toMatchObject({
      reason: 'unknown_type',
      eventType: 'brand.new.event',
    });
    const big = wire({ type: 'response.output_audio.delta', delta: 'A'.repeat(100) });
    expect(problemOf(parseV2(big, { maxFrameBytes: 50 })).reason).toBe('oversized');
  });

  it('never throws on hostile input', () => {
    const inputs = [
      '',
      ' ',
      '\u0000',
      '{"type":"error","error":{"message":{"deep":1}}}',
      '{'.repeat(10000),
    ];
    for (const text of inputs) expect(() => parseV2(text)).not.toThrow();
  });
});
