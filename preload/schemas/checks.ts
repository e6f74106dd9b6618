/** The checks the settings view and the first-run guide run: test connection, microphone. */
import { z } from 'zod';
import { Problem } from './problem';
import { SettingsPatch } from './settings';

/** The values to try (unsaved form values); what is left out comes from the saved settings. */
export const ConnectionCheckRequest = SettingsPatch.pick({
  realtimeUrl: true,
  protocol: true,
  model: true,
  apiKey: true,
}).strict();
export type ConnectionCheckRequest = z.infer<typeof ConnectionCheckRequest>;

/** The outcome: it connected (and was closed again), or why not. */
export const ConnectionCheck = z.object({
  connected: z.boolean(),
  /** Time to open the session (ms), when it connected. */
  ms: z.number().nonnegative().nullable(),
  /** The URL tried, without its query. */
  endpoint: z.string(),
  /** Why it failed, explained; null when it connected. */
  problem: Problem.nullable(),
});
export type ConnectionCheck = z.infer<typeof ConnectionCheck>;

/** What the microphone check heard, before it played the recording back. */
export const MicCheck = z.object({
  /** Milliseconds of audio received from the microphone. */
  recordedMs: z.number().nonnegative(),
  /** Loudest 20 ms frame, RMS 0…1. */
  peak: z.number().nonnegative(),
  /** Milliseconds sent back to be played. */
  playedBackMs: z.number().nonnegative(),
});
export type MicCheck = z.infer<typeof MicCheck>;
