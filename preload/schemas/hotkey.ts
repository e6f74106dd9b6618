/** The global talk key as settings and the tray show it. */
import { z } from 'zod';

/** Which backend watches the global talk key (`none`: only `parley --toggle` and the UI). */
export const HotkeyBackendKind = z.enum(['hook', 'portal', 'global-shortcut', 'none']);
export type HotkeyBackendKind = z.infer<typeof HotkeyBackendKind>;

/** The global talk key as settings and the tray show it. */
export const HotkeyStatus = z.object({
  backend: HotkeyBackendKind,
  /** The chord as stored (`Ctrl+Alt+Space`), or null when none is bound. */
  chord: z.string().nullable(),
  /** How the backend describes the trigger (a desktop portal may show its own). */
  label: z.string().nullable(),
  /** False when the key can only toggle (no key-up: hold-to-talk and Auto act as toggle). */
  reportsRelease: z.boolean(),
  state: z.enum(['off', 'binding', 'active', 'restarting', 'failed']),
  /** Why this backend, or what went wrong, in a sentence. */
  reason: z.string(),
  /** What the user can do for a better backend. */
  remedy: z.enum(['grant-accessibility', 'bind-toggle-command']).nullable(),
});
export type HotkeyStatus = z.infer<typeof HotkeyStatus>;
