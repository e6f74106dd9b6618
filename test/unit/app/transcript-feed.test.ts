import { describe, expect, it } from 'vitest';
import { TranscriptFeed } from '../../../main/app/transcript-feed';
import type { TranscriptEntry } from '../../../preload/schemas/conversation';

function feed() {
  const f = new TranscriptFeed(() => 1000);
  const published: TranscriptEntry[] = [];
  f.on('entry', (e) => published.push(e));
  return { f, published };
}

describe('TranscriptFeed', () => {
  it('streams deltas into one entry and replaces it with the final text', () => {
    const { f } = feed();
    f.apply({ type: 'output_transcript_delta', delta: 'Hel', itemId: 'a1' });
    f.apply({ type: 'output_transcript_delta', delta: 'lo', itemId: 'a1' });
    expect(f.list()).toMatchObject([{ role: 'assistant', text: 'Hello', final: false }]);
    f.apply({ type: 'output_transcript_done', transcript: 'Hello!', itemId: 'a1' });
    expect(f.list()).toMatchObject([{ role: 'assistant', text: 'Hello!', final: true }]);
  });

  it('a late completed for utterance A after B started lands in A, not in a new entry', () => {
    const { f } = feed();
    f.apply({ type: 'speech_started', itemId: 'u1' });
    f.apply({ type: 'input_transcript_delta', delta: 'first ', itemId: 'u1' });
    f.apply({ type: 'speech_started', itemId: 'u2' });
    f.apply({ type: 'input_transcript_delta', delta: 'second', itemId: 'u2' });
    f.apply({ type: 'input_transcript_delta', delta: 'part', itemId: 'u1' });
    f.apply({ type: 'input_transcript_done', transcript: 'first part', itemId: 'u1' });
    expect(f.list().map((e) => [e.text, e.final])).toEqual([
      ['first part', true],
      ['second', false],
    ]);
  });

  it('V1 without item ids: a done closes the entry and the next delta starts a new one', () => {
    const { f } = feed();
    f.apply({ type: 'input_transcript_delta', delta: 'one', itemId: null });
    f.apply({ type: 'input_transcript_done', transcript: 'one.', itemId: null });
    f.apply({ type: 'input_transcript_delta', delta: 'two', itemId: null });
    expect(f.list().map((e) => e.text)).toEqual(['one.', 'two']);
  });

  it('typed text is its own final entry, and barge-in marks what was heard', () => {
    const { f, published } = feed();
    f.addTyped('hi there');
    f.apply({ type: 'output_transcript_delta', delta: 'one two three four', itemId: 'a1' });
    f.markInterruptedAt(500, 1000);
    const last = published[published.length - 1]!;
    expect(last.role).toBe('assistant');
    expect(last.heardChars).toBeGreaterThan(0);
    expect(last.heardChars).toBeLessThan('one two three four'.length);
    expect(f.list()[0]).toMatchObject({ typed: true, final: true, text: 'hi there' });
  });

  it('an endless utterance keeps its newest words, bounded like the handoff transcript', () => {
    const { f } = feed();
    for (let i = 0; i < 20_000; i++) {
      f.apply({ type: 'input_transcript_delta', delta: `w${i} `, itemId: 'u1' });
    }
    const [entry] = f.list();
    expect(entry!.text.length).toBeLessThanOrEqual(2 * 8 * 1024);
    expect(entry!.text.trim().endsWith('w19999')).toBe(true);
    f.apply({ type: 'input_transcript_done', transcript: 'x '.repeat(100_000), itemId: 'u1' });
    expect(f.list()[0]!.text.length).toBeLessThanOrEqual(8 * 1024);
  });
});
