/**
 * `parley --toggle | --start | --stop | --mute`: commands for the running instance, so any
 * desktop can bind them to a key. In the app they arrive as the argv of a second instance
 * (Electron's single-instance lock); the first instance reads its own argv the same way.
 */
import { err, ok, type Result, type TaggedError } from '../base/result';

/** What a remote command asks of the talk input. */
export type RemoteCommand = 'toggle' | 'start' | 'stop' | 'mute';

/** The command-line flags, with what each does (for `--help`). */
export const REMOTE_FLAGS: Readonly<Record<`--${RemoteCommand}`, string>> = {
  '--toggle': 'start talking (or listening, hands-free) if stopped, else stop',
  '--start': 'start talking (or listening, hands-free)',
  '--stop': 'stop talking or listening',
  '--mute': 'turn the microphone kill switch on, or off when it is on',
};

/**
 * The command in `argv`, null when there is none. Anything else (the executable, the app
 * path, Chromium's own switches) is ignored; two different commands are refused.
 */
export function parseRemoteCommand(
  argv: readonly string[],
): Result<RemoteCommand | null, TaggedError<'conflicting-commands'>> {
  const found = new Set<RemoteCommand>();
  for (const arg of argv) {
    if (arg === '--') break;
    if (arg in REMOTE_FLAGS) found.add(arg.slice(2) as RemoteCommand);
  }
  if (found.size > 1) {
    const flags = [...found].map((c) => `--${c}`).join(' and ');
    return err('conflicting-commands', `parley was given ${flags}: pass one of them.`);
  }
  return ok(found.values().next().value ?? null);
}

/** What a remote command drives: {@link TalkInput} fits. */
export interface RemoteCommandTarget {
  readonly muted: boolean;
  command(command: 'start' | 'stop' | 'toggle', source: 'cli'): void;
  setMuted(muted: boolean): void;
}

/** Carries out a remote command. */
export function applyRemoteCommand(target: RemoteCommandTarget, command: RemoteCommand): void {
  if (command === 'mute') target.setMuted(!target.muted);
  else target.command(command, 'cli');
}
