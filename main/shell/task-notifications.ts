/**
 * Desktop notifications: a task that finishes or fails while Parley's window is not in front
 * says so (a click opens its card); while the window has focus the pane shows it and nothing
 * pops up. Also the one-time word that closing the window keeps Parley in the tray.
 */
import type { TaskSnapshot } from '../../preload/schemas/tasks';

/** One notification to show. */
export interface NotificationRequest {
  title: string;
  body: string;
  onClick(): void;
}

/** What the notifier needs from the shell. */
export interface TaskNotifierDeps {
  /** Shows a notification (Electron's `Notification`); absent when the desktop has none. */
  show(request: NotificationRequest): void;
  /** Whether Parley's window is visible and focused. */
  windowFocused(): boolean;
  /** Shows the window on the task's card. */
  openTask(taskId: string): void;
}

/** Longest body shown: the first line of the result or error, cut here. */
const MAX_BODY = 180;

function firstLine(text: string | null): string {
  const line = (text ?? '').trim().split('\n', 1)[0] ?? '';
  return line.length > MAX_BODY ? `${line.slice(0, MAX_BODY - 1)}…` : line;
}

/** What to say about a task that just ended, or null when it ended otherwise (cancelled). */
export function taskEndNotice(task: TaskSnapshot): { title: string; body: string } | null {
  if (task.status === 'done') {
    return {
      title: `Done: ${task.name}`,
      body: firstLine(task.result) || 'Finished with no output.',
    };
  }
  if (task.status === 'failed') {
    return { title: `Failed: ${task.name}`, body: firstLine(task.error) || 'No reason given.' };
  }
  return null;
}

/** Watches task updates; returns the function that takes each update. */
export function taskNotifier(deps: TaskNotifierDeps): (task: TaskSnapshot) => void {
  const ended = new Set<string>();
  return (task) => {
    const notice = taskEndNotice(task);
    if (!notice || ended.has(task.id)) return;
    ended.add(task.id);
    if (deps.windowFocused()) return;
    deps.show({ ...notice, onClick: () => deps.openTask(task.id) });
  };
}

/** The one-time notice shown the first time closing the window leaves Parley in the tray. */
export const TRAY_NOTICE = {
  title: 'Parley is still running',
  body: 'Closing the window keeps Parley in the tray. Quit it from the tray menu.',
} as const;
