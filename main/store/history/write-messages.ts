import type { HistoryOp } from './history-ops';

/** What an operation is about, for an error message: "transcript entry t3 of conversation-1". */
export function opLabel(op: HistoryOp): string {
  switch (op.kind) {
    case 'conversation_started':
      return `the start of ${op.conversation.id}`;
    case 'conversation_ended':
      return `the end of ${op.conversationId}`;
    case 'codex_thread':
      return `the Codex thread of ${op.conversationId}`;
    case 'entry':
      return `transcript entry ${op.entry.id} of ${op.conversationId}`;
    case 'task':
      return `task ${op.task.id} of ${op.task.conversationId}`;
    case 'task_status':
      return `a status change of task ${op.taskId}`;
    case 'task_progress':
      return `a progress item of task ${op.taskId}`;
  }
}

/** The sentence after a write error that says what is kept. */
export function unsavedNote(pending: number): string {
  if (pending === 0) return 'Everything saved before is safe.';
  const changes = pending === 1 ? '1 unsaved change is' : `${pending} unsaved changes are`;
  return `${changes} kept and retried; everything saved before is safe.`;
}
