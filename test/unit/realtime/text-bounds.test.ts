import { describe, expect, it } from 'vitest';
import { appendBounded, tailWithin, utf8Length } from '../../../main/realtime/text-bounds';

describe('text bounds', () => {
  it('utf8Length counts bytes as UTF-8 encodes them', () => {
    for (const text of ['', 'abc', 'ü', '漢字', '😀', 'a😀b\u00e9', '\ud800']) {
      expect(utf8Length(text)).toBe(Buffer.byteLength(text, 'utf8'));
    }
  });

  it('tailWithin keeps the newest words within the budget, cut at a word start', () => {
    expect(tailWithin('short text', 100)).toEqual({ tail: 'short text', head: '' });
    const { tail, head } = tailWithin('alpha beta gamma delta', 12);
    expect(tail).toBe('gamma delta');
    expect(head + tail).toBe('alpha beta gamma delta');
  });

  it('tailWithin never splits a multi-byte character and respects the byte budget', () => {
    const text = '😀 漢字 ü '.repeat(100);
    for (const budget of [1, 5, 17, 64, 333]) {
      const { tail, head } = tailWithin(text, budget);
      expect(head + tail).toBe(text);
      expect(utf8Length(tail)).toBeLessThanOrEqual(budget);
      expect(tail).not.toMatch(/^[\udc00-\udfff]/);
    }
  });

  it('a single word longer than the budget is cut inside the word', () => {
    const { tail } = tailWithin('x'.repeat(50), 10);
    expect(tail).toBe('x'.repeat(10));
  });

  it('appendBounded trims only once the text reached twice the budget', () => {
    let text = '';
    let trims = 0;
    for (let i = 0; i < 100; i++) {
      const next = appendBounded(text, 'word ', 50);
      if (next.head !== '') trims++;
      text = next.tail;
      expect(text.length).toBeLessThanOrEqual(100);
    }
    expect(trims).toBeGreaterThan(0);
    expect(trims).toBeLessThan(20);
  });
});
