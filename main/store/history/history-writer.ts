import type { TaskSnapshot, TaskProgressEvent } from '../../../preload/schemas/tasks';
import type { TranscriptEntry } from '../../../preload/schemas/conversation';
import type { TimerHandle } from '../../base/clock';
import { silentLogger, type Logger } from '../../base/logger';
import { errorMessage } from '../../base/result';
import { TypedEmitter } from '../../base/typed-emitter';
import { statusTime, type ConversationStart, type HistoryOp, type TaskStatus } from './history-ops';
import { redactOp } from './history-redaction';
import { HistoryStatements } from './history-statements';
import { PendingChanges, type PendingChange } from './pending-changes';
import { classifyFailure, type HistoryFailure } from './sqlite-failure';
import { WriteRetry } from './write-retry';
import { opLabel, unsavedNote } from './write-messages';
import type {
  HistoryWriteError,
  HistoryWriterEvents,
  HistoryWriterOptions,
  WriterStatus,
} from './history-writer-types';

// How many transactions one timer tick may run before it lets the event loop breathe.
const BATCHES_PER_TICK = 8;

/**
 * Writes what happens in a conversation to the history database: each change is queued,
 * repeated upserts of the same entry or task coalesce, and one transaction per small batch
 * commits within `flushDelayMs`. A failing write (full disk, read-only file, I/O error, lock)
 * emits `error`, keeps the unsaved changes (bounded) and retries with backoff; nothing already
 * committed is touched and nothing is thrown into the caller.
 */
export class HistoryWriter {
  private readonly emitter: TypedEmitter<HistoryWriterEvents>;
  private readonly statements: HistoryStatements;
  private readonly log: Logger;
  private readonly pending: PendingChanges;
  private readonly taskStatus = new Map<string, TaskStatus>();
  private readonly live = new Map<string, ConversationStart>();
  private readonly flushDelayMs: number;
  private readonly maxBatchOps: number;
  private readonly maxPendingOps: number;
  private readonly retry: WriteRetry;
  private timer: TimerHandle | null = null;
  private timerEager = false;
  private overflowReported = false;
  private batches = 0;
  private dropped = 0;
  private disposed = false;

  constructor(private readonly options: HistoryWriterOptions) {
    this.log = options.logger ?? silentLogger;
    this.emitter = new TypedEmitter((e) =>
      this.log('error', 'history.listener_error', { error: errorMessage(e) }),
    );
    this.flushDelayMs = options.flushDelayMs ?? 250;
    this.maxBatchOps = Math.max(1, options.maxBatchOps ?? 256);
    this.maxPendingOps = Math.max(1, options.maxPendingOps ?? 50_000);
    this.retry = new WriteRetry(options.retryDelayMs ?? { first: 1_000, max: 30_000 });
    this.pending = new PendingChanges(this.maxPendingOps);
    this.statements = new HistoryStatements(options.db, options.maxProgressPerTask ?? 2_000);
  }

  /** Subscribe; returns the unsubscribe function. */
  on<K extends keyof HistoryWriterEvents>(
    event: K,
    listener: (payload: HistoryWriterEvents[K]) => void,
  ): () => void {
    return this.emitter.on(event, listener);
  }

  /** A conversation began (before any of its entries). */
  conversationStarted(conversation: ConversationStart): void {
    if (this.disposed) return;
    this.live.set(conversation.id, { ...conversation });
    this.enqueue({ kind: 'conversation_started', conversation: { ...conversation } });
  }

  /** A conversation ended (epoch ms). */
  conversationEnded(conversationId: string, endedAt: number): void {
    if (this.disposed) return;
    this.live.delete(conversationId);
    this.enqueue({ kind: 'conversation_ended', conversationId, endedAt });
  }

  /** The conversation's tasks run in this Codex thread (from the delegate's `onThread`). */
  codexThread(conversationId: string, threadId: string): void {
    if (this.disposed) return;
    const live = this.live.get(conversationId);
    if (live) live.codexThreadId = threadId;
    this.enqueue({ kind: 'codex_thread', conversationId, threadId });
  }

  /** A transcript entry was added or changed (the whole entry, as the pane shows it). */
  entry(conversationId: string, entry: TranscriptEntry): void {
    if (this.disposed) return;
    this.enqueue({ kind: 'entry', conversationId, entry: { ...entry } });
  }

  /** A task was created or changed (its whole snapshot); a new status is saved as an event. */
  task(task: TaskSnapshot): void {
    if (this.disposed) return;
    this.enqueue({ kind: 'task', task: { ...task, progress: [] } });
    const key = `${task.conversationId}\u0000${task.id}`;
    if (this.taskStatus.get(key) === task.status) return;
    this.taskStatus.set(key, task.status);
    const at = statusTime(task) ?? task.createdAt;
    const { conversationId, id: taskId, status } = task;
    this.enqueue({ kind: 'task_status', conversationId, taskId, status, at });
  }

  /** One progress item of a task, as the task registry emits it. */
  taskProgress(progress: TaskProgressEvent): void {
    if (this.disposed) return;
    const { conversationId, taskId, name, at, item } = progress;
    this.enqueue({ kind: 'task_progress', conversationId, taskId, name, at, item });
  }

