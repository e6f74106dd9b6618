import { describe, expect, it } from 'vitest';
import {
  buildLiveInput,
  buildLiveSessionStart,
  LIVE_INPUT_MAX_MESSAGES,
  LIVE_INPUT_MAX_TOKENS,
  LIVE_INSTRUCTIONS_MAX_TOKENS,
  recapMessagesFrom,
  type RecapMessage,
} from '../../../main/realtime/live-session-start';
import { estimateTokens, utf8Length } from '../../../main/realtime/utf8-text';
import { liveClientEventProblem } from '../../fakes/live-client-schema';

/** Every null anywhere in a value, by path. */
function nullsIn(value: unknown, path = ''): string[] {
  if (value === null) return [path];
  if (typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => nullsIn(v, `${path}.${k}`));
}

describe('buildLiveSessionStart', () => {
  it('a first session: model, instructions, PCM 24 kHz, voice, client delegation — nothing else', () => {
    const event = buildLiveSessionStart({
      model: 'gpt-live-1',
      instructions: 'You are Parley.',
      voice: 'cedar',
    });
    expect(event).toEqual({
      type: 'session.start',
      session: {
        model: 'gpt-live-1',
        instructions: 'You are Parley.',
        audio: { format: { type: 'audio/pcm', rate: 24000 }, output: { voice: 'cedar' } },
        delegation: { type: 'client' },
      },
    });
    expect(liveClientEventProblem(event)).toBeNull();
    expect(nullsIn(event)).toEqual([]);
  });

  it('omits blank instructions and an empty recap instead of sending null or empty', () => {
    const event = buildLiveSessionStart({
      model: 'gpt-live-1',
      instructions: '  ',
      voice: null,
      recap: [],
    });
    expect(Object.keys(event.session)).toEqual(['model', 'audio', 'delegation']);
    expect(event.session.audio.output.voice).toBe('marin');
    expect(liveClientEventProblem(event)).toBeNull();
  });

  it('a reconnect carries the recap as start-up history, oldest first, with the right parts', () => {
    const recap: RecapMessage[] = [
      { role: 'developer', text: 'Tasks still going: [running] tests' },
      { role: 'user', text: 'run the tests' },
      { role: 'assistant', text: 'On it.' },
      { role: 'user', text: '   ' },
    ];
    const event = buildLiveSessionStart({ model: 'm', instructions: 'I', voice: 'marin', recap });
    expect(event.session.input).toEqual([
      {
        type: 'message',
        role: 'developer',
        content: [{ type: 'input_text', text: 'Tasks still going: [running] tests' }],
      },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'run the tests' }] },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'On it.' }] },
    ]);
    expect(liveClientEventProblem(event)).toBeNull();
    expect(nullsIn(event)).toEqual([]);
  });

  it('keeps the newest 128 messages', () => {
    const recap = Array.from({ length: 300 }, (_, i) => ({ role: 'user' as const, text: `m${i}` }));
    const input = buildLiveInput(recap);
    expect(input).toHaveLength(LIVE_INPUT_MAX_MESSAGES);
    expect(input[0]?.content[0].text).toBe('m172');
    expect(input.at(-1)?.content[0].text).toBe('m299');
    const event = buildLiveSessionStart({ model: 'm', instructions: '', voice: null, recap });
    expect(liveClientEventProblem(event)).toBeNull();
  });

  it('keeps the newest messages within the token budget, each message bounded', () => {
    const long = 'word '.repeat(3_000);
    const recap = Array.from({ length: 60 }, (_, i) => ({
      role: i % 2 ? ('assistant' as const) : ('user' as const),
      text: `${i} ${long}`,
    }));
    const input = buildLiveInput(recap);
    const texts = input.map((item) => item.content[0].text);
    const tokens = texts.reduce((sum, text) => sum + estimateTokens(text), 0);
    expect(tokens).toBeLessThanOrEqual(LIVE_INPUT_MAX_TOKENS);
    expect(input.length).toBeGreaterThan(10);
    expect(texts.at(-1)?.startsWith('59 ')).toBe(true);
    for (const text of texts) expect(utf8Length(text)).toBeLessThanOrEqual(2_000);
  });

  it('cuts over-long instructions to the limit at a character boundary', () => {
    const instructions = '日本語のテキスト。'.repeat(10_000);
    const event = buildLiveSessionStart({ model: 'm', instructions, voice: null });
    const sent = event.session.instructions ?? '';
    expect(estimateTokens(sent)).toBeLessThanOrEqual(LIVE_INSTRUCTIONS_MAX_TOKENS);
    expect(instructions.startsWith(sent)).toBe(true);
    expect(sent.length).toBeGreaterThan(1_000);
  });

  it('the schema check is real: nulls, unknown fields and a wrong rate are refused', () => {
    const good = buildLiveSessionStart({ model: 'm', instructions: 'I', voice: 'marin' });
    const withStore = { ...good, session: { ...good.session, store: null } };
    const withExtra = { ...good, session: { ...good.session, turn_detection: {} } };
    const badRate = {
      ...good,
      session: { ...good.session, audio: { format: { type: 'audio/pcm', rate: 44100 } } },
    };
    expect(liveClientEventProblem(withStore)).toMatch(/store/);
    expect(liveClientEventProblem(withExtra)).toMatch(/turn_detection/);
    expect(liveClientEventProblem(badRate)).toMatch(/rate/);
  });

  it('recapMessagesFrom: transcript lines in order, running tasks last', () => {
    const lines = [
      { role: 'user' as const, text: ' run the tests ' },
      { role: 'assistant' as const, text: '' },
      { role: 'assistant' as const, text: 'On it.' },
    ];
    expect(recapMessagesFrom(lines, '[running] task-1-run-the-tests')).toEqual([
      { role: 'user', text: 'run the tests' },
      { role: 'assistant', text: 'On it.' },
      { role: 'developer', text: 'Tasks still going:\n[running] task-1-run-the-tests' },
    ]);
    expect(recapMessagesFrom([], ' ')).toEqual([]);
  });
});
