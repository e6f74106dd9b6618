// A recording stand-in for Electron's main-process API, so the built main (out/main/index.js)
// runs under plain Node. It records what main asks Electron to do and is driven by the test
// over the Node IPC channel: calling the registered IPC handlers as Parley's window or as a
// foreign page, clicking tray menu items, closing the window, a second instance, quitting.
import { EventEmitter } from 'node:events';

const records = [];
const record = (api, detail = {}) => records.push({ api, ...detail });

const handlers = new Map();
const windows = [];
const trays = [];
const notifications = [];
const permission = { request: null, check: null };
let nextContentsId = 1;

function cloneTemplate(template) {
  return template.map((item) => ({
    type: item.type ?? (item.submenu ? 'submenu' : 'normal'),
    label: item.label ?? null,
    enabled: item.enabled ?? true,
    checked: item.checked ?? false,
    submenu: item.submenu ? cloneTemplate(item.submenu) : null,
  }));
}

class WebContents extends EventEmitter {
  constructor() {
    super();
    this.id = nextContentsId++;
    this.url = '';
    this.sent = [];
    this.openHandler = null;
  }
  isDestroyed() {
    return false;
  }
  getURL() {
    return this.url;
  }
  send(channel, message) {
    this.sent.push({ channel, message });
  }
  postMessage(channel, _message, ports) {
    record('webContents.postMessage', { channel, ports: ports?.length ?? 0 });
  }
  setWindowOpenHandler(fn) {
    this.openHandler = fn;
  }
}

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new WebContents();
    this.visible = false;
    this.destroyed = false;
    windows.push(this);
    record('BrowserWindow', { options });
  }
  loadURL(url) {
    this.webContents.url = url;
    record('BrowserWindow.loadURL', { url });
    // The page "loads": main hears it start, then the window is ready to show.
    setImmediate(() => {
      this.webContents.emit('did-start-loading');
      this.emit('ready-to-show');
    });
    return Promise.resolve();
  }
  show() {
    this.visible = true;
    this.emit('show');
  }
  hide() {
    this.visible = false;
    this.emit('hide');
  }
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  isVisible() {
    return this.visible;
  }
  isFocused() {
    return this.visible;
  }
  isDestroyed() {
    return this.destroyed;
  }
  close() {
    const event = {
      defaultPrevented: false,
      preventDefault: () => (event.defaultPrevented = true),
    };
    this.emit('close', event);
    if (event.defaultPrevented) return false;
    this.destroyed = true;
    this.emit('closed');
    return true;
  }
}

class ElectronApp extends EventEmitter {
  constructor() {
    super();
    this.isPackaged = false;
    this.commandLine = {
      appendSwitch: (...args) => record('app.commandLine.appendSwitch', { args }),
    };
    this.quitting = false;
  }
  whenReady() {
    return Promise.resolve();
  }
  requestSingleInstanceLock() {
    record('app.requestSingleInstanceLock');
    return true;
  }
  getVersion() {
    return '0.0.0-stand-in';
  }
  getPath(name) {
    return process.env.STAND_IN_USER_DATA ?? `/tmp/parley-stand-in-${name}`;
  }
  getAppPath() {
    return process.cwd();
  }
  setAppUserModelId(id) {
    record('app.setAppUserModelId', { id });
  }
  setLoginItemSettings(settings) {
    record('app.setLoginItemSettings', { settings });
  }
  quit() {
    record('app.quit');
    const event = {
      defaultPrevented: false,
      preventDefault: () => (event.defaultPrevented = true),
    };
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    for (const window of windows) if (!window.destroyed) window.close();
    this.emit('will-quit', { preventDefault: () => {} });
    setImmediate(() => process.exit(0));
  }
  exit(code) {
    record('app.exit', { code });
    process.exit(code);
  }
}

export const app = new ElectronApp();

export const ipcMain = {
  handle: (channel, fn) => handlers.set(channel, fn),
  removeHandler: (channel) => handlers.delete(channel),
  on: () => {},
};

class StandInPort extends EventEmitter {
  start() {}
  close() {}
  postMessage() {}
}

export class MessageChannelMain {
  constructor() {
    this.port1 = new StandInPort();
    this.port2 = new StandInPort();
  }
}

export const session = {
  defaultSession: {
    setPermissionRequestHandler: (fn) => (permission.request = fn),
    setPermissionCheckHandler: (fn) => (permission.check = fn),
  },
};

export const safeStorage = {
  isEncryptionAvailable: () => false,
  encryptString: (text) => Buffer.from(text),
  decryptString: (buffer) => buffer.toString(),
};

export class Tray extends EventEmitter {
  constructor(image) {
    super();
    this.image = image;
    this.tooltip = '';
    this.menu = null;
    this.destroyed = false;
    trays.push(this);
    record('Tray', { representations: image?.representations?.length ?? 0 });
  }
  setImage(image) {
    this.image = image;
  }
  setToolTip(tooltip) {
    this.tooltip = tooltip;
  }
  setContextMenu(menu) {
    this.menu = menu;
  }
  destroy() {
    this.destroyed = true;
  }
}

export const Menu = {
  buildFromTemplate: (template) => ({ template }),
  setApplicationMenu: (menu) => record('Menu.setApplicationMenu', { menu: menu !== null }),
};

