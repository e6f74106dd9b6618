/** The real Electron behind {@link ShellElectron}: tray, notifications, power, login item. */
import { existsSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { app, Notification, powerMonitor, systemPreferences } from 'electron';
import type { ShellElectron } from './desktop-shell';
import { createDesktopTray } from './desktop-tray';
import { applyStartAtLogin } from './login-item';

/** The command that starts this Parley again: the AppImage, the app, or Electron and the app. */
export function relaunchCommand(): string[] {
  if (process.env.APPIMAGE) return [process.env.APPIMAGE];
  return app.isPackaged ? [process.execPath] : [process.execPath, app.getAppPath()];
}

/** Builds the shell's Electron effects; the tray notice is remembered in `dataDir`. */
export function electronShell(
  dataDir: string,
  platform: NodeJS.Platform = process.platform,
): ShellElectron {
  const noticeFile = join(dataDir, 'tray-notice-shown');
  // A notification nobody holds on to may be collected before its click arrives.
  const shown = new Set<Notification>();
  return {
    createTray: (initial, onAction) => createDesktopTray(initial, onAction),
    notify: (request) => {
      if (!Notification.isSupported()) return;
      const notification = new Notification({ title: request.title, body: request.body });
      shown.add(notification);
      notification.on('click', () => {
        shown.delete(notification);
        request.onClick();
      });
      notification.on('close', () => shown.delete(notification));
      notification.show();
    },
    onPower: (event, listener) => void powerMonitor.on(event as 'suspend', listener),
    setStartAtLogin: async (enabled) => {
      const result = await applyStartAtLogin(enabled, {
        platform,
        setLoginItemSettings: (settings) => app.setLoginItemSettings(settings),
        command: relaunchCommand(),
        configHome: process.env.XDG_CONFIG_HOME || join(homedir(), '.config'),
      });
      return result.ok ? null : result.error.message;
    },
    askAccessibility: () => {
      if (platform === 'darwin') systemPreferences.isTrustedAccessibilityClient(true);
    },
    trayNoticeShown: () => existsSync(noticeFile),
    markTrayNoticeShown: () => {
      try {
        writeFileSync(noticeFile, `${new Date().toISOString()}\n`);
      } catch {
        // Not remembered: the notice may show again next time, which is harmless.
      }
    },
    quit: () => app.quit(),
  };
}
