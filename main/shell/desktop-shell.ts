/**
 * The desktop shell around a running app: the tray (icon per state, every action in its menu),
 * the window that hides to the tray, notifications of tasks that end while the window is not
 * in front, start at login, screen lock and suspend, and the launches that reach the running
 * instance. Electron comes in as {@link ShellElectron}, so the shell is tested with fakes.
 */
import type { ConversationState } from '../../preload/schemas/conversation';
import type { HotkeyStatus } from '../../preload/schemas/hotkey';
import type { SettingsFields } from '../../preload/schemas/settings';
import type { TalkView } from '../../preload/schemas/talk';
import type { TaskSnapshot } from '../../preload/schemas/tasks';
import type { Logger } from '../base/logger';
import type { ParleyApp } from '../app/parley-app';
import type { DesktopTray } from './desktop-tray';
import { handleLaunch } from './instance-commands';
import { taskNotifier, TRAY_NOTICE, type NotificationRequest } from './task-notifications';
import { trayModel, type TrayAction, type TrayInput, type TrayModel } from './tray-model';
import type { WindowHost } from './window-host';

/** What the shell asks of Electron (and of the file the tray notice is remembered in). */
export interface ShellElectron {
  createTray(initial: TrayModel, onAction: (action: TrayAction) => void): DesktopTray;
  /** Shows a desktop notification, when the desktop has them. */
  notify(request: NotificationRequest): void;
  /** `powerMonitor.on` for `lock-screen` and `suspend`. */
  onPower(event: 'lock-screen' | 'suspend', listener: () => void): void;
  /** Applies start at login; resolves with a message when it failed. */
  setStartAtLogin(enabled: boolean): Promise<string | null>;
  /** macOS: ask for the Accessibility permission (shows the system prompt). */
  askAccessibility(): void;
  /** Whether the closed-to-tray notice was shown before; `markTrayNoticeShown` remembers it. */
  trayNoticeShown(): boolean;
  markTrayNoticeShown(): void;
  quit(): void;
}

/** The running shell. */
export interface DesktopShell {
  /** A second launch's argv (or this launch's own, once started). */
  launched(argv: readonly string[]): void;
  dispose(): void;
}

async function value<T>(result: unknown): Promise<T> {
  const settled = (await result) as { ok: boolean; value?: T };
  if (!settled.ok) throw new Error('the app refused a shell query');
  return settled.value as T;
}

/** Starts the shell around `app` and its window. */
export async function startDesktopShell(input: {
  app: ParleyApp;
  window: WindowHost;
  electron: ShellElectron;
  log: Logger;
}): Promise<DesktopShell> {
  const { app, window, electron, log } = input;
  const h = app.handlers;
  const state: TrayInput = {
    conversation: await value<ConversationState>(h['conversation.state'](undefined)),
    talk: await value<TalkView>(h['talk.state'](undefined)),
    tasks: await value<TaskSnapshot[]>(h['tasks.list'](undefined)),
    hotkey: await value<HotkeyStatus>(h['hotkey.status'](undefined)),
  };
  const openTask = (taskId: string): void => {
    window.show();
    app.navigate({ view: 'task', taskId });
  };
  const onAction = (action: TrayAction): void =>
    runTrayAction(action, { app, window, electron, openTask, log });
  const tray = electron.createTray(trayModel(state), onAction);
  const refresh = (patch: Partial<TrayInput>): void => {
    Object.assign(state, patch);
    tray.update(trayModel(state));
  };
  const notifyEnd = taskNotifier({
    show: (request) => electron.notify(request),
    windowFocused: () => window.focused,
    openTask,
  });
  const offs = [
    app.on('conversation.state', (conversation) => refresh({ conversation })),
    app.on('talk.state', (talk) => refresh({ talk })),
    app.on('hotkey.status', (hotkey) => refresh({ hotkey })),
    app.on('task.updated', (task) => {
      refresh({ tasks: upsert(state.tasks, task) });
      notifyEnd(task);
    }),
    followStartAtLogin(app, electron, log),
  ];
  electron.onPower('lock-screen', () => app.talk.halt('screen-locked'));
  electron.onPower('suspend', () => app.talk.halt('suspended'));
  let disposed = false;
  return {
    launched: (argv) =>
      handleLaunch(argv, { talk: app.talk, showWindow: () => window.show(), log }),
    dispose: () => {
      if (disposed) return;
      disposed = true;
      for (const off of offs) off();
      tray.dispose();
    },
  };
}

/** Says once, ever, that closing the window left Parley in the tray. */
export function closedToTrayNotice(electron: ShellElectron): () => void {
  return () => {
    if (electron.trayNoticeShown()) return;
    electron.markTrayNoticeShown();
    electron.notify({ ...TRAY_NOTICE, onClick: () => {} });
  };
}

function runTrayAction(
  action: TrayAction,
  ctx: {
    app: ParleyApp;
    window: WindowHost;
    electron: ShellElectron;
    openTask: (taskId: string) => void;
    log: Logger;
  },
): void {
  const { app, window, electron } = ctx;
  ctx.log('info', 'shell.tray_action', { action: action.kind });
  switch (action.kind) {
    case 'talk':
      return app.talk.command(action.command, 'tray');
    case 'mute':
      return app.talk.setMuted(action.muted);
    case 'talk-mode':
      void Promise.resolve(app.handlers['settings.update']({ talkMode: action.mode })).then((r) => {
        if (!r.ok) ctx.log('warn', 'shell.talk_mode_refused', { message: r.error.message });
      });
      return;
    case 'show-window':
      return window.show();
    case 'settings':
      window.show();
      return app.navigate({ view: 'settings' });
    case 'task':
      return ctx.openTask(action.taskId);
    case 'grant-accessibility':
      return electron.askAccessibility();
    case 'quit':
      return electron.quit();
  }
}

/** Keeps the login item in step with the setting (applied at start, then on each change). */
function followStartAtLogin(app: ParleyApp, electron: ShellElectron, log: Logger): () => void {
  let applied: boolean | null = null;
  const apply = (settings: SettingsFields): void => {
    if (settings.startAtLogin === applied) return;
    applied = settings.startAtLogin;
    void electron.setStartAtLogin(applied).then((problem) => {
      if (problem) log('warn', 'shell.login_item_failed', { message: problem });
    });
  };
  void value<{ values: SettingsFields }>(app.handlers['settings.get'](undefined)).then(
    (view) => apply(view.values),
    () => {},
  );
  return app.on('settings.changed', (view) => apply(view.values));
}

/** Tasks the tray keeps (it lists the newest few and counts those at work). */
const TRAY_TASKS = 50;

function upsert(tasks: readonly TaskSnapshot[], task: TaskSnapshot): TaskSnapshot[] {
  const index = tasks.findIndex((t) => t.id === task.id);
  if (index === -1) return [...tasks, task].slice(-TRAY_TASKS);
  return tasks.map((t, i) => (i === index ? task : t));
}
