/**
 * The desktop app's global talk-key backends: the uiohook hook in an Electron utility process,
 * the GlobalShortcuts portal over D-Bus on Wayland, and Electron's `globalShortcut` as the
 * press-only fallback. On macOS the Accessibility trust is asked first (without a prompt), so
 * the hook never starts where it cannot work.
 */
import type { Clock } from '../base/clock';
import type { Logger } from '../base/logger';
import type { HotkeyProvider } from '../app/hotkey-service';
import { PARLEY_APP_ID } from '../hotkey/app-id';
import { selectHotkeyBackend } from '../hotkey/backend-selection';
import { connectSessionBus } from '../hotkey/dbus-connection';
import { GlobalShortcutBackend, type ShortcutRegistrar } from '../hotkey/global-shortcut-backend';
import { HookBackend } from '../hotkey/hook-backend';
import { gatherHotkeyFacts } from '../hotkey/hotkey-facts';
import { PortalBackend } from '../hotkey/portal-backend';
import { utilityHookLauncher, type UtilityFork } from './utility-hook-launcher';

/** What the desktop backends need from Electron and the build. */
export interface DesktopHotkeyDeps {
  clock: Clock;
  log: Logger;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** `utilityProcess.fork`. */
  fork: UtilityFork;
  /** The built hook process (`out/main/hook.js`, unpacked from the asar when packaged). */
  hookEntry: string;
  /** Electron's `globalShortcut`. */
  globalShortcut: ShortcutRegistrar;
  /** macOS: `systemPreferences.isTrustedAccessibilityClient`. */
  isTrustedAccessibilityClient(prompt: boolean): boolean;
}

/** The hotkey provider of the desktop app. */
export function desktopHotkeys(deps: DesktopHotkeyDeps): HotkeyProvider {
  const { clock, log } = deps;
  return {
    choose: async () =>
      selectHotkeyBackend(
        await gatherHotkeyFacts({
          clock,
          platform: deps.platform,
          env: deps.env,
          accessibilityTrusted: () => deps.isTrustedAccessibilityClient(false),
          globalShortcutAvailable: true,
        }),
      ),
    create: (kind) => {
      if (kind === 'hook') {
        const launch = utilityHookLauncher(deps.fork, deps.hookEntry, (line) =>
          log('warn', 'hotkey.hook_stderr', { line: line.slice(0, 300) }),
        );
        return new HookBackend({ launch, clock, log });
      }
      if (kind === 'portal') {
        return new PortalBackend({
          connect: () => connectSessionBus(clock, deps.env.DBUS_SESSION_BUS_ADDRESS),
          appId: PARLEY_APP_ID,
          clock,
          log,
        });
      }
      return new GlobalShortcutBackend(deps.globalShortcut, log);
    },
  };
}
