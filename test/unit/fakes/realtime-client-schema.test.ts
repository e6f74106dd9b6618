import { describe, expect, it } from 'vitest';
import { buildSessionUpdate } from '../../../main/realtime/session-config';
import { functionCallOutput, resultMessage } from '../../../main/handoff/handoff-client-events';
import {
  REALTIME_CLIENT_EVENT_TYPES,
  realtimeClientEventProblem,
} from '../../fakes/realtime-client-schema';

describe('the GA Realtime client event schemas the integration tests check against', () => {
  it('knows every client event type of the GA API', () => {
    expect([...REALTIME_CLIENT_EVENT_TYPES].sort()).toEqual([
      'conversation.item.create',
      'conversation.item.delete',
      'conversation.item.retrieve',
      'conversation.item.truncate',
      'input_audio_buffer.append',
      'input_audio_buffer.clear',
      'input_audio_buffer.commit',
      'output_audio_buffer.clear',
      'response.cancel',
      'response.create',
      'session.update',
    ]);
  });

  it('accepts what Parley sends in V2', () => {
    for (const talkMode of ['hands-free', 'hold'] as const) {
      const update = buildSessionUpdate({
        protocol: 'v2',
        instructions: 'x',
        voice: null,
        talkMode,
      });
      expect(realtimeClientEventProblem(update)).toBeNull();
    }
    const events: object[] = [
      functionCallOutput('call_1', 'done'),
      resultMessage('All green.'),
      { type: 'response.create' },
      { type: 'response.cancel' },
      { type: 'input_audio_buffer.commit' },
      { type: 'input_audio_buffer.clear' },
      { type: 'input_audio_buffer.append', audio: 'AAAA' },
      { type: 'conversation.item.truncate', item_id: 'a1', content_index: 0, audio_end_ms: 700 },
      {
        type: 'conversation.item.create',
        item: {
          type: 'message',
          role: 'user',
          content: [{ type: 'input_text', text: '[USER] hi' }],
        },
      },
    ];
    for (const event of events) expect(realtimeClientEventProblem(event)).toBeNull();
  });

  it('rejects unknown fields, wrong types and events that are not GA client events', () => {
    expect(realtimeClientEventProblem({ type: 'response.cancel', extra: 1 })).toContain('"extra"');
    expect(
      realtimeClientEventProblem({
        type: 'conversation.item.truncate',
        item_id: 'a1',
        content_index: 0,
        audio_end_ms: 1.5,
      }),
    ).toContain('/audio_end_ms must be integer');
    expect(realtimeClientEventProblem({ type: 'conversation.handoff.append' })).toContain(
      'not a GA Realtime client event',
    );
    expect(
      realtimeClientEventProblem(
        buildSessionUpdate({ protocol: 'v1', instructions: '', voice: null, talkMode: 'hold' }),
      ),
    ).not.toBeNull();
    expect(realtimeClientEventProblem('nope')).toBe('not an object with a string "type"');
  });
});
