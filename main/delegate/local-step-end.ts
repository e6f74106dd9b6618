import type { LocalStep } from '../../preload/schemas/offline';
import type { ShellEnd } from './shell-processes';
import { formatDuration } from './task-summary';

/** Characters of stdout a failure quotes when the command wrote nothing to stderr. */
const STDOUT_TAIL_CHARS = 800;

/** How one local step ended: its answer text, or why it did not give one. */
export type StepEnd =
  | { kind: 'done'; text: string; exitCode: number }
  | { kind: 'cancelled'; text: string }
  | { kind: 'failed'; error: string; text: string; exitCode: number | null };

/** The last `max` characters of `text`, cut at a line start when one is near. */
function tail(text: string, max: number): string {
  const trimmed = text.trim();
  if (trimmed.length <= max) return trimmed;
  const cut = trimmed.slice(-max);
  const line = cut.indexOf('\n');
  return `…${line >= 0 && line < max / 2 ? cut.slice(line + 1) : cut}`;
}

/** What a step printed, as its part of the answer: titled, or its `whenEmpty` words. */
export function stepText(step: LocalStep, stdout: string): string {
  const printed = stdout.replace(/\s+$/, '').replace(/^\s*\n/, '');
  if (printed === '') return step.whenEmpty ?? `\`${step.command}\` finished and printed nothing.`;
  return step.title ? `${step.title}\n${printed}` : printed;
}

/**
 * A finished local step in words a person can act on: the answer when it exited 0; otherwise
 * the command, how it ended and the tail of what it said (stderr, else stdout).
 */
export function describeStepEnd(step: LocalStep, ended: ShellEnd, timeoutMs: number): StepEnd {
  const { exit, stopReason, stdout, stderrTail } = ended;
  const name = `\`${step.command}\``;
  const text = stdout.trim() === '' ? '' : stepText(step, stdout);
  if (stopReason === 'cancelled') return { kind: 'cancelled', text };
  const said = stderrTail || tail(stdout, STDOUT_TAIL_CHARS);
  const detail = said ? `\n${said}` : '';
  const failed = (error: string, exitCode: number | null = null): StepEnd => ({
    kind: 'failed',
    error,
    text,
    exitCode,
  });
  if (stopReason === 'timeout') {
    const after = formatDuration(timeoutMs);
    return failed(`${name} took longer than ${after} and was stopped.${detail}`);
  }
  if (exit instanceof Error) return failed(`${name} could not start: ${exit.message}`);
  if (exit.code === 0) return { kind: 'done', text: stepText(step, stdout), exitCode: 0 };
  if (exit.code === 127) {
    return failed(
      `${name} could not run: its program is not installed or not on the PATH.${detail}`,
      127,
    );
  }
  if (exit.code === null) {
    return failed(`${name} was killed by ${exit.signal ?? 'a signal'}.${detail}`);
  }
  return failed(`${name} failed with exit code ${exit.code}.${detail}`, exit.code);
}
