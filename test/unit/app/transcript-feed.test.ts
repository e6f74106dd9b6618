import { describe, expect, it } from 'vitest';
import { redact } from '../../../main/base/redaction';
import { TranscriptFeed } from '../../../main/app/transcript-feed';
import type { TranscriptDelta, TranscriptEntry } from '../../../preload/schemas/conversation';

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

  it('sends a delta, not the whole entry again, for text appended to an entry already sent', () => {
    const f = new TranscriptFeed(() => 1000);
    const whole: TranscriptEntry[] = [];
    const deltas: TranscriptDelta[] = [];
    f.on('entry', (e) => whole.push(e));
    f.on('appended', ({ delta, entry }) => {
      deltas.push(delta);
      expect(entry.text.endsWith(delta.delta)).toBe(true);
    });
    f.apply({ type: 'output_transcript_delta', delta: 'Hel', itemId: 'a1' });
    f.apply({ type: 'output_transcript_delta', delta: 'lo', itemId: 'a1' });
    f.apply({ type: 'output_transcript_delta', delta: ' there', itemId: 'a1' });
    expect(whole.map((e) => e.text)).toEqual(['Hel']);
    expect(deltas).toEqual([
      { id: whole[0]!.id, at: 3, delta: 'lo' },
      { id: whole[0]!.id, at: 5, delta: ' there' },
    ]);
    f.apply({ type: 'output_transcript_done', transcript: 'Hello there.', itemId: 'a1' });
    expect(whole.map((e) => [e.text, e.final])).toEqual([
      ['Hel', false],
      ['Hello there.', true],
    ]);
  });

  it('a late user delta lands in its own entry (by item id) across the assistant reply', () => {
    const f = new TranscriptFeed(() => 1000);
    const deltas: TranscriptDelta[] = [];
    f.on('appended', ({ delta }) => deltas.push(delta));
    f.apply({ type: 'speech_started', itemId: 'u1' });
    f.apply({ type: 'input_transcript_delta', delta: 'run the ', itemId: 'u1' });
    f.apply({ type: 'output_transcript_delta', delta: 'Sure', itemId: 'a1' });
    f.apply({ type: 'input_transcript_delta', delta: 'tests', itemId: 'u1' });
    const [user, assistant] = f.list();
    expect(deltas).toEqual([{ id: user!.id, at: 8, delta: 'tests' }]);
    expect([user!.text, assistant!.text]).toEqual(['run the tests', 'Sure']);
  });

  it('sends the whole entry, redacted as one text, when a secret could span a delta seam', () => {
    const key = 'sk-proj-abcdefghijklmnop1234';
    const f = new TranscriptFeed(() => 1000, {
      isSecretFree: (text) => redact(text, [key]) === text,
    });
    const whole: string[] = [];
    const deltas: string[] = [];
    f.on('entry', (e) => whole.push(redact(e.text, [key])));
    f.on('appended', ({ delta }) => deltas.push(delta.delta));
    f.apply({ type: 'input_transcript_delta', delta: 'my key is sk-proj-abc', itemId: 'u1' });
    f.apply({ type: 'input_transcript_delta', delta: 'defghijklmnop1234', itemId: 'u1' });
    f.apply({ type: 'input_transcript_delta', delta: ' ok', itemId: 'u1' });
    // Nothing of the key ever went out in a delta; each whole entry is redacted as one text.
    expect(deltas).toEqual([]);
    expect(whole.at(-1)).toBe('my key is [redacted] ok');
    for (const text of whole) expect(text).not.toContain('defghijklmnop');
  });

  it('sends the whole entry when the bound cut its head (the text did not just grow)', () => {
    const f = new TranscriptFeed(() => 1000);
    let whole = 0;
    f.on('entry', () => whole++);
    for (let i = 0; i < 5_000; i++) {
      f.apply({ type: 'input_transcript_delta', delta: `word${i} `, itemId: 'u1' });
    }
    // The entry's first publish, and one per cut of the 8 KB bound (about every 8 KB of text).
    expect(whole).toBeGreaterThan(1);
    expect(whole).toBeLessThan(10);
  });
});
