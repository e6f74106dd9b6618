/**
 * `parley --toggle | --start | --stop | --mute` as the hosts see them: which command a launch
 * carries, carrying it out on the app's talk input, and where the data dir (with the browser
 * host's control file) is.
 */
import type { TalkView } from '../../preload/schemas/talk';
import type { Result, TaggedError } from '../base/result';
import {
  applyRemoteCommand,
  parseRemoteCommand,
  REMOTE_FLAGS,
  type RemoteCommand,
} from '../hotkey/remote-command';
import { defaultDataDir } from '../store/data-dir';
import type { HostTalk } from './parley-app';

export type { RemoteCommand };

/** The command-line flags of the remote commands, with what each does. */
export const REMOTE_COMMAND_FLAGS = REMOTE_FLAGS;

/** The remote command in `argv`, null when none; two different ones are refused. */
export function remoteCommandIn(
  argv: readonly string[],
): Result<RemoteCommand | null, TaggedError<'conflicting-commands'>> {
  return parseRemoteCommand(argv);
}

/** Carries out `command` on the talk input and returns the talk input after it. */
export function runRemoteCommand(
  talk: Pick<HostTalk, 'muted' | 'command' | 'setMuted' | 'view'>,
  command: RemoteCommand,
): TalkView {
  applyRemoteCommand(talk, command);
  return talk.view;
}

/** The data dir a host started with `environment` uses (`PARLEY_DATA_DIR` or the OS folder). */
export function dataDirFor(environment: Record<string, string | undefined>): string {
  return environment.PARLEY_DATA_DIR?.trim() || defaultDataDir(process.platform, environment);
}
