import type { TimerHandle } from '../base/clock';
import type { DelegateRun } from './types';
import type {
  ProgressItem,
  TaskSnapshot,
  TaskStatus,
  TokenUsage,
} from '../../preload/schemas/tasks';

/** A task as the registry holds it: the snapshot fields plus its live handles. */
export interface TaskRecord extends Omit<TaskSnapshot, 'durationMs'> {
  controller: AbortController | null;
  run: DelegateRun | null;
  stopListening: (() => void) | null;
  graceTimer: TimerHandle | null;
  /** Sum of the usage progress items so far. */
  summedUsage: TokenUsage | null;
  waiters: ((snapshot: TaskSnapshot) => void)[];
}

/** Queued or running. */
export function isActive(status: TaskStatus): boolean {
  return status === 'queued' || status === 'running';
}

/** A fresh queued record. */
export function newTaskRecord(
  fields: Pick<
    TaskSnapshot,
    'id' | 'name' | 'conversationId' | 'prompt' | 'text' | 'workspace' | 'createdAt' | 'followUpOf'
  >,
): TaskRecord {
  return {
    ...fields,
    status: 'queued',
    startedAt: null,
    endedAt: null,
    result: null,
    error: null,
    usage: null,
    progress: [],
    progressDropped: 0,
    cancelRequested: false,
    followUps: [],
    controller: null,
    run: null,
    stopListening: null,
    graceTimer: null,
    summedUsage: null,
    waiters: [],
  };
}

/** Append a progress item (a private copy), keep the last `limit`, and add up usage. */
export function recordProgress(
  task: TaskRecord,
  item: ProgressItem,
  at: number,
  limit: number,
): ProgressItem {
  const copy = structuredClone(item);
  task.progress.push({ at, item: copy });
  const excess = task.progress.length - limit;
  if (excess > 0) {
    task.progress.splice(0, excess);
    task.progressDropped += excess;
  }
  if (copy.kind === 'usage') {
    const sum = task.summedUsage ?? { inputTokens: 0, outputTokens: 0 };
    task.summedUsage = {
      inputTokens: sum.inputTokens + copy.usage.inputTokens,
      outputTokens: sum.outputTokens + copy.usage.outputTokens,
    };
    task.usage = task.summedUsage;
  }
  return copy;
}

/**
 * The task `ref` names among `tasks`: `latest`/`current`/empty (newest running, else newest
 * queued, else newest), an
 * id, a bare number (`3` → `task-3`), a full name, or a name prefix (newest match).
 */
export function findTask(tasks: readonly TaskRecord[], ref: string): TaskRecord | undefined {
  const wanted = ref.trim().toLowerCase();
  if (wanted === '' || wanted === 'latest' || wanted === 'current') {
    return (
      tasks.filter((t) => t.status === 'running').at(-1) ??
      tasks.filter((t) => t.status === 'queued').at(-1) ??
      tasks.at(-1)
    );
  }
  const asId = /^\d+$/.test(wanted) ? `task-${wanted}` : wanted;
  return (
    tasks.find((t) => t.id.toLowerCase() === asId) ??
    tasks.find((t) => t.name.toLowerCase() === wanted) ??
    tasks.filter((t) => t.name.toLowerCase().startsWith(wanted)).at(-1)
  );
}

/** A plain, detached JSON snapshot of the record at time `now`. */
export function toSnapshot(task: TaskRecord, now: number): TaskSnapshot {
  return {
    id: task.id,
    name: task.name,
    conversationId: task.conversationId,
    prompt: task.prompt,
    text: task.text,
    workspace: task.workspace,
    status: task.status,
    createdAt: task.createdAt,
    startedAt: task.startedAt,
    endedAt: task.endedAt,
    durationMs: task.startedAt === null ? null : (task.endedAt ?? now) - task.startedAt,
    result: task.result,
    error: task.error,
    usage: task.usage ? { ...task.usage } : null,
    progress: task.progress.map((entry) => ({ at: entry.at, item: entry.item })),
    progressDropped: task.progressDropped,
    cancelRequested: task.cancelRequested,
    followUps: task.followUps.slice(),
    followUpOf: task.followUpOf,
  };
}
