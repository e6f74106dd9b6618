import type { Clock } from '../base/clock';
import { silentLogger, type Logger } from '../base/logger';
import { TypedEmitter } from '../base/typed-emitter';
import { errorMessage } from '../base/result';
import { cancelledOutcome } from './delegate-run';
import { plainWords, sequentialTaskIds, taskName } from './task-names';
import { findTask, isActive, newTaskRecord, toSnapshot, type TaskRecord } from './task-record';
import { TaskRunner } from './task-runner';
import { describeTasks } from './task-summary';
import type { Delegate } from './types';
import type { TaskSnapshot, TaskProgressEvent } from '../../preload/schemas/tasks';

/** Events of the {@link TaskRegistry}. */
export type TaskRegistryEvents = {
  /** A task changed (created, started, progressed, ended): its full snapshot. */
  task: TaskSnapshot;
  /** One progress item as it arrives (V1 streams agent messages from here). */
  progress: TaskProgressEvent;
};

/** Construction options of {@link TaskRegistry}. */
export interface TaskRegistryOptions {
  clock: Clock;
  delegate: Delegate;
  /** Tasks running at once per conversation; the rest wait queued. Default 1. */
  maxRunningPerConversation?: number;
  /** Progress items kept per task. Default 200. */
  progressLimit?: number;
  /** Finished tasks kept in memory (the history database keeps the rest). Default 100. */
  finishedLimit?: number;
  /** After a cancel, how long a delegate may take to stop before the task is marked cancelled anyway. Default 10 s. */
  cancelGraceMs?: number;
  /** Id generator; default `task-1`, `task-2`, … */
  nextId?: () => string;
  /** Name from id and request; default `task-N-three-to-five-words`. */
  nameFor?: (id: string, text: string) => string;
  logger?: Logger;
}

/** What to delegate. */
export interface NewTask {
  conversationId: string;
  /** The delegation text. */
  text: string;
  workspace: string;
  /** The user's words for display and naming; derived from `text` when absent. */
  prompt?: string;
  followUpOf?: string;
}

/** How {@link TaskRegistry.steer} placed a follow-up. */
export type SteerResult =
  | { mode: 'steered'; task: TaskSnapshot }
  | { mode: 'amended'; task: TaskSnapshot }
  | { mode: 'queued'; task: TaskSnapshot };

/**
 * Every delegated task: queueing under a per-conversation limit, lookup, cancel, steering,
 * summaries and change events; the {@link TaskRunner} takes each one through the injected
 * delegate. Pure: time from the clock, work from the delegate.
 */
export class TaskRegistry {
  private readonly emitter: TypedEmitter<TaskRegistryEvents>;
  private readonly tasks: TaskRecord[] = [];
  private readonly limit: number;
  private readonly runner: TaskRunner;
  private readonly nextId: () => string;
  private readonly log: Logger;
  private disposed = false;

  constructor(private readonly options: TaskRegistryOptions) {
    this.log = options.logger ?? silentLogger;
    this.emitter = new TypedEmitter((e) =>
      this.log('error', 'task.listener_error', { error: errorMessage(e) }),
    );
    this.limit = Math.max(1, options.maxRunningPerConversation ?? 1);
    this.nextId = options.nextId ?? sequentialTaskIds();
    const runnerOptions = {
      clock: options.clock,
      delegate: options.delegate,
      log: this.log,
      progressLimit: Math.max(1, options.progressLimit ?? 200),
      cancelGraceMs: options.cancelGraceMs ?? 10_000,
    };
    this.runner = new TaskRunner(runnerOptions, {
      changed: (task) => this.changed(task),
      progressed: (task, item, at) => {
        const { id: taskId, name, conversationId } = task;
        this.emitter.emit('progress', { taskId, name, conversationId, at, item });
        this.changed(task);
      },
      ended: (task) => this.ended(task),
    });
  }

  /** Subscribe; returns the unsubscribe function. */
  on<K extends keyof TaskRegistryEvents>(
    event: K,
    listener: (payload: TaskRegistryEvents[K]) => void,
  ): () => void {
    return this.emitter.on(event, listener);
  }

  /** Queue a task; it starts at once when its conversation has a free slot. */
  create(input: NewTask): TaskSnapshot {
    if (this.disposed) throw new Error('TaskRegistry is disposed');
    if (!input.text.trim()) throw new Error('A task needs a non-empty delegation text');
    const id = this.nextId();
    const prompt = (input.prompt ?? plainWords(input.text)).trim();
    const task = newTaskRecord({
      id,
      name: (this.options.nameFor ?? taskName)(id, prompt || input.text),
      conversationId: input.conversationId,
      prompt,
      text: input.text,
      workspace: input.workspace,
      createdAt: this.options.clock.now(),
      followUpOf: input.followUpOf ?? null,
    });
    this.tasks.push(task);
    this.log('info', 'task.created', { taskId: id, conversationId: input.conversationId });
    this.changed(task);
    this.pump(task.conversationId);
    return this.snapshot(task);
  }

