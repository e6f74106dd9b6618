import type { TaskSnapshot } from '../../preload/schemas/tasks';
import type { Clock, TimerHandle } from '../base/clock';

/** How often a task's snapshot may go to the renderer while it streams progress. */
export const TASK_UPDATE_INTERVAL_MS = 150;

/**
 * Sends each task's latest snapshot at most once per interval while it streams progress (a
 * chatty command prints thousands of lines; every snapshot carries its progress history).
 * Status changes go out at once, after anything still pending for that task.
 */
export class TaskUpdateThrottle {
  private readonly pending = new Map<string, TaskSnapshot>();
  private readonly lastStatus = new Map<string, TaskSnapshot['status']>();
  private timer: TimerHandle | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly send: (task: TaskSnapshot) => void,
    private readonly intervalMs = TASK_UPDATE_INTERVAL_MS,
  ) {}

  push(task: TaskSnapshot): void {
    const statusChanged = this.lastStatus.get(task.id) !== task.status;
    this.lastStatus.set(task.id, task.status);
    if (statusChanged) {
      this.pending.delete(task.id);
      this.send(task);
      return;
    }
    this.pending.set(task.id, task);
    this.timer ??= this.clock.setTimeout(() => this.flush(), this.intervalMs);
  }

  /** Send everything pending now. */
  flush(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    const tasks = [...this.pending.values()];
    this.pending.clear();
    for (const task of tasks) this.send(task);
  }

  dispose(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }
}
