// The desktop app: one boot, the window, and the app lifecycle.
import { app, BrowserWindow, dialog, shell } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorMessage } from './base/result';
import { bootParley, type Booted } from './app/boot';
import { registerElectronIpc } from './ipc/electron-ipc';
import { createMainWindow, rendererPageUrl } from './shell/main-window';
import { SafeStorageSecretStore } from './shell/safe-storage-secret-store';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const windowOptions = { outDir, devServerUrl: process.env.ELECTRON_RENDERER_URL };

/** Shows why Parley cannot start and exits: never a process without a window or a word. */
function failStart(message: string): void {
  dialog.showErrorBox('Parley cannot start', message);
  app.exit(2);
}

/** Opens a folder in the file manager; Electron reports a failure as text, not a throw. */
async function openFolder(path: string): Promise<void> {
  const failure = await shell.openPath(path);
  if (failure) throw new Error(failure);
}

/** The system's folder picker; null when the user cancels. */
async function chooseFolder(): Promise<string | null> {
  const picked = await dialog.showOpenDialog({
    title: 'Choose the workspace folder',
    properties: ['openDirectory', 'createDirectory'],
  });
  return picked.canceled ? null : (picked.filePaths[0] ?? null);
}

async function boot(): Promise<void> {
  const booted = await bootParley({
    host: 'electron',
    version: app.getVersion(),
    environment: process.env,
    defaultDataDir: () => app.getPath('userData'),
    secretStore: (dataDir) => new SafeStorageSecretStore(dataDir),
    logFormat: 'json',
    writeJson: (line) => process.stdout.write(line),
    writeHuman: (line) => process.stderr.write(line),
    desktop: { openFolder, chooseFolder },
  });
  if (!booted.ok) return failStart(booted.error.message);
  showWindows(booted.value);
}

/** The main window, its renderer connection, and what brings it back. */
function showWindows({ app: parley, log }: Booted): void {
  let window: BrowserWindow | null = null;
  const live = (): BrowserWindow | null => (window && !window.isDestroyed() ? window : null);
  const ipc = registerElectronIpc(
    parley,
    () => ({
      webContentsId: live()?.webContents.id ?? null,
      pageUrl: rendererPageUrl(windowOptions),
    }),
    log,
  );
  const openWindow = (): void => {
    window = createMainWindow(windowOptions);
    const contents = window.webContents;
    // A reload or a new renderer must say it is ready again before events flow.
    contents.on('did-start-loading', () => ipc.pageLoading(contents));
    window.on('closed', () => (window = null));
  };
  openWindow();
  app.on('second-instance', () => {
    if (!window) openWindow();
    else window.show();
  });
  app.on('activate', () => {
    if (!window) openWindow();
  });
  // Quit only once every delegate's processes are gone (bounded), so none outlives Parley.
  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    stopped = true;
    ipc.dispose();
    void parley.dispose().finally(() => app.quit());
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => app.quit());
}

// Single instance: a second launch focuses the first and exits before building anything.
if (!app.requestSingleInstanceLock()) {
  app.exit(0);
} else {
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  void app
    .whenReady()
    .then(boot)
    .catch((error: unknown) => failStart(errorMessage(error)));
}
