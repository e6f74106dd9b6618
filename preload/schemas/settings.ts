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
};

/** A partial update; `apiKey` stores a new key (empty string removes the stored key). */
export const SettingsPatch = SettingsFields.partial()
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
  /**
   * Why the saved settings are not in use, when they are not (a corrupt settings.json: the
   * defaults are, and saving may be refused until the file is fixed), for the view to show.
   */
  warning: z.string().nullable().optional(),
});
export type SettingsView = z.infer<typeof SettingsView>;
