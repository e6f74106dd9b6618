/** Saved conversations and tasks as the history view reads them. */
import { z } from 'zod';
import { TranscriptEntry } from './conversation';
import { TaskSnapshot } from './tasks';

/** A saved conversation as the history list shows it. Times are epoch ms. */
export const ConversationSummary = z.object({
  id: z.string(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  /** Kept as text: history outlives the set of protocols a version knows. */
  protocol: z.string(),
  model: z.string(),
  /** The first words the user said or typed; empty when there are none. */
  title: z.string(),
  /** The Codex thread this conversation's tasks ran in, so a later task can resume it. */
  codexThreadId: z.string().nullable(),
  entryCount: z.number().int().nonnegative(),
  taskCount: z.number().int().nonnegative(),
});
export type ConversationSummary = z.infer<typeof ConversationSummary>;

/** The conversations of one local calendar day (`YYYY-MM-DD`), newest first. */
export const HistoryDay = z.object({
  day: z.string(),
  conversations: z.array(ConversationSummary),
});
export type HistoryDay = z.infer<typeof HistoryDay>;

/** A saved task: what the pane showed, plus each status it went through and when. */
export const HistoryTask = TaskSnapshot.extend({
  statusChanges: z.array(z.object({ at: z.number(), status: TaskSnapshot.shape.status })),
});
export type HistoryTask = z.infer<typeof HistoryTask>;

/** One past conversation, opened read-only: its transcript and its tasks, oldest first. */
export const HistoryConversation = z.object({
  conversation: ConversationSummary,
  entries: z.array(TranscriptEntry),
  tasks: z.array(HistoryTask),
});
export type HistoryConversation = z.infer<typeof HistoryConversation>;

/** A conversation exported as JSON; parsed back, `conversation` equals what history returns. */
export const ConversationExport = z.object({
  format: z.literal('parley.conversation'),
  version: z.literal(1),
  conversation: HistoryConversation,
});
export type ConversationExport = z.infer<typeof ConversationExport>;

/** A stretch of text, as UTF-16 offsets: `start` included, `end` excluded. */
export const TextRange = z.object({
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
});
export type TextRange = z.infer<typeof TextRange>;

/** One search result. `snippet` is plain text (render it as text); `ranges` are the matches. */
export const HistorySearchHit = z.object({
  conversationId: z.string(),
  conversationStartedAt: z.number(),
  conversationTitle: z.string(),
  source: z.enum(['transcript', 'task_prompt', 'task_result']),
  /** The transcript entry id or the task id. */
  itemId: z.string(),
  /** Who spoke, for a transcript hit. */
  role: TranscriptEntry.shape.role.nullable(),
  /** When the entry started or the task was created (epoch ms). */
  at: z.number(),
  snippet: z.string(),
  ranges: z.array(TextRange),
});
export type HistorySearchHit = z.infer<typeof HistorySearchHit>;

/** Where a search's words occur in one item of a conversation, over its whole text. */
export const HistoryMatch = z.object({
  itemId: z.string(),
  source: HistorySearchHit.shape.source,
  ranges: z.array(TextRange),
});
export type HistoryMatch = z.infer<typeof HistoryMatch>;

/** Whether history is being saved, for a warning the UI keeps visible while it applies. */
export const HistoryStatus = z.object({
  /** `memory`: nothing is saved past this run (the data dir could not hold a database). */
  location: z.enum(['file', 'memory']),
  path: z.string().nullable(),
  /** Problems found when opening (a damaged file moved aside, a read-only data dir). */
  warnings: z.array(z.string()),
  /** Why the latest write failed while it keeps failing; null once writes succeed. */
  writeError: z.string().nullable(),
  /** Changes waiting to be written (kept and retried while writes fail). */
  pendingChanges: z.number().int().nonnegative(),
  /** Changes given up on because too many were waiting or the database refused them. */
  droppedChanges: z.number().int().nonnegative(),
});
export type HistoryStatus = z.infer<typeof HistoryStatus>;

/** An exported conversation, ready to save as a file. */
export const ConversationFile = z.object({
  fileName: z.string(),
  mimeType: z.enum(['text/markdown', 'application/json']),
  text: z.string(),
});
export type ConversationFile = z.infer<typeof ConversationFile>;

/** Requests of the history view. */
export const HistoryListRequest = z
  .object({
    /** Only conversations that started before this epoch ms (the last one of the previous page). */
    before: z.number().nonnegative().optional(),
    /** With `before`: the id of that last conversation, so one started in the same ms is kept. */
    beforeId: z.string().min(1).max(200).optional(),
    limit: z.number().int().min(1).max(200).optional(),
  })
  .strict();
export const HistoryIdRequest = z.object({ id: z.string().min(1).max(200) }).strict();
export const HistorySearchRequest = z
  .object({
    query: z.string().trim().min(1).max(200),
    limit: z.number().int().min(1).max(200).optional(),
  })
  .strict();
export const HistoryMatchesRequest = z
  .object({ id: HistoryIdRequest.shape.id, query: HistorySearchRequest.shape.query })
  .strict();
export const HistoryExportRequest = z
  .object({ id: z.string().min(1).max(200), format: z.enum(['markdown', 'json']) })
  .strict();
