/**
 * Gathers what {@link selectHotkeyBackend} needs to know about this desktop: the session
 * variables, whether the X display accepts a client, whether the session bus has the
 * GlobalShortcuts portal, and (from the shell, on macOS) the Accessibility trust.
 */
import type { Clock } from '../base/clock';
import type { HotkeyFacts } from './backend-selection';
import { connectSessionBus } from './dbus-connection';
import { portalVersion } from './global-shortcuts-portal';
import { probeXDisplay } from './x-display-probe';

/** Inputs of {@link gatherHotkeyFacts}; the shell passes Electron's answers. */
export interface HotkeyFactsInput {
  clock: Clock;
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  /** macOS: `systemPreferences.isTrustedAccessibilityClient(false)` (never prompts). */
  accessibilityTrusted?: () => boolean;
  globalShortcutAvailable: boolean;
}

/** Looks at the desktop; never throws, and gives up on a probe within a few seconds. */
export async function gatherHotkeyFacts(input: HotkeyFactsInput): Promise<HotkeyFacts> {
  const platform = input.platform ?? process.platform;
  const env = input.env ?? process.env;
  const unix = platform !== 'darwin' && platform !== 'win32';
  const session = {
    DISPLAY: env.DISPLAY,
    WAYLAND_DISPLAY: env.WAYLAND_DISPLAY,
    XDG_SESSION_TYPE: env.XDG_SESSION_TYPE,
  };
  const [xDisplayReachable, portal] = await Promise.all([
    unix && env.DISPLAY ? probeXDisplay(env.DISPLAY).then((r) => r.ok) : Promise.resolve(null),
    unix && env.WAYLAND_DISPLAY
      ? findPortal(input.clock, env.DBUS_SESSION_BUS_ADDRESS)
      : Promise.resolve(null),
  ]);
  return {
    platform,
    env: Object.fromEntries(Object.entries(session).filter(([, v]) => v)) as HotkeyFacts['env'],
    xDisplayReachable,
    portalVersion: portal,
    accessibilityTrusted: platform === 'darwin' ? (input.accessibilityTrusted?.() ?? false) : null,
    globalShortcutAvailable: input.globalShortcutAvailable,
  };
}

async function findPortal(clock: Clock, address: string | undefined): Promise<number | null> {
  const bus = await connectSessionBus(clock, address);
  if (!bus.ok) return null;
  try {
    return await portalVersion(bus.value);
  } finally {
    bus.value.close();
  }
}
