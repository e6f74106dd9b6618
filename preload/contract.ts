/**
 * THE IPC contract between main and renderer. Every invoke (renderer → main, request → Result)
 * and every event (main → renderer) is declared here once, with its runtime schema; the type of
 * `window.parley` is derived from this file and never written twice.
 */
import { z } from 'zod';

/** Error kinds that can cross the contract. */
export const ErrorKind = z.enum([
  'invalid_payload',
  'unknown_channel',
  'forbidden_sender',
  'config',
  'not_ready',
  'failed',
]);
export type ErrorKind = z.infer<typeof ErrorKind>;

/** A failure as a value: errors never cross IPC as throws. */
export const ContractError = z.object({ kind: ErrorKind, message: z.string() });
export type ContractError = z.infer<typeof ContractError>;

/** What every invoke resolves to. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ContractError };

export const TalkMode = z.enum(['hands-free', 'hold', 'toggle', 'auto']);
export type TalkMode = z.infer<typeof TalkMode>;
export const Protocol = z.enum(['v1', 'v2']);
export const DelegateKind = z.enum(['codex', 'command']);

/** The settings a user can edit (the API key is write-only and never read back). */
export const SettingsFields = z.object({
  realtimeUrl: z.string().min(1).max(2048),
  protocol: Protocol,
  model: z.string().min(1).max(200),
  /** null = the protocol version's default voice. */
  voice: z.string().min(1).max(100).nullable(),
  delegate: DelegateKind,
  delegateCommand: z
    .string()
    .max(10_000)
    .refine((v) => !v.includes('\0'), 'must not contain a NUL character')
    .nullable(),
  workspace: z.string().min(1).max(4096).nullable(),
  talkMode: TalkMode,
  listenOnStart: z.boolean(),
});
export type SettingsFields = z.infer<typeof SettingsFields>;

/** A partial update; `apiKey` stores a new key (empty string removes the stored key). */
export const SettingsPatch = SettingsFields.partial()
  .extend({ apiKey: z.string().max(1000).optional() })
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

/** Settings as the renderer sees them: effective values, and which ones the environment fixes. */
export const SettingsView = z.object({
  values: SettingsFields,
  /** Field name → the environment variable that overrides it. */
  overriddenBy: z.record(z.string(), z.string()),
  /** Where the key comes from; `unavailable` when the key store cannot be read. */
  apiKey: z.object({ source: z.enum(['env', 'stored', 'none', 'unavailable']) }),
  dataDir: z.string(),
});
export type SettingsView = z.infer<typeof SettingsView>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'browser']),
  platform: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

/** Connection state of the conversation, as the status bar shows it. */
export const ConversationPhase = z.enum(['idle', 'connecting', 'live', 'reconnecting', 'closed']);
export type ConversationPhase = z.infer<typeof ConversationPhase>;

/** What the user sees: connection phase plus who is talking. */
export const ConversationActivity = z.enum([
  'none',
  'listening',
  'user_speaking',
  'thinking',
  'assistant_speaking',
]);

export const ConversationState = z.object({
  phase: ConversationPhase,
  activity: ConversationActivity,
  /** Why the last session ended or failed, when it did. */
  error: z.string().nullable(),
  /** For `reconnecting`: the attempt number and when the next try happens (epoch ms). */
  reconnect: z.object({ attempt: z.number().int(), nextAttemptAt: z.number() }).nullable(),
  protocol: Protocol,
  /** How the user takes turns in this conversation (the talk button adapts to it). */
  talkMode: TalkMode.optional(),
});
export type ConversationState = z.infer<typeof ConversationState>;

/** One line of the live transcript, as the conversation pane shows it. */
export const TranscriptEntry = z.object({
  id: z.string(),
  role: z.enum(['user', 'assistant']),
  text: z.string(),
  /** False while deltas are still arriving. */
  final: z.boolean(),
  /** Epoch ms when the entry started. */
  at: z.number(),
  /** Typed rather than spoken. */
  typed: z.boolean(),
  /** Set when barge-in cut the assistant off: characters the user actually heard. */
  heardChars: z.number().int().nonnegative().nullable(),
});
export type TranscriptEntry = z.infer<typeof TranscriptEntry>;

const TokenUsage = z.object({ inputTokens: z.number(), outputTokens: z.number() });

/** One unit of a task's live progress. */
export const ProgressItem = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('agent_message'), text: z.string() }),
  z.object({
    kind: z.literal('command'),
    command: z.string(),
    exitCode: z.number().nullable(),
    status: z.enum(['in_progress', 'completed', 'failed']),
  }),
  z.object({
    kind: z.literal('file_change'),
    path: z.string(),
    change: z.enum(['add', 'delete', 'update']),
  }),
  z.object({
    kind: z.literal('plan'),
    items: z.array(z.object({ text: z.string(), completed: z.boolean() })),
  }),
  z.object({
    kind: z.literal('log'),
    line: z.string(),
    stream: z.enum(['stdout', 'stderr']).optional(),
  }),
  z.object({ kind: z.literal('usage'), usage: TokenUsage }),
]);

/** A delegated task as the task pane shows it. Times are epoch ms. */
export const TaskView = z.object({
  id: z.string(),
  name: z.string(),
  conversationId: z.string(),
  prompt: z.string(),
  text: z.string(),
  workspace: z.string(),
  status: z.enum(['queued', 'running', 'done', 'failed', 'cancelled']),
  createdAt: z.number(),
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  durationMs: z.number().nullable(),
  result: z.string().nullable(),
  error: z.string().nullable(),
  usage: TokenUsage.nullable(),
  progress: z.array(z.object({ at: z.number(), item: ProgressItem })),
  progressDropped: z.number(),
  cancelRequested: z.boolean(),
  followUps: z.array(z.string()),
  followUpOf: z.string().nullable(),
});
export type TaskView = z.infer<typeof TaskView>;

