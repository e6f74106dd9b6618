import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeXDisplay } from '../../../main/hotkey/x-display-probe';
import { formatXAuthority, XAUTH_FAMILY } from '../../../main/hotkey/x-display';
import { startXvfb, type XServer } from '../../support/xvfb';

const dir = mkdtempSync(join(tmpdir(), 'parley-xauth-'));
const noCookies = join(dir, 'none');
let open: XServer;
let guarded: XServer;
const cookieFile = join(dir, 'Xauthority');

beforeAll(async () => {
  writeFileSync(noCookies, Buffer.alloc(0));
  open = await startXvfb();
  // An X server with access control, like a desktop session's: it wants a cookie.
  const server = join(dir, 'server-auth');
  const data = randomBytes(16);
  const entry = {
    family: XAUTH_FAMILY.wild,
    address: '',
    number: '',
    name: 'MIT-MAGIC-COOKIE-1',
    data,
  };
  writeFileSync(server, formatXAuthority([entry]));
  writeFileSync(
    cookieFile,
    formatXAuthority([{ ...entry, family: XAUTH_FAMILY.local, address: hostname() }]),
  );
  guarded = await startXvfb({ authFile: server });
});

afterAll(async () => {
  await open?.stop();
  await guarded?.stop();
});

describe('probeXDisplay against a real X server', () => {
  it('accepts a running display', async () => {
    expect(await probeXDisplay(open.display, { xauthority: noCookies })).toEqual({
      ok: true,
      value: undefined,
    });
  });

  it('finds no display when DISPLAY is unset or not a display name', async () => {
    for (const value of [undefined, '', 'wayland-0']) {
      const result = await probeXDisplay(value);
      expect(result.ok || result.error.tag).toBe('no-display');
    }
  });

  it('reports a display nothing serves as unreachable', async () => {
    const result = await probeXDisplay(':4097', { xauthority: noCookies });
    expect(result.ok || result.error).toMatchObject({
      tag: 'unreachable',
      message: expect.stringContaining(':4097'),
    });
  });

  it('is refused by a server with access control without the cookie, and let in with it', async () => {
    const refused = await probeXDisplay(guarded.display, { xauthority: noCookies });
    expect(refused.ok || refused.error).toMatchObject({ tag: 'refused' });
    expect(await probeXDisplay(guarded.display, { xauthority: cookieFile })).toMatchObject({
      ok: true,
    });
  });
});