  /** Ids of the conversations started and not ended. */
  liveConversationIds(): string[] {
    return [...this.live.keys()];
  }

  /** Commit everything waiting now (stops at the first failing write). */
  flush(): void {
    this.run(Number.POSITIVE_INFINITY);
  }

  /**
   * Drop what waits for `conversationId` (every conversation when omitted), before that
   * conversation is deleted; a conversation still going on is started again, so what it says
   * next is saved.
   */
  forget(conversationId?: string): void {
    this.pending.removeConversation(conversationId);
    for (const key of this.taskStatus.keys()) {
      if (conversationId === undefined || key.startsWith(`${conversationId}\u0000`)) {
        this.taskStatus.delete(key);
      }
    }
    for (const conversation of this.live.values()) {
      if (conversationId === undefined || conversation.id === conversationId) {
        this.enqueue({ kind: 'conversation_started', conversation: { ...conversation } });
      }
    }
  }

  status(): WriterStatus {
    return {
      writeError: this.retry.message,
      pendingChanges: this.pending.size,
      droppedChanges: this.dropped,
    };
  }

  /** Commit what is waiting and stop; returns how many changes could not be saved. Idempotent. */
  dispose(): { unsaved: number } {
    if (this.disposed) return { unsaved: this.pending.size };
    this.flush();
    this.disposed = true;
    this.clearTimer();
    this.emitter.dispose();
    return { unsaved: this.pending.size };
  }

  private enqueue(op: HistoryOp): void {
    if (this.pending.add(op)) this.overflowed();
    this.schedule();
  }

  private schedule(): void {
    if (this.disposed || this.pending.size === 0) return;
    const eager = !this.retry.failing && this.pending.size >= this.maxBatchOps;
    if (this.timer !== null && (this.timerEager || !eager)) return;
    this.clearTimer();
    const delay = this.retry.failing ? this.retry.delayMs : eager ? 0 : this.flushDelayMs;
    this.timerEager = eager;
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = null;
      this.run(BATCHES_PER_TICK);
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer !== null) this.options.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Up to `maxBatches` transactions; stops at a transient failure and schedules the rest. */
  private run(maxBatches: number): void {
    this.clearTimer();
    for (let n = 0; n < maxBatches && this.pending.size > 0; n++) {
      const batch = this.pending.oldest(this.maxBatchOps);
      const failure = this.commit(batch);
      if (failure?.transient) {
        this.failed(failure);
        break;
      }
      if (failure) this.isolate(batch);
      if (this.retry.failing) break;
    }
    this.schedule();
  }

  /** One transaction; null when it committed. */
  private commit(batch: readonly PendingChange[]): HistoryFailure | null {
    const db = this.options.db;
    const started = this.options.clock.now();
    let ops: HistoryOp[];
    try {
      ops = batch.map(([, op]) => redactOp(op, this.options.redact));
      db.exec('BEGIN IMMEDIATE');
      for (const op of ops) this.statements.apply(op);
      db.exec('COMMIT');
    } catch (error) {
      this.rollback();
      return classifyFailure(error);
    }
    this.pending.settle(batch);
    const batchNo = ++this.batches;
    if (this.retry.succeeded()) this.recovered();
    this.emitter.emit('committed', { batch: batchNo, ops, ms: this.options.clock.now() - started });
    return null;
  }

  private rollback(): void {
    try {
      if (this.options.db.isTransaction) this.options.db.exec('ROLLBACK');
    } catch (error) {
      this.log('warn', 'history.rollback_failed', { error: errorMessage(error) });
    }
  }

  /** A batch the database refused: write its operations one by one, dropping the bad ones. */
  private isolate(batch: readonly PendingChange[]): void {
    for (const change of batch) {
      if (!this.pending.has(change)) continue;
      const failure = this.commit([change]);
      if (!failure) continue;
      if (failure.transient) return this.failed(failure);
      this.pending.settle([change]);
      this.dropped++;
      const message = `History refused to save ${opLabel(change[1])} and dropped it: ${failure.detail}.`;
      this.report({ tag: 'rejected', message });
    }
  }

  private failed(failure: HistoryFailure): void {
    if (!this.retry.failed(failure)) return;
    this.report({ tag: failure.tag, message: this.retry.message ?? failure.detail });
  }

  private recovered(): void {
    this.overflowReported = false;
    this.log('info', 'history.recovered', { pendingChanges: this.pending.size });
    this.emitter.emit('recovered', { pendingChanges: this.pending.size });
  }

  private overflowed(): void {
    this.dropped++;
    if (this.overflowReported) return;
    this.overflowReported = true;
    const message = `History keeps at most ${this.maxPendingOps} unsaved changes; the oldest are being dropped.`;
    this.report({ tag: 'overflow', message });
  }

  private report(error: Pick<HistoryWriteError, 'tag' | 'message'>): void {
    const full: HistoryWriteError = {
      ...error,
      message: `${error.message} ${unsavedNote(this.pending.size)}`,
      pendingChanges: this.pending.size,
      droppedChanges: this.dropped,
    };
    this.log('error', 'history.write_failed', { ...full });
    this.emitter.emit('error', full);
  }
}
