import type { TaskProgressEntry, TaskSnapshot } from '../../preload/schemas/tasks';

/**
 * The progress worth showing beside a task's result: what the result already says is left out
 * (the command delegate's stdout lines are its result; Codex's last message is its result), so
 * nothing is shown twice. A running task shows everything.
 */
export function visibleProgress(task: TaskSnapshot): TaskProgressEntry[] {
  const result = task.result?.trim();
  if (!result) return task.progress;
  const resultLines = new Set(
    result
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean),
  );
  return task.progress.filter(({ item }) => {
    if (item.kind === 'agent_message') return item.text.trim() !== result;
    if (item.kind === 'log' && item.stream !== 'stderr') return !resultLines.has(item.line.trim());
    return true;
  });
}

/** What a task's status reads as, in a word. */
export function statusWord(task: TaskSnapshot): string {
  if (task.cancelRequested && (task.status === 'running' || task.status === 'queued')) {
    return 'cancelling';
  }
  return task.status;
}
