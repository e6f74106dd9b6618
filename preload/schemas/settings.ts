/** The settings a user edits, their limits, defaults and rules: the one definition of each. */
import { z } from 'zod';
import { realtimeUrlProblem } from './realtime-url';
import { voiceProblem } from './voices';

/** How the user takes turns: server voice detection, hold the key, tap to toggle, or either. */
export const TalkMode = z.enum(['hands-free', 'hold', 'toggle', 'auto']);
export type TalkMode = z.infer<typeof TalkMode>;

/** Realtime wire protocol: `v1` quicksilver, `v2` the GA Realtime API, `live` OpenAI's Live API. */
export const Protocol = z.enum(['v1', 'v2', 'live']);
export type Protocol = z.infer<typeof Protocol>;

/**
 * Who answers: `cloud` (the realtime API at the endpoint), `offline` (the embedded offline
 * commands engine: nothing leaves the machine), or `auto` (offline until a key is configured).
 */
export const VoiceBackend = z.enum(['auto', 'cloud', 'offline']);
export type VoiceBackend = z.infer<typeof VoiceBackend>;

/** Which background agent runs delegated work. */
export const DelegateKind = z.enum(['codex', 'command']);
export type DelegateKind = z.infer<typeof DelegateKind>;

/** What Codex may touch: read only, write in the workspace, or everything. */
export const CodexSandbox = z.enum(['read-only', 'workspace-write', 'danger-full-access']);
export type CodexSandbox = z.infer<typeof CodexSandbox>;

/** Colour scheme: follow the operating system, or always light or dark. */
export const Theme = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof Theme>;

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

/** A realtime base URL: http(s) or ws(s) with a host. */
export const RealtimeUrl = z
  .string()
  .trim()
  .min(1, 'Enter the realtime URL, e.g. https://api.openai.com/v1.')
  .max(SETTINGS_LIMITS.realtimeUrl)
  .superRefine((value, ctx) => {
    const problem = realtimeUrlProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message });
  });

/** The settings a user can edit (the API key is write-only and never read back). */
export const SettingsFields = z.object({
  realtimeUrl: RealtimeUrl,
  protocol: Protocol,
  model: z.string().trim().min(1, 'Enter a model name.').max(SETTINGS_LIMITS.model),
  /** null = the protocol version's default voice. */
  voice: z.string().min(1).max(SETTINGS_LIMITS.voice).nullable(),
  delegate: DelegateKind,
  delegateCommand: z
    .string()
    .max(SETTINGS_LIMITS.delegateCommand)
    .refine(noNul, 'must not contain a NUL character')
    .nullable(),
  /** null = the user's home folder. */
  workspace: z
    .string()
    .min(1)
    .max(SETTINGS_LIMITS.workspace)
    .refine(noNul, 'must not contain a NUL character')
    .nullable(),
  codexSandbox: CodexSandbox,
  talkMode: TalkMode,
  listenOnStart: z.boolean(),
  /** Conversations older than this many days leave the history (checked daily). */
  historyDays: z.number().int().min(1).max(3650),
  backend: VoiceBackend,
  theme: Theme,
  /** The first-run guide was finished or skipped. */
  onboarded: z.boolean(),
  /** The global talk key, as `Ctrl+Alt+Space`; changed only through `hotkey.bind`. */
  talkChord: z.string().min(1).max(SETTINGS_LIMITS.talkChord),
  /** Desktop app: start Parley (in the tray) when the user logs in. */
  startAtLogin: z.boolean(),
  /** Play a short sound when talking or listening starts and stops. */
  talkSounds: z.boolean(),
});
export type SettingsFields = z.infer<typeof SettingsFields>;

/** A settings field, or `apiKey`: what a field-level error points at. */
export const SettingsFieldName = z.enum([...SettingsFields.keyof().options, 'apiKey']);
export type SettingsFieldName = z.infer<typeof SettingsFieldName>;

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
  codexSandbox: 'workspace-write',
  talkMode: 'auto',
  listenOnStart: false,
  historyDays: 90,
  backend: 'auto',
  theme: 'system',
  onboarded: false,
  talkChord: 'Ctrl+Alt+Space',
  startAtLogin: false,
  talkSounds: false,
};

/** Why a pasted key cannot be one, or null when its shape is plausible. */
export function apiKeyShapeProblem(key: string): string | null {
  if (/^bearer\s/i.test(key)) return 'Leave out the word "Bearer": paste only the key.';
  if (/^[A-Z_]+=/.test(key)) return 'Paste only the key, without the "NAME=" part before it.';
  if (/\s/.test(key))
    return 'The key has spaces or line breaks in it; paste it again without them.';
  if (/[^\x21-\x7e]/.test(key)) return 'The key contains characters an API key cannot have.';
  if (key.length < 20) {
    return `That is too short for an API key (${key.length} characters); OpenAI keys start with "sk-" and are much longer.`;
  }
  return null;
}

/** A key typed or pasted by the user: trimmed; empty removes the stored key. */
export const ApiKeyInput = z
  .string()
  .max(SETTINGS_LIMITS.apiKey)
  .transform((key) => key.trim())
  .superRefine((key, ctx) => {
    const problem = key === '' ? null : apiKeyShapeProblem(key);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/**
 * A partial update; `apiKey` stores a new key (empty string removes the stored key). The talk
 * chord is not here: it is saved only once a hotkey backend has bound it (`hotkey.bind`).
 */
export const SettingsPatch = SettingsFields.omit({ talkChord: true })
  .partial()
  .extend({ apiKey: ApiKeyInput.optional() })
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

/**
 * The rules between fields of the effective settings: the voice must belong to the protocol,
 * the command delegate needs a command. Each issue's path names the field to fix.
 */
export const CheckedSettings = SettingsFields.superRefine((s, ctx) => {
  const voice = voiceProblem(s.protocol, s.voice);
  if (voice) ctx.addIssue({ code: 'custom', path: ['voice'], message: voice });
  if (s.delegate === 'command' && !s.delegateCommand?.trim()) {
    ctx.addIssue({
      code: 'custom',
      path: ['delegateCommand'],
      message: 'The command delegate needs a command: enter one, or choose Codex.',
    });
  }
});

/** Where the key comes from; `unavailable` when the key store cannot be read. */
export const ApiKeySource = z.enum(['env', 'stored', 'none', 'unavailable']);
export type ApiKeySource = z.infer<typeof ApiKeySource>;

/**
 * Who answers a conversation started with this choice and key (when the host has the offline
 * engine): the offline commands when chosen, or in `auto` while no key is configured.
 */
export function answeringBackend(
  backend: VoiceBackend,
  keySource: ApiKeySource,
): 'cloud' | 'offline' {
  if (backend === 'offline') return 'offline';
  return backend === 'auto' && keySource === 'none' ? 'offline' : 'cloud';
}

/** Settings as the renderer sees them: effective values, and which ones the environment fixes. */
export const SettingsView = z.object({
  values: SettingsFields,
  /** Field name → the environment variable that overrides it. */
  overriddenBy: z.record(z.string(), z.string()),
  /** The key itself never crosses: only where it comes from and its last 4 characters. */
  apiKey: z.object({ source: ApiKeySource, last4: z.string().max(4).nullable() }),
  dataDir: z.string(),
  /** The folder the delegate works in when no workspace is set. */
  homeDir: z.string(),
  /**
   * Why the saved settings are not in use, when they are not (a corrupt settings.json: the
   * defaults are, and saving may be refused until the file is fixed), for the view to show.
   */
  warning: z.string().nullable().optional(),
});
export type SettingsView = z.infer<typeof SettingsView>;
