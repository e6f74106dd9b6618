/**
 * The hook process's line to Parley, whichever way it was started: an Electron utility
 * process talks through `process.parentPort`, a Node child started with an IPC channel
 * through `process.send`, and one started by hand through JSON lines on stdin and stdout.
 */
import { createInterface } from 'node:readline';
import type { HookReport } from './hook-protocol';

/** Both directions of the line. */
export interface HookChannel {
  send(report: HookReport): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Resolves once queued reports are written (before the process exits). */
  flush(): Promise<void>;
}

/** Electron's `process.parentPort`, as far as the hook uses it. */
interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

/** Opens the line for `proc` (the current process by default). */
export function openHookChannel(proc: NodeJS.Process = process): HookChannel {
  const port = (proc as NodeJS.Process & { parentPort?: ParentPort }).parentPort;
  if (port) {
    return {
      send: (report) => port.postMessage(report),
      onMessage: (listener) => port.on('message', (event) => listener(event.data)),
      flush: () => Promise.resolve(),
    };
  }
  const send = proc.send?.bind(proc);
  if (send) {
    let lastSent = Promise.resolve();
    return {
      send: (report) => {
        lastSent = new Promise((resolve) => void send(report, () => resolve()));
      },
      onMessage: (listener) => proc.on('message', listener),
      flush: () => lastSent,
    };
  }
  return lineChannel(proc);
}

function lineChannel(proc: NodeJS.Process): HookChannel {
  return {
    send: (report) => void proc.stdout.write(`${JSON.stringify(report)}\n`),
    onMessage: (listener) =>
      createInterface({ input: proc.stdin }).on('line', (line) => {
        try {
          listener(JSON.parse(line));
        } catch {
          listener(line);
        }
      }),
    flush: () => new Promise((resolve) => proc.stdout.write('', () => resolve())),
  };
}
