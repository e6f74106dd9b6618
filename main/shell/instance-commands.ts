/**
 * What a launch asks of the running Parley: `parley --toggle|--start|--stop|--mute` reach the
 * first instance as a second instance's argv (the single-instance lock), and a plain second
 * launch brings the window forward. The first instance reads its own argv the same way.
 */
import type { Logger } from '../base/logger';
import type { HostTalk } from '../app/parley-app';
import { applyRemoteCommand, parseRemoteCommand } from '../hotkey/remote-command';
import { HIDDEN_FLAG } from './login-item';

/** What a launch's argv drives. */
export interface InstanceTarget {
  talk: Pick<HostTalk, 'muted' | 'command' | 'setMuted'>;
  showWindow(): void;
  log: Logger;
}

/** Whether `argv` asks to start in the tray (a login start) or carries a remote command. */
export function startsHidden(argv: readonly string[]): boolean {
  const command = parseRemoteCommand(argv);
  return argv.includes(HIDDEN_FLAG) || (command.ok && command.value !== null);
}

/**
 * Carries out a launch's argv: its remote command, or (with none) showing the window. A
 * launch with `--hidden` and no command changes nothing. Conflicting commands are refused.
 */
export function handleLaunch(argv: readonly string[], target: InstanceTarget): void {
  const parsed = parseRemoteCommand(argv);
  if (!parsed.ok) {
    target.log('warn', 'shell.remote_command_refused', { message: parsed.error.message });
    return;
  }
  const command = parsed.value;
  if (command === null) {
    if (!argv.includes(HIDDEN_FLAG)) target.showWindow();
    return;
  }
  target.log('info', 'shell.remote_command', { command });
  applyRemoteCommand(target.talk, command);
}
