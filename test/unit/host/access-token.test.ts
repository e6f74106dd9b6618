import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAccessToken, loadAccessToken, tokenMatches } from '../../../main/host/access-token';

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

describe('loadAccessToken: one token per data dir, kept in a 0600 file', () => {
  const fresh = () => join(mkdtempSync(join(tmpdir(), 'parley-token-')), 'data');

  it('makes a token once and returns the same one after a restart', async () => {
    const dir = fresh();
    const first = await loadAccessToken(dir);
    expect(first.created).toBe(true);
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(statSync(first.path).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const again = await loadAccessToken(dir);
    expect(again).toEqual({ ...first, created: false });
  });

  it('rotates on request: the new token replaces the old in the file', async () => {
    const dir = fresh();
    const first = await loadAccessToken(dir);
    const rotated = await loadAccessToken(dir, { rotate: true });
    expect(rotated.token).not.toBe(first.token);
    expect(readFileSync(rotated.path, 'utf8')).toBe(`${rotated.token}\n`);
    expect((await loadAccessToken(dir)).token).toBe(rotated.token);
  });

  it('replaces a file that holds no token, and tightens a loose mode', async () => {
    const dir = fresh();
    const { path, token } = await loadAccessToken(dir);
    writeFileSync(path, 'short');
    const replaced = await loadAccessToken(dir);
    expect(replaced.created).toBe(true);
    expect(replaced.token).not.toBe(token);
    chmodSync(path, 0o644);
    expect((await loadAccessToken(dir)).created).toBe(false);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});
