import { spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { systemClock, type Clock, type TimerHandle } from '../base/clock';
import { silentLogger, type Logger } from '../base/logger';
import { LineSplitter, TailText } from './bounded-text';
import { errorMessage } from '../base/result';
import { DelegateRunHandle, failedOutcome } from './delegate-run';
import { killProcessTree } from './process-tree';
import { formatDuration } from './task-summary';
import type { Delegate, DelegateOutcome, DelegateRequest, DelegateRun } from './types';

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
  /** Extra environment for the command (added to the host's). */
  env?: Record<string, string>;
  clock?: Clock;
  logger?: Logger;
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
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

const NOT_FOUND_WINDOWS = /is not recognized as an internal or external command/i;

/**
 * Runs `PARLEY_DELEGATE_COMMAND` for each task: the delegation text on stdin, each output line as
 * progress, the whole stdout as the result; cancel and timeout kill the whole process tree.
 */
export function createCommandDelegate(options: CommandDelegateOptions): Delegate {
  const clock = options.clock ?? systemClock;
  const log = options.logger ?? silentLogger;
  const live = new Set<AbortController>();

  function start(request: DelegateRequest): DelegateRun {
    const run = new DelegateRunHandle();
    const local = new AbortController();
    live.add(local);
    runCommand(request, run, local.signal)
      .catch((error: unknown) => {
        // spawn can throw synchronously (e.g. a NUL in the command): fail the task, never the host.
        log('error', 'delegate.command.crashed', {
          taskId: request.taskId,
          error: errorMessage(error),
        });
        run.settle(failedOutcome(`The delegate command could not run: ${errorMessage(error)}`));
      })
      .finally(() => live.delete(local));
    return run;
  }

  async function runCommand(
    request: DelegateRequest,
    run: DelegateRunHandle,
    disposed: AbortSignal,
  ): Promise<void> {
    const { command } = options;
    if (!isDirectory(request.workspace)) {
      run.settle(failedOutcome(`The workspace folder does not exist: ${request.workspace}`));
      return;
    }
    if (request.signal.aborted) {
      run.settle({ status: 'cancelled', result: null, error: 'Cancelled.', usage: null });
      return;
    }
    const env = { ...process.env, ...options.env, PARLEY_TASK_ID: request.taskId };
    const stdout = new TailText(options.maxResultChars ?? 1_000_000);
    const stderr = new TailText(options.stderrTailChars ?? 2_048);
    const outLines = new LineSplitter((line) =>
      run.progress({ kind: 'log', line, stream: 'stdout' }),
    );
    const errLines = new LineSplitter((line) =>
      run.progress({ kind: 'log', line, stream: 'stderr' }),
    );
    const outDecoder = new StringDecoder('utf8');
    const errDecoder = new StringDecoder('utf8');

    const child = spawnShell(command, request.workspace, env);
    log('info', 'delegate.command.started', { taskId: request.taskId, pid: child.pid });
    let stopReason: 'cancelled' | 'timeout' | null = null;
    const stop = (reason: 'cancelled' | 'timeout'): void => {
      if (stopReason) return;
      stopReason = reason;
      killProcessTree(child, options.killGraceMs ?? 3_000, clock);
    };
    const onAbort = (): void => stop('cancelled');
    request.signal.addEventListener('abort', onAbort);
    disposed.addEventListener('abort', onAbort);
    const timeoutMs = options.timeoutMs ?? 30 * 60_000;
    const timeout = clock.setTimeout(() => stop('timeout'), timeoutMs);

    child.stdout?.on('data', (chunk: Buffer) => {
      const text = outDecoder.write(chunk);
      stdout.push(text);
      outLines.push(text);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      const text = errDecoder.write(chunk);
      stderr.push(text);
      errLines.push(text);
    });
    // A command that never reads stdin closes it early: EPIPE is not a failure.
    child.stdin?.on('error', () => {});
    child.stdin?.end(request.text);

    const exit = await waitForExit(child, options.drainMs ?? 500, clock);
    clock.clearTimeout(timeout);
    request.signal.removeEventListener('abort', onAbort);
    disposed.removeEventListener('abort', onAbort);
    for (const [decoder, tail, lines] of [
      [outDecoder, stdout, outLines],
      [errDecoder, stderr, errLines],
    ] as const) {
      const rest = decoder.end();
      tail.push(rest);
      lines.push(rest);
      lines.end();
    }
    const outcome = describeExit(exit, stopReason, stdout.toString(), stderr.toString().trim());
    log('info', 'delegate.command.ended', { taskId: request.taskId, status: outcome.status });
    run.settle(outcome);
  }

  function describeExit(
    exit: Exit | Error,
    stopReason: 'cancelled' | 'timeout' | null,
    out: string,
    errTail: string,
  ): DelegateOutcome {
    const result = out.trim() ? out.replace(/\s+$/, '') : null;
    const tail = errTail ? `\n${errTail}` : '';
    if (stopReason === 'cancelled') {
      return { status: 'cancelled', result, error: 'Cancelled.', usage: null };
    }
    if (stopReason === 'timeout') {
      const after = formatDuration(options.timeoutMs ?? 30 * 60_000);
      return failedOutcome(
        `Delegate command timed out after ${after}; its processes were stopped.${tail}`,
      );
    }
    if (exit instanceof Error) {
      return failedOutcome(
        `Could not start the delegate command "${options.command}": ${exit.message}`,
      );
    }
    const { code, signal } = exit;
    if (code === 0) return { status: 'done', result, error: null, usage: null, exitCode: 0 };
    if (code === 127 || (process.platform === 'win32' && NOT_FOUND_WINDOWS.test(errTail))) {
      return failedOutcome(
        `Delegate command not found: "${options.command}" (exit ${code}). Check PARLEY_DELEGATE_COMMAND.${tail}`,
        { exitCode: code, result },
      );
    }
    if (code === null) {
      return failedOutcome(`Delegate command was killed by ${signal ?? 'a signal'}.${tail}`, {
        exitCode: null,
        result,
      });
    }
    return failedOutcome(`Delegate command failed with exit code ${code}.${tail}`, {
      exitCode: code,
      result,
    });
  }

  return {
    kind: 'command',
    start,
    dispose() {
      for (const controller of live) controller.abort();
    },
  };
}

/**
 * Resolves when the child is over: at `close`, or `drainMs` after `exit` when a stray background
 * process still holds its pipes (those are then released). A spawn failure resolves to the error.
 */
function waitForExit(child: ChildProcess, drainMs: number, clock: Clock): Promise<Exit | Error> {
  return new Promise((resolve) => {
    let exit: Exit | null = null;
    let drain: TimerHandle | null = null;
    let done = false;
    const finish = (value: Exit | Error): void => {
      if (done) return;
      done = true;
      if (drain !== null) clock.clearTimeout(drain);
      resolve(value);
    };
    child.on('error', (error) => finish(exit ?? new Error(errorMessage(error))));
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      drain = clock.setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish(exit ?? { code, signal });
      }, drainMs);
    });
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) =>
      finish(exit ?? { code, signal }),
    );
  });
}
