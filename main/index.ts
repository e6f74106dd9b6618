// The desktop app: one boot, the window, the tray and the app lifecycle.
import {
  app,
  dialog,
  globalShortcut,
  shell,
  systemPreferences,
  utilityProcess,
  type WebContents,
} from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from './base/clock';
import { errorMessage } from './base/result';
import { bootParley, type Booted } from './app/boot';
import { quietSqliteWarning } from './base/quiet-warnings';
import { PARLEY_APP_ID } from './hotkey/app-id';
import { registerElectronIpc, type ElectronIpc } from './ipc/electron-ipc';
import { closedToTrayNotice, startDesktopShell } from './shell/desktop-shell';
import { desktopHotkeys } from './shell/desktop-hotkeys';
import { electronShell } from './shell/electron-shell';
import { handleLaunch, startsHidden } from './shell/instance-commands';
import { createMainWindow, rendererPageUrl } from './shell/main-window';
import { SafeStorageSecretStore } from './shell/safe-storage-secret-store';
import { WindowHost } from './shell/window-host';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const windowOptions = { outDir, devServerUrl: process.env.ELECTRON_RENDERER_URL };
// Native modules cannot load from inside the asar: the hook runs from the unpacked copy.
const hookEntry = join(outDir, 'main', 'hook.js').replace(
  /app\.asar([\\/])/,
  'app.asar.unpacked$1',
);

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
  quietSqliteWarning();
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
    hotkeys: (log) =>
      desktopHotkeys({
        clock: systemClock,
        log,
        platform: process.platform,
        env: process.env,
        fork: (modulePath, args, options) => utilityProcess.fork(modulePath, args, options),
        hookEntry,
        globalShortcut: {
          register: (accelerator, onPress) => globalShortcut.register(accelerator, onPress),
          unregister: (accelerator) => globalShortcut.unregister(accelerator),
        },
        isTrustedAccessibilityClient: (prompt) =>
          process.platform !== 'darwin' || systemPreferences.isTrustedAccessibilityClient(prompt),
      }),
  });
  if (!booted.ok) return failStart(booted.error.message);
  await runDesktop(booted.value);
}

/** The window (hidden to the tray on close), the tray, and what reaches the running instance. */
async function runDesktop({ app: parley, log, dataDir }: Booted): Promise<void> {
  const electron = electronShell(dataDir);
  let ipc: ElectronIpc | null = null;
  const pending: WebContents[] = [];
  const window = new WindowHost({
    create: (hidden) => createMainWindow({ ...windowOptions, hidden }),
    // A reload or a new renderer must say it is ready again before events flow.
    onPageLoading: (contents) => (ipc ? ipc.pageLoading(contents) : pending.push(contents)),
    onVisibility: (visible) => parley.talk.setBackground(!visible),
    onClosedToTray: closedToTrayNotice(electron),
  });
  ipc = registerElectronIpc(
    parley,
    () => ({
      webContentsId: window.current?.webContents.id ?? null,
      pageUrl: rendererPageUrl(windowOptions),
    }),
    log,
  );
  for (const contents of pending.splice(0)) ipc.pageLoading(contents);
  window.ensure(startsHidden(process.argv));
  const desktop = await startDesktopShell({ app: parley, window, electron, log });
  // This launch's own `--start`, `--toggle`…: the window is already there (or in the tray).
  handleLaunch(process.argv, { talk: parley.talk, showWindow: () => {}, log });
  app.on('second-instance', (_event, argv) => desktop.launched(argv));
  app.on('activate', () => window.show());
  // Quit only once every delegate's processes are gone (bounded), so none outlives Parley.
  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    stopped = true;
    window.allowClose();
    desktop.dispose();
    ipc?.dispose();
    void parley.dispose().finally(() => app.quit());
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => app.quit());
}

// Single instance: a second launch hands its argv to the first (`second-instance`) and exits
// before building anything.
if (!app.requestSingleInstanceLock()) {
  app.exit(0);
} else {
  if (process.platform === 'win32') app.setAppUserModelId(PARLEY_APP_ID);
  // Closing the window hides it: Parley lives on in the tray until it is quit.
  app.on('window-all-closed', () => {});
  void app
    .whenReady()
    .then(boot)
    .catch((error: unknown) => failStart(errorMessage(error)));
}
