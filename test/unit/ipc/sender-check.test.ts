import { describe, expect, it } from 'vitest';
import { isTrustedSender, type SenderInfo, type TrustedPage } from '../../../main/ipc/sender-check';

const filePage: TrustedPage = {
  webContentsId: 3,
  pageUrl: 'file:///opt/Parley/resources/app/out/renderer/index.html',
};
const devPage: TrustedPage = { webContentsId: 3, pageUrl: 'http://localhost:5173/' };

function sender(frameUrl: string | null, overrides: Partial<SenderInfo> = {}): SenderInfo {
  return { webContentsId: 3, frameUrl, isMainFrame: true, ...overrides };
}

describe('isTrustedSender', () => {
  it('accepts the top frame of its own window on the file:// page', () => {
    expect(isTrustedSender(sender(filePage.pageUrl), filePage)).toBe(true);
  });

  it('accepts the file:// page with a query or hash', () => {
    expect(isTrustedSender(sender(`${filePage.pageUrl}?x=1#/settings`), filePage)).toBe(true);
  });

  it('accepts any path of the dev server origin', () => {
    expect(isTrustedSender(sender('http://localhost:5173/'), devPage)).toBe(true);
    expect(isTrustedSender(sender('http://localhost:5173/index.html?t=1'), devPage)).toBe(true);
  });

  it('refuses another webContents', () => {
    expect(isTrustedSender(sender(filePage.pageUrl, { webContentsId: 4 }), filePage)).toBe(false);
  });

  it('refuses everything when Parley has no window', () => {
    const noWindow: TrustedPage = { ...filePage, webContentsId: null };
    expect(isTrustedSender(sender(filePage.pageUrl), noWindow)).toBe(false);
  });

  it('refuses a subframe even on the same URL', () => {
    expect(isTrustedSender(sender(filePage.pageUrl, { isMainFrame: false }), filePage)).toBe(false);
  });

  it('refuses a frame whose URL is gone', () => {
    expect(isTrustedSender(sender(null), filePage)).toBe(false);
  });

  it.each([
    ['another file', 'file:///opt/Parley/resources/app/out/renderer/evil.html'],
    ['a traversal to another file', 'file:///opt/Parley/resources/app/out/renderer/../x.html'],
    [
      'the same path on a remote file host',
      'file://evil.example/opt/Parley/resources/app/out/renderer/index.html',
    ],
    ['a web page', 'https://evil.example/index.html'],
    ['a data URL', 'data:text/html,<script>1</script>'],
    ['about:blank', 'about:blank'],
  ])('refuses a page navigated to %s (file:// app)', (_name, url) => {
    expect(isTrustedSender(sender(url), filePage)).toBe(false);
  });

  it.each([
    ['another port', 'http://localhost:5174/'],
    ['another host', 'http://127.0.0.1:5173/'],
    ['https on the same host', 'https://localhost:5173/'],
    ['a look-alike host', 'http://localhost.evil.example:5173/'],
    ['a file URL', 'file:///index.html'],
  ])('refuses a page navigated to %s (dev server)', (_name, url) => {
    expect(isTrustedSender(sender(url), devPage)).toBe(false);
  });

  it.each(['', 'not a url', 'http://', '://x', 'file'])(
    'refuses the malformed frame URL %j',
    (url) => {
      expect(isTrustedSender(sender(url), filePage)).toBe(false);
      expect(isTrustedSender(sender(url), devPage)).toBe(false);
    },
  );

  it('refuses everything when the trusted page URL itself is malformed', () => {
    const broken: TrustedPage = { webContentsId: 3, pageUrl: 'not a url' };
    expect(isTrustedSender(sender('not a url'), broken)).toBe(false);
  });
});
