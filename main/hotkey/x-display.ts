/**
 * X11 display names and Xauthority files, pure: which socket a `DISPLAY` value names, which
 * cookie authorises it, and the connection-setup request that proves the server will let the
 * hook in (uiohook aborts the whole process when it cannot open the display).
 */

/** Where a `DISPLAY` value points. */
export interface XDisplayAddress {
  /** Null for the local Unix socket. */
  readonly host: string | null;
  readonly display: number;
}

/** One Xauthority record. */
export interface XAuthEntry {
  readonly family: number;
  readonly address: string;
  /** Display number as text; empty matches every display. */
  readonly number: string;
  readonly name: string;
  readonly data: Buffer;
}

/** Xauthority families used for local connections. */
export const XAUTH_FAMILY = { local: 256, wild: 65535 } as const;

/** Parses `:0`, `:1.0`, `unix:2`, `localhost:10.0`; null when it is not a display name. */
export function parseDisplay(value: string | undefined): XDisplayAddress | null {
  const match = /^(?:([^:/]*)\/)?([^:]*):(\d+)(?:\.\d+)?$/.exec(value?.trim() ?? '');
  if (!match) return null;
  const host = match[2] ?? '';
  const local = host === '' || host === 'unix' || match[1] === 'unix';
  return { host: local ? null : host, display: Number(match[3]) };
}

/** The Unix socket path of a local display. */
export function xSocketPath(display: number): string {
  return `/tmp/.X11-unix/X${display}`;
}

/** Parses an Xauthority file; a truncated tail is ignored. */
export function parseXAuthority(file: Buffer): XAuthEntry[] {
  const entries: XAuthEntry[] = [];
  let at = 0;
  const field = (): Buffer | null => {
    if (at + 2 > file.length) return null;
    const length = file.readUInt16BE(at);
    if (at + 2 + length > file.length) return null;
    const value = file.subarray(at + 2, at + 2 + length);
    at += 2 + length;
    return value;
  };
  while (at + 2 <= file.length) {
    const family = file.readUInt16BE(at);
    at += 2;
    const [address, number, name, data] = [field(), field(), field(), field()];
    if (!address || !number || !name || !data) break;
    entries.push({
      family,
      address: address.toString('latin1'),
      number: number.toString('latin1'),
      name: name.toString('latin1'),
      data: Buffer.from(data),
    });
  }
  return entries;
}

/** Serialises records in the Xauthority format (tests write cookies with it). */
export function formatXAuthority(entries: readonly XAuthEntry[]): Buffer {
  const chunks: Buffer[] = [];
  const field = (value: Buffer): void => {
    const length = Buffer.alloc(2);
    length.writeUInt16BE(value.length);
    chunks.push(length, value);
  };
  for (const entry of entries) {
    const family = Buffer.alloc(2);
    family.writeUInt16BE(entry.family);
    chunks.push(family);
    field(Buffer.from(entry.address, 'latin1'));
    field(Buffer.from(entry.number, 'latin1'));
    field(Buffer.from(entry.name, 'latin1'));
    field(entry.data);
  }
  return Buffer.concat(chunks);
}

/** The cookie for a local display, as Xlib picks it: this host (or any host), this display. */
export function findCookie(
  entries: readonly XAuthEntry[],
  display: number,
  hostname: string,
): XAuthEntry | null {
  return (
    entries.find(
      (e) =>
        e.name === 'MIT-MAGIC-COOKIE-1' &&
        (e.number === '' || e.number === String(display)) &&
        (e.family === XAUTH_FAMILY.wild ||
          (e.family === XAUTH_FAMILY.local && e.address === hostname)),
    ) ?? null
  );
}

/** The X11 connection-setup request (little-endian), with an optional cookie. */
export function connectionSetup(cookie: XAuthEntry | null): Buffer {
  const name = Buffer.from(cookie?.name ?? '', 'latin1');
  const data = cookie?.data ?? Buffer.alloc(0);
  const pad = (n: number): number => (4 - (n % 4)) % 4;
  const header = Buffer.alloc(12);
  header.write('l', 0, 'latin1');
  header.writeUInt16LE(11, 2);
  header.writeUInt16LE(0, 4);
  header.writeUInt16LE(name.length, 6);
  header.writeUInt16LE(data.length, 8);
  return Buffer.concat([
    header,
    name,
    Buffer.alloc(pad(name.length)),
    data,
    Buffer.alloc(pad(data.length)),
  ]);
}

/** What the server said to the setup request: accepted, or refused with its reason. */
export function readSetupReply(reply: Buffer): { accepted: boolean; reason: string } | null {
  if (reply.length < 8) return null;
  const status = reply[0];
  if (status === 1) return { accepted: true, reason: '' };
  const reasonLength = status === 0 ? (reply[1] ?? 0) : reply.readUInt16LE(6) * 4;
  const reason = reply
    .subarray(8, 8 + reasonLength)
    .toString('latin1')
    .replace(/\0+$/, '')
    .trim();
  return { accepted: false, reason: reason || 'the X server asked for authentication' };
}
