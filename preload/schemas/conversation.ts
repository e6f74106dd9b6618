/** The conversation as the renderer shows it: its state and its transcript lines. */
import { z } from 'zod';
import { Problem } from './problem';
import { Protocol, TalkMode } from './settings';

/** Connection state of the conversation, as the status bar shows it. */
export const ConversationPhase = z.enum(['idle', 'connecting', 'live', 'reconnecting', 'closed']);
export type ConversationPhase = z.infer<typeof ConversationPhase>;

/** Who is talking while the conversation is live. */
export const ConversationActivity = z.enum([
  'none',
  'listening',
  'user_speaking',
  'thinking',
  'assistant_speaking',
]);
export type ConversationActivity = z.infer<typeof ConversationActivity>;

/** Measurements the status bar shows: last-turn latency and audio lost on the way. */
export const ConversationDiagnostics = z.object({
  /** End of the user's speech → first assistant audio played, for the last turn (ms). */
  lastTurnLatencyMs: z.number().nonnegative().nullable(),
  /** Microphone frames dropped because the send queue was full (this conversation). */
  droppedInputFrames: z.number().int().nonnegative(),
  /** Times the player ran dry mid-reply (this conversation). */
  playbackUnderruns: z.number().int().nonnegative(),
});
export type ConversationDiagnostics = z.infer<typeof ConversationDiagnostics>;

/** Diagnostics before anything was measured. */
export const NO_DIAGNOSTICS: ConversationDiagnostics = Object.freeze({
  lastTurnLatencyMs: null,
  droppedInputFrames: 0,
  playbackUnderruns: 0,
});

/** What the user sees: connection phase plus who is talking. */
export const ConversationState = z.object({
  phase: ConversationPhase,
  activity: ConversationActivity,
  /** Why the last session ended or failed, when it did, explained. */
  error: Problem.nullable(),
  /** Why Start cannot work right now (e.g. no key); null when it can. */
  startBlocker: Problem.nullable(),
  /** The current (or last) conversation, once one has started. */
  conversationId: z.string().nullable(),
  diagnostics: ConversationDiagnostics,
  /** For `reconnecting`: the attempt number and when the next try happens (epoch ms). */
  reconnect: z.object({ attempt: z.number().int(), nextAttemptAt: z.number() }).nullable(),
  protocol: Protocol,
  /** How the user takes turns in this conversation (the talk button adapts to it). */
  talkMode: TalkMode.optional(),
  /** Who answers this conversation: the realtime API, or the offline commands engine. */
  backend: z.enum(['cloud', 'offline']).optional(),
  /** Live protocol: billed session seconds of this conversation so far (all its sessions). */
  usageSeconds: z.number().nonnegative().optional(),
});
export type ConversationState = z.infer<typeof ConversationState>;

/** The state before any conversation has started. */
export const INITIAL_CONVERSATION_STATE: ConversationState = Object.freeze({
  phase: 'idle',
  activity: 'none',
  error: null,
  startBlocker: null,
  conversationId: null,
  diagnostics: NO_DIAGNOSTICS,
  reconnect: null,
  protocol: 'v2',
});

/** Who said a transcript line. */
export const Role = z.enum(['user', 'assistant']);
export type Role = z.infer<typeof Role>;

/** One line of the live transcript, as the conversation pane shows it. */
export const TranscriptEntry = z.object({
  id: z.string(),
  /** The conversation the entry belongs to (a new Start begins a new one). */
  conversationId: z.string(),
  role: Role,
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

/**
 * Text appended to an entry the renderer already has, instead of the whole entry again on every
 * delta. `at` is where it goes (the entry's text length before it, in UTF-16 units), so a delta
 * the renderer has already seen (say, in a transcript it loaded meanwhile) is recognised.
 */
export const TranscriptDelta = z.object({
  /** The entry's id. */
  id: z.string(),
  at: z.number().int().nonnegative(),
  delta: z.string(),
});
export type TranscriptDelta = z.infer<typeof TranscriptDelta>;
