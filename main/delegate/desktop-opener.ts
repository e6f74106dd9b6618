import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { LocalStep } from '../../preload/schemas/offline';

type Environment = Record<string, string | undefined>;

/** Whether `name` is an executable file in one of the `PATH` folders. */
export function onPath(name: string, env: Environment): boolean {
  return (env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir !== '')
    .some((dir) => {
      try {
        accessSync(join(dir, name), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

/**
 * The shell step that opens the workspace (the current folder) in the desktop's file manager,
 * or null where there is none: `open` on macOS, `start` on Windows, `xdg-open` on a Linux or
 * BSD desktop (a display and `xdg-open` on the PATH).
 */
export function desktopOpenerStep(platform: NodeJS.Platform, env: Environment): LocalStep | null {
  const whenEmpty = 'Opened the workspace folder in the file manager.';
  if (platform === 'darwin') return { command: 'open .', whenEmpty };
  // `explorer` exits 1 even when it opened the folder; `start` reports honestly.
  if (platform === 'win32') return { command: 'start "" .', whenEmpty };
  const display = Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
  return display && onPath('xdg-open', env) ? { command: 'xdg-open .', whenEmpty } : null;
}
