import type { ProgressItem, TaskSnapshot } from '../../../preload/schemas/tasks';
import type { TranscriptEntry } from '../../../preload/schemas/conversation';

/** Task lifecycle states, as the task pane names them. */
export type TaskStatus = TaskSnapshot['status'];

/** A conversation as it starts. */
export interface ConversationStart {
  id: string;
  /** Epoch ms. */
  startedAt: number;
  protocol: string;
  model: string;
  codexThreadId?: string | null;
}

/**
 * One change to history. Entry and task upserts of the same id coalesce while they wait;
 * status changes and progress items are appended in order.
 */
export type HistoryOp =
  | { kind: 'conversation_started'; conversation: ConversationStart }
  | { kind: 'conversation_ended'; conversationId: string; endedAt: number }
  | { kind: 'codex_thread'; conversationId: string; threadId: string }
  | { kind: 'entry'; conversationId: string; entry: TranscriptEntry }
  | { kind: 'task'; task: TaskSnapshot }
  | { kind: 'task_status'; conversationId: string; taskId: string; status: TaskStatus; at: number }
  | {
      kind: 'task_progress';
      conversationId: string;
      taskId: string;
      name: string;
      at: number;
      item: ProgressItem;
    };

/** The conversation an operation belongs to. */
export function conversationOf(op: HistoryOp): string {
  switch (op.kind) {
    case 'conversation_started':
      return op.conversation.id;
    case 'task':
      return op.task.conversationId;
    default:
      return op.conversationId;
  }
}

/**
 * The key under which a waiting operation is replaced by a newer one of the same thing, or
 * null for operations that are appended (every status change and progress item is kept).
 */
export function coalesceKey(op: HistoryOp): string | null {
  const sep = '\u0000';
  switch (op.kind) {
    case 'conversation_started':
      return `start${sep}${op.conversation.id}`;
    case 'conversation_ended':
      return `end${sep}${op.conversationId}`;
    case 'codex_thread':
      return `thread${sep}${op.conversationId}`;
    case 'entry':
      return `entry${sep}${op.conversationId}${sep}${op.entry.id}`;
    case 'task':
      return `task${sep}${op.task.conversationId}${sep}${op.task.id}`;
    default:
      return null;
  }
}

/** When a task entered `status`, from its snapshot; null when the snapshot does not say. */
export function statusTime(task: TaskSnapshot): number | null {
  switch (task.status) {
    case 'queued':
      return task.createdAt;
    case 'running':
      return task.startedAt;
    default:
      return task.endedAt;
  }
}
