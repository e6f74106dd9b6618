import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ProbeReport } from './process-probe';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
/** The flags that let Node run the benchmarks' TypeScript (as `npm run bench` does). */
export const TS_FLAGS = [
  '--experimental-transform-types',
  '--disable-warning=ExperimentalWarning',
  '--import',
  here('../resolve-ts.ts'),
];
const PROBE = ['--import', here('./process-probe.ts')];

/** A child process of a benchmark, with an IPC channel. */
export interface BenchChild {
  child: ChildProcess;
  pid: number;
  /** Every line it wrote on stderr (and stdout), for the failure message. */
  output: string[];
  /** The next IPC message matching `match` (past ones not included). */
  next<T>(match: (message: unknown) => message is T, timeoutMs?: number, what?: string): Promise<T>;
  /** The first IPC message matching `match`, past ones included. */
  seen<T>(match: (message: unknown) => message is T, timeoutMs?: number, what?: string): Promise<T>;
  /** The first output line (stdout or stderr) matching `pattern`, past ones included. */
  line(pattern: RegExp, timeoutMs?: number): Promise<string>;
  send(message: object): void;
  /** The probe's figures (children started with `probe: true`). */
  probe(): Promise<ProbeReport>;
  stop(): Promise<void>;
}

/** Options of {@link spawnBenchChild}. */
export interface BenchChildOptions {
  /** Load the event-loop and heap probe (every measured client does). */
  probe?: boolean;
  env?: Record<string, string>;
  cwd?: string;
  /** More Node flags (e.g. `--cpu-prof`). */
  flags?: string[];
  /** A plain-JavaScript script without the probe: no TypeScript loader either. */
  plain?: boolean;
}

/** Starts `script` under this Node with an IPC channel. */
export function spawnBenchChild(
  script: string,
  args: string[] = [],
  options: BenchChildOptions = {},
): BenchChild {
  // The flags also let the probe (TypeScript) load into a built, plain-JavaScript host.
  const flags = [
    ...(options.plain ? [] : TS_FLAGS),
    ...(options.probe ? PROBE : []),
    ...(options.flags ?? []),
  ];
  const child = spawn(process.execPath, [...flags, script, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const output: string[] = [];
  const lineWaiters = new Set<() => void>();
  const keep = (chunk: Buffer): void => {
    output.push(...chunk.toString().split('\n').filter(Boolean));
    if (output.length > 200) output.splice(0, output.length - 200);
    for (const wake of [...lineWaiters]) wake();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const listeners = new Set<(message: unknown) => void>();
  const history: unknown[] = [];
  child.on('message', (message) => {
    history.push(message);
    if (history.length > 10_000) history.splice(0, 5_000);
    for (const listener of [...listeners]) listener(message);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const next: BenchChild['next'] = (match, timeoutMs = 20_000, what = 'a message') =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        listeners.delete(listener);
        reject(new Error(`${script}: no ${what} in ${timeoutMs} ms\n${output.join('\n')}`));
      }, timeoutMs);
      const listener = (message: unknown): void => {
        if (!match(message)) return;
        clearTimeout(timer);
        listeners.delete(listener);
        resolve(message);
      };
      listeners.add(listener);
      void exited.then(() => {
        if (!listeners.has(listener)) return;
        clearTimeout(timer);
        listeners.delete(listener);
        reject(new Error(`${script} exited before ${what}\n${output.join('\n')}`));
      });
    });
  return {
    child,
    pid: child.pid ?? -1,
    output,
    next,
    seen: (match, timeoutMs, what) => {
      const found = history.find(match);
      return found === undefined ? next(match, timeoutMs, what) : Promise.resolve(found);
    },
    line: (pattern, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const found = output.find((l) => pattern.test(l));
          if (found === undefined) return;
          lineWaiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          lineWaiters.delete(check);
          reject(
            new Error(`${script}: no line ${pattern} in ${timeoutMs} ms\n${output.join('\n')}`),
          );
        }, timeoutMs);
        lineWaiters.add(check);
        check();
      }),
    send: (message) => void child.send(message),
    probe: () => {
      const report = next(isProbeReport, 5_000, 'probe report');
      child.send({ probe: 'report' });
      return report;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

function isProbeReport(message: unknown): message is ProbeReport {
  return (message as { probe?: string } | null)?.probe === 'report';
}

/** A type guard for IPC messages with `kind` (or `ready`) equal to `value`. */
export function kindIs<T>(value: string, role?: string) {
  return (message: unknown): message is T => {
    const m = message as { kind?: string; ready?: boolean; role?: string } | null;
    if (!m) return false;
    if (value === 'ready') return m.ready === true;
    return m.kind === value && (role === undefined || m.role === role);
  };
}
