import { spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { systemClock, type Clock } from '../base/clock';
import { silentLogger, type Logger } from '../base/logger';
import { errorMessage } from '../base/result';
import { describeCommandExit, waitForExit, type StopReason } from './command-exit';
import { CommandOutput } from './command-output';
import { DelegateRunHandle, failedOutcome } from './delegate-run';
import { killProcessTree, waitForProcessGroup } from './process-tree';
import type { Delegate, DelegateRequest, DelegateRun } from './types';

/** Options of {@link createCommandDelegate}. */
export interface CommandDelegateOptions {
  /** The shell command (`PARLEY_DELEGATE_COMMAND`). */
  command: string;
  /** Stop the run after this long. Default 30 minutes. */
  timeoutMs?: number;
  /** Between SIGTERM and SIGKILL of the process group. Default 3 s. */
  killGraceMs?: number;
  /** Whole-stdout result kept in memory (its tail). Default 1,000,000 characters. */
  maxResultChars?: number;
  /** Stderr tail carried by a failure. Default 2,048 characters. */
  stderrTailChars?: number;
  /** After the shell exits, how long to wait for stray children to release stdout. Default 500 ms. */
  drainMs?: number;
  /** At dispose, how long to wait for every process tree to be gone (then SIGKILL). Default 5 s. */
  stopWaitMs?: number;
  /** The command's whole environment; default: the host's. */
  env?: Record<string, string | undefined>;
  clock?: Clock;
  logger?: Logger;
}

/** The shell invocation for this platform: `/bin/sh -c` on POSIX, `cmd /d /s /c` on Windows. */
function spawnShell(command: string, cwd: string, env: NodeJS.ProcessEnv): ChildProcess {
  if (process.platform === 'win32') {
    return spawn(command, { cwd, env, shell: true, windowsHide: true, stdio: 'pipe' });
  }
  return spawn('/bin/sh', ['-c', command], { cwd, env, detached: true, stdio: 'pipe' });
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

const DEFAULT_TIMEOUT_MS = 30 * 60_000;

/**
 * Runs `PARLEY_DELEGATE_COMMAND` for each task: the delegation text on stdin, each output line as
 * progress, the whole stdout as the result; cancel and timeout kill the whole process tree.
 */
export function createCommandDelegate(options: CommandDelegateOptions): Delegate {
  return new CommandDelegate(options);
}

class CommandDelegate implements Delegate {
  readonly kind = 'command';
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly live = new Map<AbortController, { pid: number | null; over: Promise<void> }>();

  constructor(private readonly options: CommandDelegateOptions) {
    this.clock = options.clock ?? systemClock;
    this.log = options.logger ?? silentLogger;
  }

  start(request: DelegateRequest): DelegateRun {
    const run = new DelegateRunHandle();
    const local = new AbortController();
    const entry: { pid: number | null; over: Promise<void> } = {
      pid: null,
      over: Promise.resolve(),
    };
    this.live.set(local, entry);
    entry.over = this.runCommand(request, run, local.signal, (pid) => (entry.pid = pid))
      .catch((error: unknown) => {
        // spawn can throw synchronously (e.g. a NUL in the command): fail the task, never the host.
        this.log('error', 'delegate.command.crashed', {
          taskId: request.taskId,
          error: errorMessage(error),
        });
        run.settle(failedOutcome(`The delegate command could not run: ${errorMessage(error)}`));
      })
      .finally(() => this.live.delete(local));
    return run;
  }

  /** Cancel every run and wait (bounded) until each command's whole process tree is gone. */
  async dispose(): Promise<void> {
    const runs = [...this.live];
    for (const [controller] of runs) controller.abort();
    const deadline = this.options.stopWaitMs ?? 5_000;
    await Promise.all(
      runs.map(async ([, run]) => {
        await run.over;
        if (run.pid !== null) await waitForProcessGroup(run.pid, deadline, this.clock);
      }),
    );
  }

  private async runCommand(
    request: DelegateRequest,
    run: DelegateRunHandle,
    disposed: AbortSignal,
    started: (pid: number | null) => void,
  ): Promise<void> {
    if (!isDirectory(request.workspace)) {
      run.settle(failedOutcome(`The workspace folder does not exist: ${request.workspace}`));
      return;
    }
    if (request.signal.aborted) {
      run.settle({ status: 'cancelled', result: null, error: 'Cancelled.', usage: null });
      return;
    }
    const { options, clock } = this;
    const output = new CommandOutput(
      {
        resultChars: options.maxResultChars ?? 1_000_000,
        stderrChars: options.stderrTailChars ?? 2_048,
      },
      (item) => run.progress(item),
    );
    const env = { ...(options.env ?? process.env), PARLEY_TASK_ID: request.taskId };
    const child = spawnShell(options.command, request.workspace, env);
    started(child.pid ?? null);
    this.log('info', 'delegate.command.started', { taskId: request.taskId, pid: child.pid });
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const stopper = this.armStop(child, [request.signal, disposed], timeoutMs);
    output.attach(child);
    // A command that never reads stdin closes it early: EPIPE is not a failure.
    child.stdin?.on('error', () => {});
    child.stdin?.end(request.text);
    const exit = await waitForExit(child, options.drainMs ?? 500, clock);
    const stopReason = stopper.disarm();
    const printed = output.finish();
    const command = options.command;
    const outcome = describeCommandExit({ exit, stopReason, command, timeoutMs, ...printed });
    this.log('info', 'delegate.command.ended', { taskId: request.taskId, status: outcome.status });
    run.settle(outcome);
  }

  /** Cancel (either signal) or the timeout kills the process tree; `disarm` says which, if any. */
  private armStop(
    child: ChildProcess,
    signals: AbortSignal[],
    timeoutMs: number,
  ): { disarm(): StopReason } {
    let reason: StopReason = null;
    const stop = (why: 'cancelled' | 'timeout'): void => {
      if (reason) return;
      reason = why;
      killProcessTree(child, this.options.killGraceMs ?? 3_000, this.clock);
    };
    const onAbort = (): void => stop('cancelled');
    for (const signal of signals) signal.addEventListener('abort', onAbort);
    const timeout = this.clock.setTimeout(() => stop('timeout'), timeoutMs);
    return {
      disarm: () => {
        this.clock.clearTimeout(timeout);
        for (const signal of signals) signal.removeEventListener('abort', onAbort);
        return reason;
      },
    };
  }
}