function image(representations = []) {
  return {
    representations,
    addRepresentation(rep) {
      representations.push({ scaleFactor: rep.scaleFactor, bytes: rep.buffer?.length ?? 0 });
    },
    isEmpty: () => representations.length === 0,
  };
}

export const nativeImage = {
  createEmpty: () => image(),
  createFromBuffer: (buffer) => image([{ scaleFactor: 1, bytes: buffer.length }]),
  createFromPath: () => image(),
};

export class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(options) {
    super();
    this.options = options;
  }
  show() {
    notifications.push(this);
  }
}

export const powerMonitor = new EventEmitter();
export const globalShortcut = {
  register: (accelerator) => (record('globalShortcut.register', { accelerator }), true),
  unregister: (accelerator) => record('globalShortcut.unregister', { accelerator }),
  unregisterAll: () => record('globalShortcut.unregisterAll'),
};
export const systemPreferences = {
  isTrustedAccessibilityClient: (prompt) => (
    record('isTrustedAccessibilityClient', { prompt }),
    false
  ),
};
export const utilityProcess = {
  fork: (modulePath) => {
    record('utilityProcess.fork', { modulePath });
    throw new Error('the stand-in starts no utility process');
  },
};
export const dialog = {
  showErrorBox: (title, content) => record('dialog.showErrorBox', { title, content }),
};
export const shell = {
  openExternal: (url) => (record('shell.openExternal', { url }), Promise.resolve()),
};

/** Members main might use that the stand-in does not model: every call is recorded. */
function recordingProxy(name) {
  return new Proxy(function () {}, {
    get: (_target, member) =>
      member === 'then' ? undefined : recordingProxy(`${name}.${String(member)}`),
    apply: (_target, _this, args) => (record(name, { args: args.length }), undefined),
    construct: () => (record(`new ${name}`), recordingProxy(name)),
  });
}
export const autoUpdater = recordingProxy('autoUpdater');
export const clipboard = recordingProxy('clipboard');
export const contentTracing = recordingProxy('contentTracing');
export const crashReporter = recordingProxy('crashReporter');
export const desktopCapturer = recordingProxy('desktopCapturer');
export const nativeTheme = recordingProxy('nativeTheme');
export const net = recordingProxy('net');
export const powerSaveBlocker = recordingProxy('powerSaveBlocker');
export const protocol = recordingProxy('protocol');
export const screen = recordingProxy('screen');
export const webContents = recordingProxy('webContents');
export const MenuItem = recordingProxy('MenuItem');
export const WebContentsView = recordingProxy('WebContentsView');
export const BaseWindow = recordingProxy('BaseWindow');

export default {
  app,
  BrowserWindow,
  ipcMain,
  MessageChannelMain,
  session,
  safeStorage,
  Tray,
  Menu,
  nativeImage,
  Notification,
  powerMonitor,
  globalShortcut,
  systemPreferences,
  utilityProcess,
  dialog,
  shell,
};

// ---- the test's side: requests over the Node IPC channel ----

function ipcEvent(window, as) {
  const contents = as === 'other-window' ? new WebContents() : window.webContents;
  const url = as === 'foreign' ? 'https://evil.example/' : window.webContents.url;
  return { sender: contents, senderFrame: { url, parent: as === 'subframe' ? {} : null } };
}

function findItem(items, label) {
  for (const item of items) {
    if (item.label === label) return item;
    const inner = item.submenu ? findItem(item.submenu, label) : null;
    if (inner) return inner;
  }
  return null;
}

function snapshot() {
  const tray = trays.at(-1);
  return {
    records,
    handlers: [...handlers.keys()],
    windows: windows.map((w) => ({
      options: w.options,
      url: w.webContents.url,
      visible: w.visible,
      destroyed: w.destroyed,
      sent: w.webContents.sent.length,
    })),
    tray: tray && {
      representations: tray.image?.representations ?? [],
      tooltip: tray.tooltip,
      menu: tray.menu ? cloneTemplate(tray.menu.template) : null,
      destroyed: tray.destroyed,
    },
    notifications: notifications.map((n) => n.options),
  };
}

const operations = {
  snapshot: () => snapshot(),
  invoke: async ({ channel, payload, as = 'own' }) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler(ipcEvent(windows[0], as), payload);
  },
  menu: ({ label }) => {
    const item = findItem(trays.at(-1)?.menu?.template ?? [], label);
    if (!item?.click) throw new Error(`no tray menu item "${label}"`);
    item.click();
    return null;
  },
  'close-window': () => windows[0].close(),
  navigate: ({ url }) => {
    const event = {
      defaultPrevented: false,
      preventDefault: () => (event.defaultPrevented = true),
    };
    windows[0].webContents.emit('will-navigate', event, url);
    return event.defaultPrevented;
  },
  'open-window': ({ url }) => windows[0].webContents.openHandler({ url }),
  permission: ({ name, url }) =>
    new Promise((resolve) =>
      permission.request({ getURL: () => url }, name, resolve, { requestingUrl: url }),
    ),
  'second-instance': ({ argv }) => (app.emit('second-instance', {}, argv, process.cwd()), null),
  power: ({ event }) => (powerMonitor.emit(event), null),
  quit: () => (setImmediate(() => app.quit()), null),
};

process.on('message', async (message) => {
  const { id, op, ...args } = message;
  try {
    const value = await operations[op](args);
    process.send({ id, ok: true, value });
  } catch (error) {
    process.send({ id, ok: false, error: String(error?.message ?? error) });
  }
});