const none = z.undefined();

/** Declares one invoke: its request and result schemas. */
function invoke<Req extends z.ZodType, Res extends z.ZodType>(request: Req, result: Res) {
  return { request, result };
}

/** Invokes, namespaced: channel name = `${namespace}.${verb}`. */
export const invokes = {
  app: {
    /** Name, version and host of the running app. */
    info: invoke(none, AppInfo),
    /** The renderer has subscribed to events: main flushes what it queued. */
    ready: invoke(none, z.null()),
  },
  settings: {
    /** Current effective settings. */
    get: invoke(none, SettingsView),
    /** Validate, save atomically and return the new effective settings. */
    update: invoke(SettingsPatch, SettingsView),
  },
  conversation: {
    /** Start (or restart) the realtime conversation. */
    start: invoke(none, z.null()),
    /** Stop the conversation; safe when already stopped. */
    stop: invoke(none, z.null()),
    /** Current state, for a renderer that attaches late. */
    state: invoke(none, ConversationState),
    /** The talk key (or button) went down or up: hold-to-talk turns, barge-in. */
    talk: invoke(z.object({ pressed: z.boolean() }).strict(), z.null()),
    /** The recent transcript, for a renderer that attaches late. */
    transcript: invoke(none, z.array(TranscriptEntry)),
    /** Type to the assistant: sent as a user message, then a response is requested. */
    sendText: invoke(z.object({ text: z.string().trim().min(1).max(4000) }).strict(), z.null()),
  },
  tasks: {
    /** Every task still in memory, oldest first. */
    list: invoke(none, z.array(TaskView)),
    /** Cancel a queued or running task. */
    cancel: invoke(z.object({ id: z.string().min(1).max(200) }).strict(), TaskView),
  },
} as const;

/** Events main sends to the renderer. */
export const events = {
  /** The conversation state changed. */
  'conversation.state': ConversationState,
  /** A transcript entry was added or changed (the whole entry, not a delta). */
  'transcript.entry': TranscriptEntry,
  /** A task was created or changed (the whole task). */
  'task.updated': TaskView,
} as const;

type Invokes = typeof invokes;
export type Namespace = keyof Invokes;
export type InvokeChannel = {
  [N in Namespace]: `${N & string}.${keyof Invokes[N] & string}`;
}[Namespace];
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;

type Spec<C extends InvokeChannel> = C extends `${infer N}.${infer V}`
  ? N extends Namespace
    ? V extends keyof Invokes[N]
      ? Invokes[N][V]
      : never
    : never
  : never;

export type InvokeRequest<C extends InvokeChannel> =
  Spec<C> extends { request: infer S extends z.ZodType } ? z.infer<S> : never;
export type InvokeResult<C extends InvokeChannel> =
  Spec<C> extends { result: infer S extends z.ZodType } ? z.infer<S> : never;

/** One verb of `window.parley`: no argument when the request is empty. */
type Verb<Req, Res> = [Req] extends [undefined]
  ? () => Promise<Result<Res>>
  : (request: Req) => Promise<Result<Res>>;

/** The type of `window.parley`, derived from {@link invokes} and {@link events}. */
export type ParleyApi = {
  [N in Namespace]: {
    [V in keyof Invokes[N]]: Invokes[N][V] extends {
      request: infer Q extends z.ZodType;
      result: infer R extends z.ZodType;
    }
      ? Verb<z.infer<Q>, z.infer<R>>
      : never;
  };
} & {
  /** Subscribe to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** Every invoke channel with its schemas, for hosts that dispatch by name. */
export function listInvokes(): { channel: InvokeChannel; request: z.ZodType; result: z.ZodType }[] {
  const out: { channel: InvokeChannel; request: z.ZodType; result: z.ZodType }[] = [];
  for (const [ns, verbs] of Object.entries(invokes)) {
    for (const [verb, spec] of Object.entries(verbs)) {
      out.push({ channel: `${ns}.${verb}` as InvokeChannel, ...spec });
    }
  }
  return out;
}

/** Prefix of Electron IPC channel names, so Parley's channels never collide with others. */
export const IPC_PREFIX = 'parley:';
/** Electron channel carrying every main → renderer event. */
export const EVENT_CHANNEL = 'parley:event';

/** Longest description of one issue: a hostile payload's huge key must not flood logs and UI. */
const MAX_ISSUE_CHARS = 200;

/** Describe a schema failure in one line a person can act on. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const line = `${issue.path.length ? issue.path.join('.') : '(payload)'}: ${issue.message}`;
      return line.length > MAX_ISSUE_CHARS ? `${line.slice(0, MAX_ISSUE_CHARS)}…` : line;
    })
    .join('; ');
}

/** Where an offline command comes from: the fixed set, or the workspace. */
export const OfflineCommandSource = z.enum(['built-in', 'npm-script', 'make-target', 'file']);
export type OfflineCommandSource = z.infer<typeof OfflineCommandSource>;

/** One command the offline engine understands, as settings and onboarding list it. */
export const OfflineCommandInfo = z.object({
  /** What to say, in lower-case words, e.g. `run the tests`. */
  phrase: z.string().min(1),
  source: OfflineCommandSource,
  /** What happens, in plain words (the delegate request, or the spoken answer's topic). */
  does: z.string().min(1),
});
export type OfflineCommandInfo = z.infer<typeof OfflineCommandInfo>;
