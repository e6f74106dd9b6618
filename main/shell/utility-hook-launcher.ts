/**
 * Starts the hook process (`out/main/hook.js`) as an Electron utility process: a child the
 * app owns, outside the window's process, so uiohook keeps seeing keys while the app's own
 * window has focus and the microphone is open, and so its abort on a bad display cannot take
 * the app down.
 */
import { createInterface } from 'node:readline';
import type { UtilityProcess } from 'electron';
import type { HookLauncher } from '../hotkey/hook-backend';

/** Electron's `utilityProcess.fork`, as far as the launcher uses it. */
export type UtilityFork = (
  modulePath: string,
  args: string[],
  options: { serviceName: string; stdio: ['ignore', 'ignore', 'pipe'] },
) => Pick<UtilityProcess, 'pid' | 'stderr' | 'postMessage' | 'on' | 'off' | 'kill'>;

/** A launcher forking `entry` with `utilityProcess.fork`; stderr lines go to `onStderr`. */
export function utilityHookLauncher(
  fork: UtilityFork,
  entry: string,
  onStderr: (line: string) => void = () => {},
): HookLauncher {
  return () => {
    const child = fork(entry, [], {
      serviceName: 'Parley hotkey',
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    if (child.stderr) createInterface({ input: child.stderr }).on('line', onStderr);
    let exited = false;
    child.on('exit', () => (exited = true));
    return {
      pid: child.pid,
      send: (command) => {
        if (!exited) child.postMessage(command);
      },
      onMessage: (listener) => {
        child.on('message', listener);
        return () => void child.off('message', listener);
      },
      onExit: (listener) => {
        const onExit = (code: number): void => listener(code);
        child.on('exit', onExit);
        return () => void child.off('exit', onExit);
      },
      kill: () => void child.kill(),
    };
  };
}
