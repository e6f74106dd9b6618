import { EventEmitter } from 'node:events';
import type { BrowserWindow } from 'electron';
import { describe, expect, it } from 'vitest';
import type { NavigateTarget } from '../../../preload/schemas/talk';
import type { TaskSnapshot } from '../../../preload/schemas/tasks';
import {
  closedToTrayNotice,
  startDesktopShell,
  type ShellElectron,
} from '../../../main/shell/desktop-shell';
import type { NotificationRequest } from '../../../main/shell/task-notifications';
import type { TrayAction, TrayModel } from '../../../main/shell/tray-model';
import { WindowHost } from '../../../main/shell/window-host';
import { createTestApp, invoke, memorySettings } from '../../support/app-harness';

/** The window as far as the shell sees it: shown, hidden, focused. */
class FakeWindow extends EventEmitter {
  visible = true;
  readonly webContents = new EventEmitter();
  show = (): void => void ((this.visible = true), this.emit('show'));
  hide = (): void => void ((this.visible = false), this.emit('hide'));
  focus = (): void => {};
  restore = (): void => {};
  isMinimized = (): boolean => false;
  isVisible = (): boolean => this.visible;
  isFocused = (): boolean => this.visible;
  isDestroyed = (): boolean => false;
}

/** A recording ShellElectron: the tray it made, notifications, login items, power listeners. */
function fakeElectron() {
  const seen = {
    models: [] as TrayModel[],
    onAction: null as ((action: TrayAction) => void) | null,
    notified: [] as NotificationRequest[],
    loginItem: [] as boolean[],
    power: new Map<string, () => void>(),
    asked: 0,
    quits: 0,
    trayNotice: false,
    disposed: 0,
  };
  const electron: ShellElectron = {
    createTray: (initial, onAction) => {
      seen.models.push(initial);
      seen.onAction = onAction;
      return { update: (model) => seen.models.push(model), dispose: () => seen.disposed++ };
    },
    notify: (request) => seen.notified.push(request),
    onPower: (event, listener) => seen.power.set(event, listener),
    setStartAtLogin: async (enabled) => (seen.loginItem.push(enabled), null),
    askAccessibility: () => seen.asked++,
    trayNoticeShown: () => seen.trayNotice,
    markTrayNoticeShown: () => (seen.trayNotice = true),
    quit: () => seen.quits++,
  };
  return { electron, seen };
}

async function shell(settings: Parameters<typeof memorySettings>[0] = {}) {
  const harness = createTestApp({ overrides: { settingsStore: memorySettings(settings) } });
  await harness.app.start();
  const { electron, seen } = fakeElectron();
  const window = new FakeWindow();
  const host = new WindowHost({
    create: () => window as unknown as BrowserWindow,
    onPageLoading: () => {},
    onVisibility: (visible) => harness.app.talk.setBackground(!visible),
    onClosedToTray: closedToTrayNotice(electron),
  });
  host.ensure(false);
  const navigated: NavigateTarget[] = [];
  harness.app.on('app.navigate', (target) => navigated.push(target));
  const desktop = await startDesktopShell({
    app: harness.app,
    window: host,
    electron,
    log: harness.deps.log,
  });
  const act = (action: TrayAction): void => seen.onAction!(action);
  const tray = (): TrayModel => seen.models.at(-1)!;
  return { ...harness, seen, window, desktop, act, tray, navigated };
}

