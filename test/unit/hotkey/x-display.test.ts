import { describe, expect, it } from 'vitest';
import {
  connectionSetup,
  findCookie,
  formatXAuthority,
  parseDisplay,
  parseXAuthority,
  readSetupReply,
  XAUTH_FAMILY,
} from '../../../main/hotkey/x-display';

const cookie = (family: number, address: string, number: string) => ({
  family,
  address,
  number,
  name: 'MIT-MAGIC-COOKIE-1',
  data: Buffer.alloc(16, number.length + 1),
});

describe('X display names', () => {
  it.each([
    [':0', { host: null, display: 0 }],
    [':1.0', { host: null, display: 1 }],
    ['unix:12', { host: null, display: 12 }],
    ['localhost:10.0', { host: 'localhost', display: 10 }],
    ['unix/:3', { host: null, display: 3 }],
  ])('parses %j', (value, expected) => {
    expect(parseDisplay(value)).toEqual(expected);
  });

  it.each(['', 'wayland-0', ':', ':x', 'host'])('refuses %j', (value) => {
    expect(parseDisplay(value)).toBeNull();
  });
});

describe('Xauthority', () => {
  it('round-trips records and ignores a truncated tail', () => {
    const entries = [cookie(XAUTH_FAMILY.local, 'box', '0'), cookie(XAUTH_FAMILY.wild, '', '')];
    const file = formatXAuthority(entries);
    expect(parseXAuthority(file)).toEqual(entries);
    expect(parseXAuthority(file.subarray(0, file.length - 3))).toEqual(entries.slice(0, 1));
  });

  it('picks the cookie for this host and display, or a wildcard one', () => {
    const mine = cookie(XAUTH_FAMILY.local, 'box', '5');
    const other = cookie(XAUTH_FAMILY.local, 'elsewhere', '5');
    const wild = cookie(XAUTH_FAMILY.wild, '', '');
    expect(findCookie([other, mine], 5, 'box')).toBe(mine);
    expect(findCookie([other], 5, 'box')).toBeNull();
    expect(findCookie([other, wild], 7, 'box')).toBe(wild);
  });
});

describe('X connection setup', () => {
  it('writes a little-endian setup request with the cookie padded to 4 bytes', () => {
    const request = connectionSetup(cookie(XAUTH_FAMILY.wild, '', ''));
    expect(request.subarray(0, 12)).toEqual(
      Buffer.from([0x6c, 0, 11, 0, 0, 0, 18, 0, 16, 0, 0, 0]),
    );
    expect(request.length).toBe(12 + 20 + 16);
    expect(connectionSetup(null).length).toBe(12);
  });

  it('reads acceptance and refusals with their reason', () => {
    expect(readSetupReply(Buffer.from([1, 0, 11, 0, 0, 0, 0, 0]))).toEqual({
      accepted: true,
      reason: '',
    });
    const reason = Buffer.from('No protocol specified\n\0\0', 'latin1');
    const failed = Buffer.concat([Buffer.from([0, 22, 11, 0, 0, 0, 6, 0]), reason]);
    expect(readSetupReply(failed)).toEqual({ accepted: false, reason: 'No protocol specified' });
    expect(readSetupReply(Buffer.from([1, 0]))).toBeNull();
  });
});
