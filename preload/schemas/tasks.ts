/** Delegated tasks and their progress: the one definition the registry, the pane and history use. */
import { z } from 'zod';

/** Lifecycle of a delegated task. */
export const TaskStatus = z.enum(['queued', 'running', 'done', 'failed', 'cancelled']);
export type TaskStatus = z.infer<typeof TaskStatus>;

/** Token counts a delegate reports (Codex does; a shell command does not). */
export const TokenUsage = z.object({ inputTokens: z.number(), outputTokens: z.number() });
export type TokenUsage = z.infer<typeof TokenUsage>;

/** One plan / to-do entry of the delegate. */
export const PlanItem = z.object({ text: z.string(), completed: z.boolean() });
export type PlanItem = z.infer<typeof PlanItem>;

/** State of a command the delegate ran. */
export const CommandStatus = z.enum(['in_progress', 'completed', 'failed']);
export type CommandStatus = z.infer<typeof CommandStatus>;

/**
 * One unit of live progress. `agent_message` items are emitted as each message completes; a
 * `usage` item is the tokens of one turn (a task's usage is their sum unless the outcome says
 * otherwise).
 */
export const ProgressItem = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('agent_message'), text: z.string() }),
  z.object({
    kind: z.literal('command'),
    command: z.string(),
    exitCode: z.number().nullable(),
    status: CommandStatus,
  }),
  z.object({
    kind: z.literal('file_change'),
    path: z.string(),
    change: z.enum(['add', 'delete', 'update']),
  }),
  z.object({ kind: z.literal('plan'), items: z.array(PlanItem) }),
  z.object({
    kind: z.literal('log'),
    line: z.string(),
    stream: z.enum(['stdout', 'stderr']).optional(),
  }),
  z.object({ kind: z.literal('usage'), usage: TokenUsage }),
]);
export type ProgressItem = z.infer<typeof ProgressItem>;

/** One progress item as a task keeps it, stamped with the registry clock (epoch ms). */
export const TaskProgressEntry = z.object({ at: z.number(), item: ProgressItem });
export type TaskProgressEntry = z.infer<typeof TaskProgressEntry>;

/** A delegated task as the pane, the voice model and the history see it. Times are epoch ms. */
export const TaskSnapshot = z.object({
  /** Stable id, `task-N`. */
  id: z.string(),
  /** Short name the voice model can say and refer to, `task-N-slug-of-request`. */
  name: z.string(),
  conversationId: z.string(),
  /** The user's words (for display); the delegation text with its tags removed if none given. */
  prompt: z.string(),
  /** What the delegate receives (grows when a queued task is amended). */
  text: z.string(),
  workspace: z.string(),
  status: TaskStatus,
  createdAt: z.number(),
  /** Null until the task starts / ends. */
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  /** Time spent running so far (running) or in all (ended); null when it never started. */
  durationMs: z.number().nullable(),
  result: z.string().nullable(),
  error: z.string().nullable(),
  usage: TokenUsage.nullable(),
  /** The last progress items, oldest first (bounded). */
  progress: z.array(TaskProgressEntry),
  /** How many older progress items were dropped to keep the bound. */
  progressDropped: z.number(),
  /** A cancel was asked for and the delegate is still stopping. */
  cancelRequested: z.boolean(),
  /** Follow-up texts handed to the running delegate (steering). */
  followUps: z.array(z.string()),
  /** The task this one follows up, when it was queued as a follow-up. */
  followUpOf: z.string().nullable(),
});
export type TaskSnapshot = z.infer<typeof TaskSnapshot>;

/** A task as the startup context recalls it: what was asked and how it ended. */
export const RecentTask = z.object({
  /** Short name the voice model can refer to. */
  name: z.string(),
  /** The user's words. */
  prompt: z.string().optional(),
  /** queued, running, done, failed, cancelled… */
  status: z.string(),
  /** Final result or failure reason, if any. */
  outcome: z.string().nullable().optional(),
});
export type RecentTask = z.infer<typeof RecentTask>;

/** One progress item of a task as it arrives, with where it belongs. */
export interface TaskProgressEvent {
  taskId: string;
  name: string;
  conversationId: string;
  at: number;
  item: ProgressItem;
}
