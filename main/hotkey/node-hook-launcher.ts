/**
 * Starts the hook process as a Node child process with an IPC channel: for hosts without
 * Electron's utility processes, and for tests. (The app uses the Electron launcher in
 * `main/shell/`.)
 */
import { fork } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { HookLauncher } from './hook-backend';
import type { HookCommand } from './hook-protocol';

/** Options of {@link nodeHookLauncher}. */
export interface NodeHookLauncherOptions {
  /** The hook entry: `out/main/hook.js`, or `main/hotkey/hook-process.ts` with a TS loader. */
  entry: string;
  /** Node flags for the child (a TypeScript loader when running the sources). */
  execArgv?: string[];
  /** The child's environment [this process's]; `DISPLAY` decides which X server it watches. */
  env?: NodeJS.ProcessEnv;
  /** Each line the child writes to stderr. */
  onStderr?: (line: string) => void;
}

/** A launcher forking `entry` with Node. */
export function nodeHookLauncher(options: NodeHookLauncherOptions): HookLauncher {
  return () => {
    const child = fork(options.entry, [], {
      execArgv: options.execArgv ?? [],
      env: options.env ?? process.env,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    if (child.stderr) {
      createInterface({ input: child.stderr }).on('line', (line) => options.onStderr?.(line));
    }
    // A write to a child that just died fails asynchronously; its exit is reported instead.
    child.on('error', () => {});
    return {
      pid: child.pid,
      send: (command: HookCommand) => {
        if (child.connected) child.send(command);
      },
      onMessage: (listener) => {
        child.on('message', listener);
        return () => child.off('message', listener);
      },
      onExit: (listener) => {
        const onExit = (code: number | null): void => listener(code);
        if (child.exitCode !== null || child.signalCode !== null) {
          queueMicrotask(() => listener(child.exitCode));
          return () => {};
        }
        child.once('exit', onExit);
        return () => child.off('exit', onExit);
      },
      kill: () => void child.kill('SIGKILL'),
    };
  };
}