  /**
   * Cancel a task by id, name or `latest`: a queued task at once, a running one by aborting its
   * delegate. Returns the snapshot, or null when no task matches.
   */
  cancel(ref: string, conversationId?: string): TaskSnapshot | null {
    const task = this.find(ref, conversationId);
    if (!task) return null;
    this.runner.cancel(task);
    return this.snapshot(task);
  }

  /**
   * A follow-up request: handed to the running task's delegate when it can steer, appended to a
   * queued task, otherwise queued as a new task after it.
   */
  steer(input: NewTask & { ref?: string }): SteerResult {
    const target = this.find(input.ref ?? 'latest', input.conversationId);
    if (
      target?.status === 'running' &&
      !target.cancelRequested &&
      target.run?.steer?.(input.text)
    ) {
      target.followUps.push(input.text);
      this.changed(target);
      return { mode: 'steered', task: this.snapshot(target) };
    }
    // A running task that cannot steer passes the words on to its queued follow-up, if any.
    const queued =
      target?.status === 'running'
        ? this.tasks.find((t) => t.status === 'queued' && t.followUpOf === target.id)
        : target;
    if (queued?.status === 'queued') {
      queued.text = `${queued.text}\n\n${input.text}`;
      queued.followUps.push(input.text);
      this.changed(queued);
      return { mode: 'amended', task: this.snapshot(queued) };
    }
    const task = this.create({
      ...input,
      conversationId: target?.conversationId ?? input.conversationId,
      workspace: target?.workspace ?? input.workspace,
      followUpOf: target?.id,
    });
    return { mode: 'queued', task };
  }

  /** A task by id, name, number, name prefix or `latest` (newest running, queued, else newest). */
  get(ref: string, conversationId?: string): TaskSnapshot | null {
    const task = this.find(ref, conversationId);
    return task ? this.snapshot(task) : null;
  }

  /** Every task kept, oldest first; only one conversation's when given. */
  list(conversationId?: string): TaskSnapshot[] {
    return this.scope(conversationId).map((t) => this.snapshot(t));
  }

  /** Short text summary for the voice model's `task_status` tool. */
  describe(conversationId?: string): string {
    return describeTasks(this.list(conversationId));
  }

  /** Resolves with the task's final snapshot once it is done, failed or cancelled. */
  whenSettled(id: string): Promise<TaskSnapshot> {
    const task = this.tasks.find((t) => t.id === id);
    if (!task) return Promise.reject(new Error(`No task ${id}`));
    if (!isActive(task.status)) return Promise.resolve(this.snapshot(task));
    return new Promise((resolve) => task.waiters.push(resolve));
  }

  /** Cancel everything still active and drop every listener; idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const task of this.tasks.filter((t) => isActive(t.status))) {
      task.controller?.abort();
      this.runner.end(task, cancelledOutcome('Parley stopped.'));
    }
    this.emitter.dispose();
  }

  /** Listeners still subscribed (tests check 0 after dispose). */
  listenerCount(): number {
    return this.emitter.listenerCount();
  }

  private scope(conversationId?: string): TaskRecord[] {
    return conversationId === undefined
      ? this.tasks
      : this.tasks.filter((t) => t.conversationId === conversationId);
  }

  private find(ref: string, conversationId?: string): TaskRecord | undefined {
    return findTask(this.scope(conversationId), ref);
  }

  private pump(conversationId: string): void {
    if (this.disposed) return;
    const mine = this.tasks.filter((t) => t.conversationId === conversationId);
    let running = mine.filter((t) => t.status === 'running').length;
    for (const task of mine) {
      if (running >= this.limit) break;
      if (task.status !== 'queued') continue;
      running++;
      this.runner.start(task);
    }
  }

  /** A task ended: tell listeners and waiters, forget old tasks, start the next. */
  private ended(task: TaskRecord): void {
    const snapshot = this.changed(task);
    for (const resolve of task.waiters.splice(0)) resolve(snapshot);
    this.prune();
    this.pump(task.conversationId);
  }

  private prune(): void {
    const finished = this.tasks.filter((t) => !isActive(t.status));
    const excess = finished.length - (this.options.finishedLimit ?? 100);
    for (const old of finished.slice(0, Math.max(0, excess))) {
      this.tasks.splice(this.tasks.indexOf(old), 1);
    }
  }

  private changed(task: TaskRecord): TaskSnapshot {
    const snapshot = this.snapshot(task);
    this.emitter.emit('task', snapshot);
    return snapshot;
  }

  private snapshot(task: TaskRecord): TaskSnapshot {
    return toSnapshot(task, this.options.clock.now());
  }
}
