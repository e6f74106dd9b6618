/** What Electron tells us about the frame that sent an IPC message. */
export interface SenderInfo {
  /** `webContents.id` of the sender. */
  webContentsId: number;
  /** URL of the sending frame, or null when the frame is gone. */
  frameUrl: string | null;
  /** Whether the sending frame is the top frame of its page. */
  isMainFrame: boolean;
}

/** Where Parley's own page lives. */
export interface TrustedPage {
  /** `webContents.id` of Parley's window, or null when it has none. */
  webContentsId: number | null;
  /** The page's URL (`file://…/index.html` or the dev server URL). */
  pageUrl: string;
}

/**
 * True only for the top frame of Parley's own window, showing Parley's own page. Anything
 * else — another window, an iframe, a navigated-away page — is refused.
 */
export function isTrustedSender(sender: SenderInfo, page: TrustedPage): boolean {
  if (page.webContentsId === null || sender.webContentsId !== page.webContentsId) return false;
  if (!sender.isMainFrame || sender.frameUrl === null) return false;
  return samePage(sender.frameUrl, page.pageUrl);
}

function samePage(actual: string, expected: string): boolean {
  let a: URL;
  let e: URL;
  try {
    a = new URL(actual);
    e = new URL(expected);
  } catch {
    return false;
  }
  if (a.protocol !== e.protocol) return false;
  // The host matters for file: too: `file://server/share/…` is a different (remote) file.
  if (e.protocol === 'file:') return a.host === e.host && a.pathname === e.pathname;
  return a.origin === e.origin;
}
