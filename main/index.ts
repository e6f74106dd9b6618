// Composition root of the desktop app: build the pieces, wire them, run the app lifecycle.
import { app, BrowserWindow, dialog } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, parseEnvConfig } from './config/env-config';
import { systemClock } from './base/clock';
import { createJsonLogger } from './base/logger';
import { ParleyCore } from './core/parley-core';
import { registerElectronIpc } from './ipc/electron-ipc';
import { createMainWindow, rendererPageUrl } from './shell/main-window';
import { SafeStorageSecretStore } from './shell/safe-storage-secret-store';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const windowOptions = { outDir, devServerUrl: process.env.ELECTRON_RENDERER_URL };

/** Shows why Parley cannot start and exits: never a process without a window or a word. */
function failStart(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  dialog.showErrorBox('Parley cannot start', message);
  app.exit(2);
}

async function boot(): Promise<void> {
  let env;
  try {
    env = parseEnvConfig(process.env);
  } catch (error) {
    failStart(
      error instanceof ConfigError ? error : new Error(`Invalid configuration: ${String(error)}`),
    );
    return;
  }
  const dataDir = env.dataDir ?? app.getPath('userData');
  const secrets = new Set<string>(env.apiKey ? [env.apiKey] : []);
  const log = createJsonLogger(
    (line) => process.stdout.write(line),
    () => [...secrets],
  );
  const core = new ParleyCore({
    knownKeys: secrets,
    host: 'electron',
    version: app.getVersion(),
    env,
    dataDir,
    secrets: new SafeStorageSecretStore(dataDir),
    clock: systemClock,
    log,
  });

  let window: BrowserWindow | null = null;
  const ipc = registerElectronIpc(
    core,
    () => ({
      webContentsId: window && !window.isDestroyed() ? window.webContents.id : null,
      pageUrl: rendererPageUrl(windowOptions),
      webContents: window && !window.isDestroyed() ? window.webContents : null,
    }),
    log,
  );
  const openWindow = (): void => {
    window = createMainWindow(windowOptions);
    // A reload or a new renderer must say it is ready again before events flow.
    window.webContents.on('did-start-loading', () => {
      ipc.outbox.reset();
      core.rendererDetached();
    });
    window.on('closed', () => (window = null));
  };

  try {
    await core.start();
  } catch (error) {
    failStart(error);
    return;
  }
  openWindow();
  app.on('second-instance', () => {
    if (!window) openWindow();
    else window.show();
  });
  app.on('activate', () => {
    if (!window) openWindow();
  });
  app.on('before-quit', () => {
    ipc.dispose();
    void core.dispose();
  });
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
    .catch((error: unknown) => failStart(error));
}
