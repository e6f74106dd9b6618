/**
 * Start at login: Electron's login item on macOS and Windows, an XDG autostart entry on Linux
 * (where Electron has none). Parley started this way opens in the tray (`--hidden`), and is
 * never listening after it starts unless "listen on start" is set.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage, err, ok, type Result, type TaggedError } from '../base/result';
import { PARLEY_APP_ID } from '../hotkey/app-id';

/** The flag a login start passes: open in the tray, without the window. */
export const HIDDEN_FLAG = '--hidden';

/** What the login item needs from Electron and the environment. */
export interface LoginItemDeps {
  platform: NodeJS.Platform;
  /** Electron's `app.setLoginItemSettings` (macOS, Windows). */
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
  /** The command that starts Parley: the AppImage, the app binary, or Electron and the app. */
  command: readonly string[];
  /** `$XDG_CONFIG_HOME` or `~/.config`. */
  configHome: string;
}

/** Where the Linux autostart entry goes. */
export function autostartPath(configHome: string): string {
  return join(configHome, 'autostart', `${PARLEY_APP_ID}.desktop`);
}

/** One argument of a `.desktop` Exec line, quoted as the Desktop Entry spec asks. */
export function desktopExecArg(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `"${arg.replace(/[\\"`$]/g, (c) => `\\${c}`)}"`;
}

/** The autostart entry for `command`. */
export function autostartEntry(command: readonly string[]): string {
  const exec = [...command, HIDDEN_FLAG].map(desktopExecArg).join(' ');
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Parley',
    'Comment=Start Parley in the tray',
    `Exec=${exec}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Turns start at login on or off; a failure says what could not be done. */
export async function applyStartAtLogin(
  enabled: boolean,
  deps: LoginItemDeps,
): Promise<Result<void, TaggedError<'failed'>>> {
  try {
    if (deps.platform === 'darwin' || deps.platform === 'win32') {
      deps.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_FLAG] });
      return ok(undefined);
    }
    const path = autostartPath(deps.configHome);
    if (!enabled) {
      await rm(path, { force: true });
      return ok(undefined);
    }
    await mkdir(join(deps.configHome, 'autostart'), { recursive: true });
    await writeFile(path, autostartEntry(deps.command), { mode: 0o644 });
    return ok(undefined);
  } catch (error) {
    return err(
      'failed',
      `Could not ${enabled ? 'add' : 'remove'} the login item: ${errorMessage(error)}`,
    );
  }
}
