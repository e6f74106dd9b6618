import { TOOL_NAMES } from '../realtime/tool-names';

/** The task-side answers the optional V2 tools need. */
export interface TaskToolEffects {
  /** A short spoken-friendly summary of the delegated tasks, for `task_status`. */
  describeTasks?(): string;
  /**
   * Cancels a task (`null`: the running one) for `cancel_task`; returns what happened, e.g.
   * `Cancelled "fix tests".` or `No task named t9.`
   */
  cancelTask?(taskId: string | null): string;
}

/** The output for a tool call, and whether the voice model should speak after it. */
export interface ToolReply {
  output: string;
  respond: boolean;
}

/**
 * Answers `task_status` and `cancel_task`: the output comes from the injected
 * effects; both are followed by a `response.create` so the voice model says it. An unknown
 * tool still gets an output, so the voice model is never left waiting on a call.
 */
export function replyToToolCall(name: string, args: string, effects: TaskToolEffects): ToolReply {
  switch (name) {
    case TOOL_NAMES.taskStatus:
      return {
        output: effects.describeTasks?.() ?? 'Task status is not available.',
        respond: true,
      };
    case TOOL_NAMES.cancelTask: {
      const taskId = parseTaskId(args);
      return {
        output: effects.cancelTask?.(taskId) ?? 'Cancelling tasks is not available.',
        respond: true,
      };
    }
    default:
      return { output: `Unknown tool "${name}".`, respond: true };
  }
}

/** `task_id` from `cancel_task` arguments; null when absent, empty or unreadable. */
export function parseTaskId(args: string): string | null {
  let value: unknown;
  try {
    value = JSON.parse(args);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const id = (value as Record<string, unknown>)['task_id'];
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  if (typeof id === 'string' && id.trim() !== '') return id.trim();
  return null;
}
