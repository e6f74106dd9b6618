/**
 * Messages between Parley and its hook process (an Electron utility process in the app, a
 * Node child process elsewhere). Both directions are checked at the boundary: a process is a
 * wire, and a bad message is reported, never trusted.
 */
import { z } from 'zod';
import { MODIFIERS } from './chord-keys';

/** Parent → hook: watch this chord (replacing the last one), or stop and exit. */
export const HookCommand = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('watch'),
    chord: z.object({
      keyCode: z.number().int().nonnegative(),
      modifiers: z.array(z.enum(MODIFIERS)),
    }),
  }),
  z.object({ type: z.literal('stop') }),
]);
export type HookCommand = z.infer<typeof HookCommand>;

/** Why the hook process cannot work at all (it exits with {@link HOOK_EXIT_FATAL}). */
export const HookFatalReason = z.enum(['no-display', 'load-failed', 'start-failed']);
export type HookFatalReason = z.infer<typeof HookFatalReason>;

/** Hook → parent. */
export const HookReport = z.discriminatedUnion('type', [
  /** The keyboard hook runs and watches the chord it was given. */
  z.object({ type: z.literal('watching') }),
  z.object({ type: z.literal('down') }),
  z.object({ type: z.literal('up') }),
  z.object({ type: z.literal('fatal'), reason: HookFatalReason, message: z.string() }),
  /** A command that did not parse; the hook goes on. */
  z.object({ type: z.literal('bad-command'), message: z.string() }),
]);
export type HookReport = z.infer<typeof HookReport>;

/** Exit code of a hook process that cannot work here; restarting it would not help. */
export const HOOK_EXIT_FATAL = 3;
