import type { ChildProcess } from 'node:child_process';
import type { Clock, TimerHandle } from '../base/clock';
import { errorMessage } from '../base/result';
import { failedOutcome } from './delegate-run';
import { formatDuration } from './task-summary';
import type { DelegateOutcome } from './types';

/** How the shell process ended. */
export interface CommandExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Why Parley stopped the command itself, if it did. */
export type StopReason = 'cancelled' | 'timeout' | null;

const NOT_FOUND_WINDOWS = /is not recognized as an internal or external command/i;

/** The task outcome of a finished command, in words a person can act on. */
export function describeCommandExit(input: {
  exit: CommandExit | Error;
  stopReason: StopReason;
  command: string;
  timeoutMs: number;
  stdout: string;
  stderrTail: string;
  platform?: NodeJS.Platform;
}): DelegateOutcome {
  const { exit, stopReason, command, stdout, stderrTail } = input;
  const result = stdout.trim() ? stdout.replace(/\s+$/, '') : null;
  const tail = stderrTail ? `\n${stderrTail}` : '';
  if (stopReason === 'cancelled') {
    return { status: 'cancelled', result, error: 'Cancelled.', usage: null };
  }
  if (stopReason === 'timeout') {
    const after = formatDuration(input.timeoutMs);
    return failedOutcome(
      `Delegate command timed out after ${after}; its processes were stopped.${tail}`,
    );
  }
  if (exit instanceof Error) {
    return failedOutcome(`Could not start the delegate command "${command}": ${exit.message}`);
  }
  const { code, signal } = exit;
  if (code === 0) return { status: 'done', result, error: null, usage: null, exitCode: 0 };
  const windows = (input.platform ?? process.platform) === 'win32';
  if (code === 127 || (windows && NOT_FOUND_WINDOWS.test(stderrTail))) {
    return failedOutcome(
      `Delegate command not found: "${command}" (exit ${code}). Check PARLEY_DELEGATE_COMMAND.${tail}`,
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

/**
 * Resolves when the child is over: at `close`, or `drainMs` after `exit` when a stray background
 * process still holds its pipes (those are then released). A spawn failure resolves to the error.
 */
export function waitForExit(
  child: ChildProcess,
  drainMs: number,
  clock: Clock,
): Promise<CommandExit | Error> {
  return new Promise((resolve) => {
    let exit: CommandExit | null = null;
    let drain: TimerHandle | null = null;
    let done = false;
    const finish = (value: CommandExit | Error): void => {
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
