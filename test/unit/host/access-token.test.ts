import { describe, expect, it } from 'vitest';
import { createAccessToken, tokenMatches } from '../../../main/host/access-token';

describe('createAccessToken', () => {
  it('is URL-safe and long enough (24 random bytes)', () => {
    const token = createAccessToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(encodeURIComponent(token)).toBe(token);
  });

  it('is different every time', () => {
    const tokens = new Set(Array.from({ length: 200 }, () => createAccessToken()));
    expect(tokens.size).toBe(200);
  });
});

describe('tokenMatches', () => {
  const expected = createAccessToken();

  it('accepts the exact token', () => {
    expect(tokenMatches(expected, expected)).toBe(true);
    expect(tokenMatches(`${expected}`.slice(0), expected)).toBe(true);
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['empty', ''],
    ['a prefix', expected.slice(0, -1)],
    ['a longer string', `${expected}x`],
    ['one character changed', `${expected.slice(0, -1)}${expected.endsWith('A') ? 'B' : 'A'}`],
    [
      'different case',
      expected.toUpperCase() === expected ? expected.toLowerCase() : expected.toUpperCase(),
    ],
    ['padded', ` ${expected}`],
  ])('refuses %s', (_name, presented) => {
    expect(tokenMatches(presented, expected)).toBe(false);
  });

  it('refuses a same-length multi-byte string without throwing', () => {
    const presented = 'é'.repeat(expected.length);
    expect(() => tokenMatches(presented, expected)).not.toThrow();
    expect(tokenMatches(presented, expected)).toBe(false);
  });

  it('never matches when the expected token is empty', () => {
    expect(tokenMatches('', '')).toBe(false);
  });
});
