/**
 * THE IPC contract between main and renderer. Every invoke (renderer → main, request → Result)
 * and every event (main → renderer) is declared here once, with its runtime schema; the type of
 * `window.parley` is derived from this file and never written twice.
 */
import { z } from 'zod';
import { ConnectionCheck, ConnectionCheckRequest, MicCheck } from './schemas/checks';
import { ConversationState, TranscriptDelta, TranscriptEntry } from './schemas/conversation';
import {
  ConversationFile,
  HistoryConversation,
  HistoryDay,
  HistoryExportRequest,
  HistoryIdRequest,
  HistoryListRequest,
  HistoryMatch,
  HistoryMatchesRequest,
  HistorySearchHit,
  HistorySearchRequest,
  HistoryStatus,
} from './schemas/history';
import { InspectorPage } from './schemas/inspector';
import { OfflineCommandInfo } from './schemas/offline';
import { HotkeyStatus } from './schemas/hotkey';
import { SettingsFieldName, SettingsFields, SettingsPatch, SettingsView } from './schemas/settings';
import { NavigateTarget, TalkCommand, TalkView } from './schemas/talk';
import { TaskSnapshot } from './schemas/tasks';
import type { Result as Outcome } from '../main/base/result';

/** Error kinds that can cross the contract. */
export const ErrorKind = z.enum([
  'invalid_payload',
  'unknown_channel',
  'forbidden_sender',
  'config',
  'not_ready',
  'not_found',
  'invalid_settings',
  'failed',
]);
export type ErrorKind = z.infer<typeof ErrorKind>;

/** A failure as a value: errors never cross IPC as throws. */
export const ContractError = z.object({
  kind: ErrorKind,
  message: z.string(),
  /** The settings field (or request field) at fault, so the view can show the reason beside it. */
  field: z.string().optional(),
});
export type ContractError = z.infer<typeof ContractError>;

/** What every invoke resolves to. */
export type Result<T> = Outcome<T, ContractError>;

/** Name, version and host of the running app. */
export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'browser']),
  platform: z.string(),
  /** How to start this host again after it stopped (the browser host), else null. */
  restartCommand: z.string().nullable(),
});
export type AppInfo = z.infer<typeof AppInfo>;

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
    /**
     * Validate, save atomically and return the new effective settings. A refusal names the
     * field at fault; nothing is saved then.
     */
    update: invoke(SettingsPatch, SettingsView),
    /** Open and close a realtime session with these (unsaved) values; says why it failed. */
    testConnection: invoke(ConnectionCheckRequest, ConnectionCheck),
    /** Pick the workspace folder in a system dialog (desktop app); null when cancelled. */
    chooseWorkspace: invoke(none, z.string().nullable()),
  },
  audio: {
    /** Record the microphone for a moment, then play it back (no conversation may be on). */
    micCheck: invoke(
      z.object({ durationMs: z.number().int().min(500).max(10_000) }).strict(),
      MicCheck,
    ),
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
  talk: {
    /** The talk input right now. */
    state: invoke(none, TalkView),
    /** Start, stop or toggle talking (listening, hands-free), as the tray does. */
    command: invoke(z.object({ command: TalkCommand }).strict(), TalkView),
    /** The microphone kill switch: nothing is sent while it is on. */
    mute: invoke(z.object({ muted: z.boolean() }).strict(), TalkView),
  },
  hotkey: {
    /** The global talk key: its backend, chord, state and why. */
    status: invoke(none, HotkeyStatus),
    /**
     * Bind a new talk chord and save it; refused with the reason when it is invalid or taken,
     * and the chord bound before stays.
     */
    bind: invoke(z.object({ chord: SettingsFields.shape.talkChord }).strict(), HotkeyStatus),
    /**
     * Pause the talk key while a new chord is captured (pressing the current one there must not
     * start talking); a pause ends when asked or after two minutes.
     */
    pause: invoke(z.object({ paused: z.boolean() }).strict(), z.null()),
  },
  tasks: {
    /** Every task still in memory, oldest first. */
    list: invoke(none, z.array(TaskSnapshot)),
    /** Cancel a queued or running task. */
    cancel: invoke(z.object({ id: z.string().min(1).max(200) }).strict(), TaskSnapshot),
    /** Open a task's workspace folder in the file manager (desktop app). */
    openWorkspace: invoke(z.object({ id: z.string().min(1).max(200) }).strict(), z.null()),
  },
  inspector: {
    /** Recorded realtime events after `since` (a row's `seq`), oldest first. */
    events: invoke(
      z.object({ since: z.number().int().min(-1).optional() }).strict(),
      InspectorPage,
    ),
  },
  offline: {
    /** The commands the offline engine understands in the workspace (starts it if need be). */
    commands: invoke(none, z.array(OfflineCommandInfo)),
  },
  history: {
    /** Saved conversations by day, newest first (paged with `before`). */
    list: invoke(HistoryListRequest.optional(), z.array(HistoryDay)),
    /** One past conversation with its transcript and tasks. */
    get: invoke(HistoryIdRequest, HistoryConversation),
    /** Full-text search over transcripts and task prompts and results. */
    search: invoke(HistorySearchRequest, z.array(HistorySearchHit)),
    /** Where a search's words occur in one conversation (to highlight them when it is open). */
    matches: invoke(HistoryMatchesRequest, z.array(HistoryMatch)),
    /** One conversation as a Markdown or JSON file. */
    export: invoke(HistoryExportRequest, ConversationFile),
    /** Delete one conversation (true when it existed). */
    delete: invoke(HistoryIdRequest, z.boolean()),
    /** Delete every saved conversation; returns how many. */
    clear: invoke(none, z.number().int().nonnegative()),
    /** Whether history is being saved, and why not when it is not. */
    status: invoke(none, HistoryStatus),
  },
} as const;

