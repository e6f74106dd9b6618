/**
 * Which global talk-key backend can work on this desktop, and the reason in words for the
 * settings view and the tray. Pure: the shell gathers the facts (environment, a probe of the X
 * display, a look for the portal on the session bus, macOS's Accessibility trust).
 */
import type { HotkeyStatus } from '../../preload/schemas/hotkey';
import type { HotkeyBackendKind } from './hotkey-backend';

/** What the shell found out about the desktop. */
export interface HotkeyFacts {
  platform: NodeJS.Platform;
  env: { DISPLAY?: string; WAYLAND_DISPLAY?: string; XDG_SESSION_TYPE?: string };
  /** Whether the X display accepted a client (Linux/BSD; null when not probed). */
  xDisplayReachable: boolean | null;
  /** The GlobalShortcuts portal's `version`, or null when there is no bus or no such portal. */
  portalVersion: number | null;
  /** macOS: whether Parley is trusted for Accessibility (null elsewhere). */
  accessibilityTrusted: boolean | null;
  /** Whether Electron's `globalShortcut` exists in this host (not in the browser host). */
  globalShortcutAvailable: boolean;
}

/** Something the user can do to get a better backend. */
export type HotkeyRemedy = HotkeyStatus['remedy'];

/** The backend to try, what to fall back to, and why. */
export interface HotkeyChoice {
  backend: HotkeyBackendKind | 'none';
  /** Backends to try, in order, when `backend` turns out unavailable. */
  fallbacks: HotkeyBackendKind[];
  /** Why this backend, in a sentence for the settings view and the tray. */
  reason: string;
  remedy: HotkeyRemedy;
}

const TOGGLE_HINT = 'bind `parley --toggle` to a key in your desktop’s keyboard settings';

/** Chooses the talk-key backend; see the module comment. */
export function selectHotkeyBackend(facts: HotkeyFacts): HotkeyChoice {
  const choice = preferredBackend(facts);
  if (choice.backend === 'global-shortcut' && !facts.globalShortcutAvailable) {
    return {
      backend: 'none',
      fallbacks: [],
      reason: `${choice.reason} This host has no global shortcuts: ${TOGGLE_HINT}.`,
      remedy: 'bind-toggle-command',
    };
  }
  const fallbacks: HotkeyBackendKind[] =
    choice.backend !== 'global-shortcut' &&
    choice.backend !== 'none' &&
    facts.globalShortcutAvailable
      ? ['global-shortcut']
      : [];
  return { ...choice, fallbacks };
}

function preferredBackend(facts: HotkeyFacts): Omit<HotkeyChoice, 'fallbacks'> {
  if (facts.platform === 'darwin') return macBackend(facts.accessibilityTrusted === true);
  if (facts.platform === 'win32') {
    return {
      backend: 'hook',
      reason: 'The keyboard hook sees the talk key’s press and release.',
      remedy: null,
    };
  }
  return unixBackend(facts);
}

function macBackend(trusted: boolean): Omit<HotkeyChoice, 'fallbacks'> {
  if (trusted) {
    return {
      backend: 'hook',
      reason: 'The keyboard hook sees the talk key’s press and release.',
      remedy: null,
    };
  }
  return {
    backend: 'global-shortcut',
    reason:
      'Holding the talk key needs the Accessibility permission (System Settings › Privacy & ' +
      'Security › Accessibility); until it is granted the key toggles talking.',
    remedy: 'grant-accessibility',
  };
}

function unixBackend(facts: HotkeyFacts): Omit<HotkeyChoice, 'fallbacks'> {
  const { DISPLAY, WAYLAND_DISPLAY, XDG_SESSION_TYPE } = facts.env;
  const session = XDG_SESSION_TYPE?.toLowerCase();
  const wayland = session === 'wayland' || (!!WAYLAND_DISPLAY && session !== 'x11');
  if (wayland) {
    if (facts.portalVersion !== null && facts.portalVersion >= 1) {
      return {
        backend: 'portal',
        reason:
          'Wayland: the desktop’s global-shortcuts portal reports the talk key’s press and release.',
        remedy: null,
      };
    }
    return {
      backend: 'global-shortcut',
      reason:
        'Wayland without the global-shortcuts portal (GNOME 48+, KDE Plasma 6 or Hyprland have ' +
        `it): the talk key can only toggle, and only while an X11 window has focus; ${TOGGLE_HINT}.`,
      remedy: 'bind-toggle-command',
    };
  }
  if (!DISPLAY) {
    return {
      backend: 'none',
      reason: `No graphical session (neither DISPLAY nor WAYLAND_DISPLAY is set): there is no global talk key; ${TOGGLE_HINT}.`,
      remedy: 'bind-toggle-command',
    };
  }
  if (facts.xDisplayReachable === false) {
    return {
      backend: 'global-shortcut',
      reason: `The X display ${DISPLAY} does not accept the keyboard hook; the talk key can only toggle.`,
      remedy: 'bind-toggle-command',
    };
  }
  return {
    backend: 'hook',
    reason: 'X11: the keyboard hook sees the talk key’s press and release.',
    remedy: null,
  };
}
