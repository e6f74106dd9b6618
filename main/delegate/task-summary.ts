import type { ProgressItem, TaskSnapshot } from '../../preload/schemas/tasks';

/** `45s`, `3m 05s`, `1h 02m`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

/** Collapse whitespace and cut to `max` characters with an ellipsis. */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, Math.max(0, max - 1))}…`;
}

/** One line saying what a progress item is; null for items not worth telling (usage). */
export function describeProgress(item: ProgressItem): string | null {
  switch (item.kind) {
    case 'agent_message':
      return clip(item.text, 160);
    case 'command':
      if (item.status === 'in_progress') return `running \`${clip(item.command, 80)}\``;
      return `ran \`${clip(item.command, 80)}\` (exit ${item.exitCode ?? '?'})`;
    case 'file_change':
      return `${item.change === 'add' ? 'added' : item.change === 'delete' ? 'deleted' : 'changed'} ${item.path}`;
    case 'plan': {
      const done = item.items.filter((i) => i.completed).length;
      const next = item.items.find((i) => !i.completed);
      return `plan ${done}/${item.items.length} done${next ? `, next: ${clip(next.text, 80)}` : ''}`;
    }
    case 'log':
      return item.line.trim() ? clip(item.line, 160) : null;
    case 'usage':
      return null;
  }
}

function lastProgress(task: TaskSnapshot): string | null {
  for (let i = task.progress.length - 1; i >= 0; i--) {
    const entry = task.progress[i];
    const line = entry ? describeProgress(entry.item) : null;
    if (line) return line;
  }
  return null;
}

/** One line per task for the voice model: name, state, timing and the gist. */
export function describeTask(task: TaskSnapshot): string {
  const duration = task.durationMs === null ? '' : formatDuration(task.durationMs);
  switch (task.status) {
    case 'queued':
      return `${task.name}: queued — ${clip(task.prompt, 100)}`;
    case 'running': {
      const last = lastProgress(task);
      const state = task.cancelRequested ? 'cancelling' : `running for ${duration}`;
      return `${task.name}: ${state} — ${clip(task.prompt, 100)}${last ? `; latest: ${last}` : ''}`;
    }
    case 'done':
      return `${task.name}: done in ${duration} — ${clip(task.result ?? '(no output)', 300)}`;
    case 'failed':
      return `${task.name}: failed${duration ? ` after ${duration}` : ''} — ${clip(task.error ?? 'unknown error', 300)}`;
    case 'cancelled':
      return `${task.name}: cancelled${duration ? ` after ${duration}` : ''}`;
  }
}

/**
 * A short text summary for the voice model's `task_status` tool: active tasks first, then the
 * most recent finished ones, at most `limit` lines.
 */
export function describeTasks(tasks: readonly TaskSnapshot[], limit = 8): string {
  if (tasks.length === 0) return 'No tasks yet.';
  const active = tasks.filter((t) => t.status === 'running' || t.status === 'queued');
  const finished = tasks.filter((t) => t.status !== 'running' && t.status !== 'queued').reverse();
  const shown = [...active, ...finished].slice(0, limit);
  const lines = shown.map((t) => `- ${describeTask(t)}`);
  const hidden = tasks.length - shown.length;
  const running = tasks.filter((t) => t.status === 'running').length;
  const queued = tasks.filter((t) => t.status === 'queued').length;
  const head = `${running} running, ${queued} queued, ${tasks.length - running - queued} finished.`;
  return [head, ...lines, ...(hidden > 0 ? [`(${hidden} older not shown)`] : [])].join('\n');
}
