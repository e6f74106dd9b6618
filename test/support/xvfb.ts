import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { requireBinary } from './system-binary';

const run = promisify(execFile);

/** A private X server for one test file. */
export interface XServer {
  /** The `DISPLAY` value, e.g. `:93`. */
  readonly display: string;
  /** Runs `xdotool` against this display. */
  xdotool(...args: string[]): Promise<void>;
  stop(): Promise<void>;
}

/** Options of {@link startXvfb}. */
export interface XvfbOptions {
  /** An Xauthority file the server checks clients against (access control on). */
  authFile?: string;
  /** Auto-repeat delay and interval, so a held key repeats within a test's time [200, 25]. */
  autoRepeat?: { delayMs: number; intervalMs: number };
}

/** Starts `Xvfb` on a free display (it picks one and tells us through `-displayfd`). */
export async function startXvfb(options: XvfbOptions = {}): Promise<XServer> {
  const xvfb = requireBinary('Xvfb', 'xvfb');
  const repeat = options.autoRepeat ?? { delayMs: 200, intervalMs: 25 };
  const args = ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '640x480x24'];
  args.push('-ardelay', String(repeat.delayMs), '-arinterval', String(repeat.intervalMs));
  if (options.authFile) args.push('-auth', options.authFile);
  const child = spawn(xvfb, args, { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  const display = await readDisplay(child);
  return {
    display,
    xdotool: async (...xargs) => {
      const xdotool = requireBinary('xdotool', 'xdotool');
      await run(xdotool, xargs, { env: { ...process.env, DISPLAY: display } });
    },
    stop: () => stopProcess(child),
  };
}

function readDisplay(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let stderr = '';
    const timer = setTimeout(
      () => fail(new Error('Xvfb did not report a display within 10 s')),
      10_000,
    );
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n${stderr}`));
    };
    const early = (code: number | null): void =>
      fail(new Error(`Xvfb exited with ${code} before it was ready`));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdio[3]?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^(\d+)\n/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      child.off('exit', early);
      resolve(`:${match[1]}`);
    });
    child.once('exit', early);
  });
}

/** Ends a child and waits for its exit. */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
