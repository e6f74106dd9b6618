/** The settings a user edits, their limits and defaults: the one definition of each. */
import { z } from 'zod';

/** How the user takes turns: server voice detection, hold the key, tap to toggle, or either. */
export const TalkMode = z.enum(['hands-free', 'hold', 'toggle', 'auto']);
export type TalkMode = z.infer<typeof TalkMode>;

/** Realtime wire protocol: `v1` quicksilver, `v2` the GA Realtime API, `live` OpenAI's Live API. */
export const Protocol = z.enum(['v1', 'v2', 'live']);
export type Protocol = z.infer<typeof Protocol>;

/** Which background agent runs delegated work. */
export const DelegateKind = z.enum(['codex', 'command']);
export type DelegateKind = z.infer<typeof DelegateKind>;

/** Longest values the settings accept (characters). */
export const SETTINGS_LIMITS = {
  realtimeUrl: 2048,
  model: 200,
  voice: 100,
  delegateCommand: 10_000,
  workspace: 4096,
  apiKey: 1000,
  talkChord: 100,
} as const;

const noNul = (v: string): boolean => !v.includes('\0');

/** The settings a user can edit (the API key is write-only and never read back). */
export const SettingsFields = z.object({
  realtimeUrl: z.string().min(1).max(SETTINGS_LIMITS.realtimeUrl),
  protocol: Protocol,
  model: z.string().min(1).max(SETTINGS_LIMITS.model),
  /** null = the protocol version's default voice. */
  voice: z.string().min(1).max(SETTINGS_LIMITS.voice).nullable(),
  delegate: DelegateKind,
  delegateCommand: z
    .string()
    .max(SETTINGS_LIMITS.delegateCommand)
    .refine(noNul, 'must not contain a NUL character')
    .nullable(),
  workspace: z.string().min(1).max(SETTINGS_LIMITS.workspace).nullable(),
  talkMode: TalkMode,
  listenOnStart: z.boolean(),
  /** The global talk key, as `Ctrl+Alt+Space`; changed only through `hotkey.bind`. */
  talkChord: z.string().min(1).max(SETTINGS_LIMITS.talkChord),
  /** Desktop app: start Parley (in the tray) when the user logs in. */
  startAtLogin: z.boolean(),
  /** Play a short sound when talking or listening starts and stops. */
  talkSounds: z.boolean(),
});
export type SettingsFields = z.infer<typeof SettingsFields>;

/** The model each protocol uses unless told otherwise. */
export const DEFAULT_MODELS: Readonly<Record<Protocol, string>> = {
  v1: 'gpt-realtime-1.5',
  v2: 'gpt-realtime-1.5',
  live: 'gpt-live-1',
};

/** What a fresh install uses. */
export const DEFAULT_SETTINGS: SettingsFields = {
  realtimeUrl: 'https://api.openai.com/v1',
  protocol: 'v2',
  model: DEFAULT_MODELS.v2,
  voice: null,
  delegate: 'codex',
  delegateCommand: null,
  workspace: null,
  talkMode: 'auto',
  listenOnStart: false,
  talkChord: 'Ctrl+Alt+Space',
  startAtLogin: false,
  talkSounds: false,
};

/**
 * A partial update; `apiKey` stores a new key (empty string removes the stored key). The talk
 * chord is not here: it is saved only once a hotkey backend has bound it (`hotkey.bind`).
 */
export const SettingsPatch = SettingsFields.omit({ talkChord: true })
  .partial()
  .extend({ apiKey: z.string().max(SETTINGS_LIMITS.apiKey).optional() })
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

/** Where the key comes from; `unavailable` when the key store cannot be read. */
export const ApiKeySource = z.enum(['env', 'stored', 'none', 'unavailable']);
export type ApiKeySource = z.infer<typeof ApiKeySource>;

/** Settings as the renderer sees them: effective values, and which ones the environment fixes. */
export const SettingsView = z.object({
  values: SettingsFields,
  /** Field name → the environment variable that overrides it. */
  overriddenBy: z.record(z.string(), z.string()),
  apiKey: z.object({ source: ApiKeySource }),
  dataDir: z.string(),
});
export type SettingsView = z.infer<typeof SettingsView>;
