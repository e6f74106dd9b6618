import { BrowserWindow, session, shell } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface MainWindowOptions {
  /** Folder of the built preload and renderer (out/). */
  outDir: string;
  /** Dev server URL from electron-vite, when running `npm run dev`. */
  devServerUrl: string | undefined;
  /** Load the page without showing the window (Parley starts in the tray). */
  hidden?: boolean;
}

/** URL of Parley's own page; the only page allowed to use IPC and the microphone. */
export function rendererPageUrl(options: MainWindowOptions): string {
  return options.devServerUrl ?? pathToFileURL(join(options.outDir, 'renderer', 'index.html')).href;
}

function isOwnPage(url: string, pageUrl: string): boolean {
  try {
    const a = new URL(url);
    const b = new URL(pageUrl);
    return b.protocol === 'file:'
      ? a.protocol === 'file:' && a.pathname === b.pathname
      : a.origin === b.origin;
  } catch {
    return false;
  }
}

/**
 * Creates the main window with the locked-down defaults: context isolation, sandbox, no Node,
 * navigation and new windows refused, and only `media` permission granted to Parley's own page.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const pageUrl = rendererPageUrl(options);
  const window = new BrowserWindow({
    width: 1100,
    height: 720,
    minWidth: 640,
    minHeight: 420,
    show: false,
    title: 'Parley',
    backgroundColor: '#101418',
    webPreferences: {
      preload: join(options.outDir, 'preload', 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
      // Hidden in the tray, the page still captures and plays for background listening.
      backgroundThrottling: false,
    },
  });
  if (!options.hidden) window.once('ready-to-show', () => window.show());

  const contents = window.webContents;
  contents.on('will-navigate', (event, url) => {
    if (!isOwnPage(url, pageUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Links open in the user's browser, never inside Parley.
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });

  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((wc, permission, callback, details) => {
    callback(permission === 'media' && isOwnPage(details.requestingUrl ?? wc.getURL(), pageUrl));
  });
  ses.setPermissionCheckHandler((wc, permission, _origin, details) => {
    // The origin of a file:// page is just "file://": judge by the requesting page's URL.
    const url = details.requestingUrl ?? wc?.getURL() ?? '';
    return permission === 'media' && isOwnPage(url, pageUrl);
  });

  void window.loadURL(pageUrl);
  return window;
}