/** What made a message from the renderer unreadable as an invoke. */
export const MessageProblem = z.enum(['not_json', 'binary', 'no_id', 'bad_envelope']);
export type MessageProblem = z.infer<typeof MessageProblem>;

/** A renderer message main could not read and could not answer by its id, and why. */
export const ConnectionError = z.object({
  problem: MessageProblem,
  /** What was wrong, in words naming the field. */
  message: z.string(),
});
export type ConnectionError = z.infer<typeof ConnectionError>;

/** Events main sends to the renderer. */
export const events = {
  /** The conversation state changed. */
  'conversation.state': ConversationState,
  /** A transcript entry was added or changed other than by appending (the whole entry). */
  'transcript.entry': TranscriptEntry,
  /** Text was appended to a transcript entry already sent (the delta, not the whole entry). */
  'transcript.delta': TranscriptDelta,
  /** A task was created or changed (the whole task). */
  'task.updated': TaskSnapshot,
  /** History saving failed or works again. */
  'history.status': HistoryStatus,
  /** The talk input changed: state, mode, mute, latch or gate. */
  'talk.state': TalkView,
  /** Talking or listening started or stopped, for the optional start/stop sounds. */
  'talk.cue': z.object({ cue: z.enum(['start', 'stop']) }),
  /** The global talk key's status changed. */
  'hotkey.status': HotkeyStatus,
  /** The effective settings changed (from the window, the tray or another window). */
  'settings.changed': SettingsView,
  /** Main asks the window to show a view: Settings from the tray, a task from a notification. */
  'app.navigate': NavigateTarget,
  /**
   * The renderer sent something that is not an invoke and has no id to answer (the browser
   * host's socket: not JSON, a stray binary frame, no id, a wrong envelope). Sent at once.
   */
  'connection.error': ConnectionError,
} as const;

/** Events the connection itself sends, never the app. */
export const CONNECTION_EVENTS: readonly EventName[] = ['connection.error'];

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
  : undefined extends Req
    ? (request?: Req) => Promise<Result<Res>>
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

/** The settings field a schema failure is about, when its first issue names one. */
export function issueField(error: z.ZodError): string | undefined {
  const head = error.issues[0]?.path[0];
  return SettingsFieldName.safeParse(head).success ? String(head) : undefined;
}

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
