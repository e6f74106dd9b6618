import { describe, expect, it } from 'vitest';
import {
  EMPTY_RESULT_SUMMARY,
  splitSentences,
  stripMarkup,
  summariseForSpeech,
} from '../../../main/offline/reply-summariser';

describe('reply summariser', () => {
  it('drops code blocks and keeps the words of markup', () => {
    const text = [
      '## Test run',
      '',
      'Ran `npm test`: **3 failed**, 41 passed. See [the log](https://x.test/log).',
      '',
      '```',
      'FAIL test/a.test.ts',
      '  expected 1 to be 2',
      '```',
      '',
      '- `a.test.ts` expects the old API',
      '- _b.test.ts_ times out',
    ].join('\n');
    expect(stripMarkup(text)).not.toContain('expected 1 to be 2');
    expect(summariseForSpeech(text, { maxSentences: 4, maxChars: 500 })).toBe(
      'Test run. Ran npm test: 3 failed, 41 passed. See the log. a.test.ts expects the old API.',
    );
  });

  it('keeps the first sentences only', () => {
    const text = 'One. Two! Three? Four. Five.';
    expect(summariseForSpeech(text)).toBe('One. Two! Three?');
    expect(splitSentences(text)).toEqual(['One.', 'Two!', 'Three?', 'Four.', 'Five.']);
  });

  it('bounds the length at a word boundary', () => {
    const long = `${'word '.repeat(200)}end.`;
    const out = summariseForSpeech(long, { maxSentences: 3, maxChars: 60 });
    expect(out.length).toBeLessThanOrEqual(60);
    expect(out).toMatch(/^word( word)+…$/);
  });

  it('replaces bare links and HTML, and survives an unclosed code block', () => {
    expect(summariseForSpeech('Done, see https://example.test/x <b>now</b>.')).toBe(
      'Done, see a link now.',
    );
    expect(summariseForSpeech('Fixed it.\n```ts\nconst x = 1;')).toBe('Fixed it.');
  });

  it('never returns nothing', () => {
    expect(summariseForSpeech('')).toBe(EMPTY_RESULT_SUMMARY);
    expect(summariseForSpeech('```\nonly code\n```')).toBe(EMPTY_RESULT_SUMMARY);
    expect(summariseForSpeech('3 tests failed')).toBe('3 tests failed.');
  });
});