describe('the desktop shell', () => {
  it('the tray follows the talk input, and each menu action reaches the app', async () => {
    const { app, act, tray, navigated, seen, window } = await shell({ talkMode: 'toggle' });
    expect(tray().tooltip).toMatch(/^Parley: not listening/);
    act({ kind: 'talk', command: 'start' });
    expect(app.talk.view).toMatchObject({ state: 'talking', latched: true });
    expect(tray().icon.state).toBe('user-speaking');
    act({ kind: 'talk', command: 'stop' });
    act({ kind: 'mute', muted: true });
    expect(tray().icon.state).toBe('muted');
    act({ kind: 'talk-mode', mode: 'hands-free' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect((await invoke(app, 'settings.get')).values.talkMode).toBe('hands-free');
    window.hide();
    act({ kind: 'settings' });
    expect(window.visible).toBe(true);
    act({ kind: 'task', taskId: 'task-4' });
    expect(navigated).toEqual([{ view: 'settings' }, { view: 'task', taskId: 'task-4' }]);
    act({ kind: 'grant-accessibility' });
    act({ kind: 'quit' });
    expect([seen.asked, seen.quits]).toEqual([1, 1]);
    await app.dispose();
  });

  it('a task that ends while the window is hidden is notified, and the click opens its card', async () => {
    const { app, seen, window, navigated, transports, clock } = await shell({
      delegate: 'command',
      delegateCommand: "printf 'all green'",
    });
    await invoke(app, 'conversation.start');
    window.hide();
    const done = new Promise<TaskSnapshot>((resolve) =>
      app.on('task.updated', (task) => task.status === 'done' && resolve(task)),
    );
    // The voice model hands off (V2: a background_agent call); the real command delegate runs.
    transports.latest!.receive({
      type: 'conversation.item.done',
      item: {
        id: 'item_c1',
        type: 'function_call',
        call_id: 'c1',
        name: 'background_agent',
        arguments: JSON.stringify({ prompt: 'run the tests' }),
      },
    });
    const flush = setInterval(() => clock.advance(100), 10);
    const task = await done.finally(() => clearInterval(flush));
    expect(seen.notified.map(({ title, body }) => ({ title, body }))).toEqual([
      { title: `Done: ${task.name}`, body: 'all green' },
    ]);
    expect(seen.models.at(-1)!.menu).toContainEqual(
      expect.objectContaining({ label: `${task.name} — done` }),
    );
    seen.notified[0]!.onClick();
    expect(window.visible).toBe(true);
    expect(navigated).toEqual([{ view: 'task', taskId: task.id }]);
    await app.dispose();
  });

  it('no notification while the window has focus', async () => {
    const { app, seen, transports, clock } = await shell({
      delegate: 'command',
      delegateCommand: "printf 'fine'",
    });
    await invoke(app, 'conversation.start');
    const done = new Promise<void>((resolve) =>
      app.on('task.updated', (task) => task.status === 'done' && resolve()),
    );
    transports.latest!.receive({
      type: 'conversation.item.done',
      item: {
        id: 'item_c2',
        type: 'function_call',
        call_id: 'c2',
        name: 'background_agent',
        arguments: JSON.stringify({ prompt: 'check' }),
      },
    });
    const flush = setInterval(() => clock.advance(100), 10);
    await done.finally(() => clearInterval(flush));
    expect(seen.notified).toEqual([]);
    await app.dispose();
  });

  it('the screen lock and suspend stop talking', async () => {
    const { app, act, seen } = await shell({ talkMode: 'toggle' });
    act({ kind: 'talk', command: 'start' });
    seen.power.get('lock-screen')!();
    expect(app.talk.view.state).toBe('idle');
    act({ kind: 'talk', command: 'start' });
    seen.power.get('suspend')!();
    expect(app.talk.view.state).toBe('idle');
    await app.dispose();
  });

  it('start at login follows the setting: applied at start, then on each change', async () => {
    const { app, seen } = await shell({ startAtLogin: true });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen.loginItem).toEqual([true]);
    await invoke(app, 'settings.update', { startAtLogin: false });
    await invoke(app, 'settings.update', { model: 'other' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen.loginItem).toEqual([true, false]);
    await app.dispose();
  });

  it('closing the window says once, ever, that Parley stays in the tray; background listening is gated', async () => {
    const { app, seen, window } = await shell({ talkMode: 'hands-free' });
    window.emit('close', { preventDefault: () => {} });
    window.emit('close', { preventDefault: () => {} });
    expect(seen.notified.map((n) => n.title)).toEqual(['Parley is still running']);
    window.hide();
    expect(app.talk.view.gated).toBe(true);
    window.show();
    expect(app.talk.view.gated).toBe(false);
    await app.dispose();
  });

  it('a second launch’s --mute reaches the talk input; a plain one shows the window', async () => {
    const { app, desktop, window } = await shell();
    desktop.launched(['/usr/bin/parley', '--mute']);
    expect(app.talk.muted).toBe(true);
    window.hide();
    desktop.launched(['/usr/bin/parley']);
    expect(window.visible).toBe(true);
    desktop.dispose();
    desktop.dispose();
    await app.dispose();
  });
});
