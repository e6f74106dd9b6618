import { describe, expect, it } from 'vitest';
import {
  containsWords,
  isWordPrefix,
  normaliseWord,
  sharesWordPrefix,
  splitWords,
} from '../../../main/realtime/transcript-words';

describe('transcript words', () => {
  it('normalises case, punctuation and width', () => {
    expect(normaliseWord('Query,')).toBe('query');
    expect(normaliseWord("don't")).toBe('dont');
    expect(normaliseWord('ＡＢＣ')).toBe('abc');
    expect(normaliseWord('—')).toBe('');
  });

  it('splits on whitespace and drops punctuation-only tokens', () => {
    expect(splitWords('  Hello ,  world — ok. ')).toEqual([
      { raw: 'Hello', norm: 'hello' },
      { raw: 'world', norm: 'world' },
      { raw: 'ok.', norm: 'ok' },
    ]);
  });

  it('isWordPrefix allows only the last prefix word to be cut short', () => {
    expect(isWordPrefix(['run', 'the'], ['run', 'the', 'tests'])).toBe(true);
    expect(isWordPrefix(['run', 'th'], ['run', 'the', 'tests'])).toBe(true);
    expect(isWordPrefix(['ru', 'the'], ['run', 'the'])).toBe(false);
    expect(isWordPrefix(['run', 'the', 'tests'], ['run', 'the'])).toBe(false);
    expect(isWordPrefix([], ['a'])).toBe(false);
  });

  it('sharesWordPrefix works in both directions', () => {
    expect(sharesWordPrefix(['a', 'b'], ['a', 'b', 'c'])).toBe(true);
    expect(sharesWordPrefix(['a', 'b', 'c'], ['a', 'b'])).toBe(true);
    expect(sharesWordPrefix(['a', 'bc'], ['a', 'b'])).toBe(true);
    expect(sharesWordPrefix(['a', 'x'], ['a', 'b'])).toBe(false);
    expect(sharesWordPrefix([], ['a'])).toBe(false);
  });

  it('containsWords matches whole words only', () => {
    expect(containsWords(['please', 'run', 'the', 'tests'], ['run', 'the'])).toBe(true);
    expect(containsWords(['testing'], ['test'])).toBe(false);
    expect(containsWords(['a'], [])).toBe(true);
  });
});
