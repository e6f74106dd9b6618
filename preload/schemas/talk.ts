/** The talk input as the renderer and the tray show it, and what may be asked of it. */
import { z } from 'zod';
import { TalkMode } from './settings';

/**
 * `idle`: nothing is sent. `listening`: hands-free, the microphone is open and waiting for
 * speech. `talking`: a talk turn (key modes) or speech heard (hands-free).
 */
export const TalkState = z.enum(['idle', 'listening', 'talking']);
export type TalkState = z.infer<typeof TalkState>;

/** A command from the tray, the UI or `parley --start|--stop|--toggle`. */
export const TalkCommand = z.enum(['start', 'stop', 'toggle']);
export type TalkCommand = z.infer<typeof TalkCommand>;

/** The talk input right now. */
export const TalkView = z.object({
  state: TalkState,
  mode: TalkMode,
  /** The microphone kill switch: nothing is sent and nothing starts while it is on. */
  muted: z.boolean(),
  /** A key-mode turn goes on without the key held (toggle, an Auto tap, a press-only key). */
  latched: z.boolean(),
  /** Hands-free listening passes the local voice-activity gate, so silence is not sent. */
  gated: z.boolean(),
});
export type TalkView = z.infer<typeof TalkView>;

/** Where the window should take the user (the tray's Settings item, a notification's click). */
export const NavigateTarget = z.discriminatedUnion('view', [
  z.object({ view: z.literal('settings') }),
  z.object({ view: z.literal('task'), taskId: z.string().min(1).max(200) }),
]);
export type NavigateTarget = z.infer<typeof NavigateTarget>;
