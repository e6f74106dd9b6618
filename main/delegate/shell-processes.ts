import { spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import type { Clock } from '../base/clock';
import type { Logger } from '../base/logger';
import { waitForExit, type CommandExit, type StopReason } from './command-exit';
import { CommandOutput } from './command-output';
import { killProcessTree, waitForProcessGroup } from './process-tree';
import type { ProgressItem } from '../../preload/schemas/tasks';

/** Bounds of every shell command a delegate runs. */
export interface ShellLimits {
  /** Stop the command after this long. */
  timeoutMs: number;
  /** Between SIGTERM and SIGKILL of the process group. */
  killGraceMs: number;
  /** Whole-stdout result kept in memory (its tail). */
  maxResultChars: number;
  /** Stderr tail kept for a failure. */
  stderrTailChars: number;
  /** After the shell exits, how long to wait for stray children to release stdout. */
  drainMs: number;
  /** At dispose, how long to wait for every process tree to be gone (then SIGKILL). */
  stopWaitMs: number;
}

export const DEFAULT_SHELL_LIMITS: ShellLimits = {
  timeoutMs: 30 * 60_000,
  killGraceMs: 3_000,
  maxResultChars: 1_000_000,
  stderrTailChars: 2_048,
  drainMs: 500,
  stopWaitMs: 5_000,
};

/** Each limit given, else its default (an `undefined` field keeps the default). */
function withDefaults(limits: Partial<ShellLimits>): ShellLimits {
  const d = DEFAULT_SHELL_LIMITS;
  return {
    timeoutMs: limits.timeoutMs ?? d.timeoutMs,
    killGraceMs: limits.killGraceMs ?? d.killGraceMs,
    maxResultChars: limits.maxResultChars ?? d.maxResultChars,
    stderrTailChars: limits.stderrTailChars ?? d.stderrTailChars,
    drainMs: limits.drainMs ?? d.drainMs,
    stopWaitMs: limits.stopWaitMs ?? d.stopWaitMs,
  };
}

/** One command to run. */
export interface ShellJob {
  command: string;
  /** The workspace it runs in. */
  cwd: string;
  /** Written to its stdin, which is then closed. */
  stdin: string;
  /** The task it belongs to (logs; `PARLEY_TASK_ID` in its environment). */
  taskId: string;
  /** Aborted on cancel: the whole process tree is killed. */
  signal: AbortSignal;
}

/** How a command ended and what it printed. */
export interface ShellEnd {
  exit: CommandExit | Error;
  /** Why Parley stopped it, if it did. */
  stopReason: StopReason;
  stdout: string;
  stderrTail: string;
}

/** Whether `path` is an existing folder. */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The shell invocation for this platform: `/bin/sh -c` on POSIX, `cmd /d /s /c` on Windows. */
function spawnShell(command: string, cwd: string, env: NodeJS.ProcessEnv): ChildProcess {
  if (process.platform === 'win32') {
    return spawn(command, { cwd, env, shell: true, windowsHide: true, stdio: 'pipe' });
  }
  return spawn('/bin/sh', ['-c', command], { cwd, env, detached: true, stdio: 'pipe' });
}

/**
 * Runs delegates' shell commands, each in its own process tree: output lines as progress, the
 * whole stdout (bounded) and the stderr tail kept; cancel and the timeout kill the tree; dispose
 * kills every tree still going and waits (bounded) until each is gone.
 */
export class ShellProcesses {
  private readonly limits: ShellLimits;
  private readonly disposed = new AbortController();
  private readonly live = new Set<{ pid: number | null; over: Promise<unknown> }>();

  constructor(
    limits: Partial<ShellLimits>,
    private readonly env: Record<string, string | undefined>,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    this.limits = withDefaults(limits);
  }

  get timeoutMs(): number {
    return this.limits.timeoutMs;
  }

  /** Runs `job` to its end. Throws only when the shell cannot be spawned at all. */
  run(job: ShellJob, progress: (item: ProgressItem) => void): Promise<ShellEnd> {
    const entry: { pid: number | null; over: Promise<unknown> } = {
      pid: null,
      over: Promise.resolve(),
    };
    const over = this.runNow(job, progress, (pid) => (entry.pid = pid));
    entry.over = over.catch(() => {});
    this.live.add(entry);
    void entry.over.finally(() => this.live.delete(entry));
    return over;
  }

  /** Cancel every command and wait (bounded) until each one's whole process tree is gone. */
  async dispose(): Promise<void> {
    this.disposed.abort();
    const runs = [...this.live];
    await Promise.all(
      runs.map(async (run) => {
        await run.over;
        if (run.pid !== null) {
          await waitForProcessGroup(run.pid, this.limits.stopWaitMs, this.clock);
        }
      }),
    );
  }

  private async runNow(
    job: ShellJob,
    progress: (item: ProgressItem) => void,
    started: (pid: number | null) => void,
  ): Promise<ShellEnd> {
    const { limits, clock } = this;
    if (job.signal.aborted || this.disposed.signal.aborted) {
      return {
        exit: { code: null, signal: null },
        stopReason: 'cancelled',
        stdout: '',
        stderrTail: '',
      };
    }
    const output = new CommandOutput(
      { resultChars: limits.maxResultChars, stderrChars: limits.stderrTailChars },
      progress,
    );
    const env = { ...this.env, PARLEY_TASK_ID: job.taskId };
    const child = spawnShell(job.command, job.cwd, env);
    started(child.pid ?? null);
    this.log('info', 'delegate.command.started', { taskId: job.taskId, pid: child.pid });
    const stopper = this.armStop(child, [job.signal, this.disposed.signal]);
    output.attach(child);
    // A command that never reads stdin closes it early: EPIPE is not a failure.
    child.stdin?.on('error', () => {});
    child.stdin?.end(job.stdin);
    const exit = await waitForExit(child, limits.drainMs, clock);
    const stopReason = stopper.disarm();
    return { exit, stopReason, ...output.finish() };
  }

  /** Cancel (either signal) or the timeout kills the process tree; `disarm` says which, if any. */
  private armStop(child: ChildProcess, signals: AbortSignal[]): { disarm(): StopReason } {
    let reason: StopReason = null;
    const stop = (why: 'cancelled' | 'timeout'): void => {
      if (reason) return;
      reason = why;
      killProcessTree(child, this.limits.killGraceMs, this.clock);
    };
    const onAbort = (): void => stop('cancelled');
    for (const signal of signals) signal.addEventListener('abort', onAbort);
    const timeout = this.clock.setTimeout(() => stop('timeout'), this.limits.timeoutMs);
    return {
      disarm: () => {
        this.clock.clearTimeout(timeout);
        for (const signal of signals) signal.removeEventListener('abort', onAbort);
        return reason;
      },
    };
  }
}
