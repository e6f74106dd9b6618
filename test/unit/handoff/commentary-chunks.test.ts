import { describe, expect, it } from 'vitest';
import { COMMENTARY_MAX_BYTES, splitCommentary } from '../../../main/handoff/commentary-chunks';

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
const squeeze = (text: string): string => text.replace(/\s+/g, '');

/** Every chunk is under the cap, non-empty, trimmed, and together they are the whole text. */
function expectWellFormed(text: string, chunks: string[], max = COMMENTARY_MAX_BYTES): void {
  for (const chunk of chunks) {
    expect(bytes(chunk)).toBeLessThanOrEqual(max);
    expect(chunk).not.toBe('');
    expect(chunk).toBe(chunk.trim());
    expect(chunk).not.toContain('\uFFFD');
  }
  expect(squeeze(chunks.join(''))).toBe(squeeze(text));
}

describe('splitCommentary', () => {
  it('a short result is one chunk, trimmed; blank is none', () => {
    expect(splitCommentary('  All 12 tests passed.\n')).toEqual(['All 12 tests passed.']);
    expect(splitCommentary(' \n\t ')).toEqual([]);
  });

  it('splits at sentence boundaries, packing whole sentences', () => {
    const sentence = 'The build finished and every check passed without a warning. ';
    const text = sentence.repeat(60);
    const chunks = splitCommentary(text);
    expectWellFormed(text, chunks);
    expect(chunks.length).toBe(Math.ceil(bytes(text.trim()) / (bytes(sentence) * 25)));
    for (const chunk of chunks) expect(chunk.endsWith('warning.')).toBe(true);
  });

  it('a text of exactly the cap stays whole; one byte more splits', () => {
    const exact = `${'a'.repeat(COMMENTARY_MAX_BYTES - 1)}.`;
    expect(splitCommentary(exact)).toEqual([exact]);
    const over = `${'ab '.repeat(533)}c.`; // 1,601 bytes
    expect(bytes(over)).toBe(COMMENTARY_MAX_BYTES + 1);
    const chunks = splitCommentary(over);
    expect(chunks).toHaveLength(2);
    expectWellFormed(over, chunks);
  });

  it('a sentence longer than the cap splits at whitespace, never inside a word', () => {
    const words = Array.from({ length: 600 }, (_, i) => `word${i}`);
    const text = words.join(' ');
    const chunks = splitCommentary(text);
    expectWellFormed(text, chunks);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.flatMap((c) => c.split(' '))).toEqual(words);
  });

  it('a single word longer than the cap is cut between characters', () => {
    const word = 'x'.repeat(4_000);
    const chunks = splitCommentary(`Start. ${word} end.`);
    expectWellFormed(`Start. ${word} end.`, chunks);
    // Packed greedily: the cut falls where the cap does, and nothing is lost.
    expect(chunks.map(bytes)).toEqual([1_600, 1_600, 812]);
    expect(chunks[0]?.startsWith('Start. xxx')).toBe(true);
    expect(chunks[2]?.endsWith('x end.')).toBe(true);
  });

  it('emoji are never cut, not even a family or a flag', () => {
    const family = '👨‍👩‍👧‍👦'; // one grapheme, 25 bytes
    const flag = '🇯🇵';
    const text = `${family}${flag}`.repeat(200);
    const chunks = splitCommentary(text, 100);
    expectWellFormed(text, chunks, 100);
    for (const chunk of chunks) {
      expect(chunk.replaceAll(family, '').replaceAll(flag, '')).toBe('');
    }
  });

  it('CJK text splits at its sentence marks, then between characters', () => {
    const sentence = 'テストはすべて成功しました。'; // 14 characters, 42 bytes
    const text = sentence.repeat(100);
    const chunks = splitCommentary(text);
    expectWellFormed(text, chunks);
    for (const chunk of chunks) expect(chunk.endsWith('。')).toBe(true);
    const run = '漢'.repeat(1_000); // no sentence mark and no space: 3,000 bytes
    const cut = splitCommentary(run);
    expectWellFormed(run, cut);
    expect(cut.map(bytes)).toEqual([1_599, 1_401]);
  });

  it('refuses a cap too small to hold a character', () => {
    expect(() => splitCommentary('text', 3)).toThrow(RangeError);
  });
});
