import type { Clock } from '../base/clock';
import type { Logger } from '../base/logger';
import { errorMessage } from '../base/result';
import { cancelledOutcome, failedOutcome } from './delegate-run';
import { recordProgress, type TaskRecord } from './task-record';
import type { Delegate, DelegateOutcome, DelegateRun } from './types';
import type { ProgressItem } from '../../preload/schemas/tasks';

/** What the {@link TaskRunner} reports about the records it runs. */
export interface TaskRunnerHooks {
  /** The record changed without ending: it started, or a cancel was requested. */
  changed(task: TaskRecord): void;
  /** A progress item (a private copy) was recorded at `at`. */
  progressed(task: TaskRecord, item: ProgressItem, at: number): void;
  /** The record ended: status, result, error and usage are set and its handles released. */
  ended(task: TaskRecord): void;
}

/** Construction options of {@link TaskRunner}. */
export interface TaskRunnerOptions {
  clock: Clock;
  delegate: Delegate;
  log: Logger;
  /** Progress items kept per task. */
  progressLimit: number;
  /** After a cancel, how long a delegate may take to stop before the task ends anyway. */
  cancelGraceMs: number;
}

/**
 * Takes task records through their lifecycle on the delegate: starts a run, records its
 * progress, settles its outcome (a task asked to cancel ends cancelled), and cancels — a queued
 * task at once, a running one by aborting its run and ending it anyway when the delegate does
 * not stop within the grace. What runs when is the registry's decision.
 */
export class TaskRunner {
  constructor(
    private readonly options: TaskRunnerOptions,
    private readonly hooks: TaskRunnerHooks,
  ) {}

  /** Start a queued record on the delegate; a delegate that throws fails it at once. */
  start(task: TaskRecord): void {
    const { clock, delegate, log } = this.options;
    task.status = 'running';
    task.startedAt = clock.now();
    task.controller = new AbortController();
    // Which delegate runs it is logged where it is chosen (`delegate.chosen`, with the reason).
    log('info', 'task.started', { taskId: task.id });
    let run: DelegateRun;
    try {
      run = delegate.start({
        taskId: task.id,
        conversationId: task.conversationId,
        text: task.text,
        workspace: task.workspace,
        signal: task.controller.signal,
      });
    } catch (error) {
      this.end(task, failedOutcome(errorMessage(error)));
      return;
    }
    task.run = run;
    task.stopListening = run.on('progress', (item) => this.progress(task, item));
    this.hooks.changed(task);
    run.outcome.then(
      (outcome) => this.finish(task, outcome),
      (error: unknown) => this.finish(task, failedOutcome(errorMessage(error))),
    );
  }

  /** Cancel a queued record now, or ask a running one to stop (once); else nothing. */
  cancel(task: TaskRecord): void {
    if (task.status === 'queued') {
      this.end(task, cancelledOutcome('Cancelled before it started.'));
    } else if (task.status === 'running' && !task.cancelRequested) {
      task.cancelRequested = true;
      task.controller?.abort();
      task.graceTimer = this.options.clock.setTimeout(() => {
        task.graceTimer = null;
        if (task.status !== 'running') return;
        this.options.log('warn', 'task.cancel_unacknowledged', { taskId: task.id });
        this.end(task, cancelledOutcome());
      }, this.options.cancelGraceMs);
      this.hooks.changed(task);
    }
  }

  /** End a record with `outcome`: release its run, listener and timer, then report it. */
  end(task: TaskRecord, outcome: DelegateOutcome): void {
    task.status = outcome.status;
    task.endedAt = this.options.clock.now();
    task.result = outcome.result;
    task.error = outcome.status === 'done' ? null : (outcome.error ?? null);
    task.usage = outcome.usage ?? task.summedUsage;
    task.cancelRequested = false;
    task.stopListening?.();
    task.stopListening = null;
    task.run = null;
    task.controller = null;
    if (task.graceTimer !== null) this.options.clock.clearTimeout(task.graceTimer);
    task.graceTimer = null;
    this.options.log(outcome.status === 'failed' ? 'warn' : 'info', 'task.ended', {
      taskId: task.id,
      status: task.status,
      error: task.error,
    });
    this.hooks.ended(task);
  }

  private progress(task: TaskRecord, raw: ProgressItem): void {
    if (task.status !== 'running') return;
    const at = this.options.clock.now();
    const item = recordProgress(task, raw, at, this.options.progressLimit);
    this.hooks.progressed(task, item, at);
  }

  private finish(task: TaskRecord, outcome: DelegateOutcome): void {
    if (task.status !== 'running') return;
    if (task.cancelRequested && outcome.status !== 'cancelled') {
      this.end(task, { ...outcome, status: 'cancelled', error: outcome.error ?? 'Cancelled.' });
    } else {
      this.end(task, outcome);
    }
  }
}
