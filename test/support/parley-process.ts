import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export const repoRoot = resolve(import.meta.dirname, '..', '..');

export interface ParleyProcess {
  child: ChildProcess;
  /** Every JSON line printed on stdout so far. */
  records: Record<string, unknown>[];
  stderr: string[];
  dataDir: string;
  /** Resolves with the first record matching, or rejects after `timeoutMs`. */
  waitFor(
    predicate: (record: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs the built `parley serve --log-json` as a real child process. */
export function startParley(args: string[], env: Record<string, string> = {}): ParleyProcess {
  if (!existsSync(join(repoRoot, 'out', 'main', 'host.js'))) {
    throw new Error(
      'out/main/host.js is missing: run `npm run build` (or `npm test`, which builds) first.',
    );
  }
  const dataDir = env.PARLEY_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'parley-data-'));
  const child = spawn(
    process.execPath,
    [join(repoRoot, 'bin', 'parley'), 'serve', '--log-json', ...args],
    {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? tmpdir(),
        PARLEY_PORT: '0',
        PARLEY_DATA_DIR: dataDir,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const records: Record<string, unknown>[] = [];
  const stderr: string[] = [];
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      records.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      stderr.push(`(stdout, not JSON) ${line}`);
    }
    for (const wake of [...waiters]) wake();
  });
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  const exited = new Promise<number | null>((resolveExit) =>
    child.once('exit', (code) => resolveExit(code)),
  );

  const waitFor: ParleyProcess['waitFor'] = (predicate, timeoutMs = 15_000) =>
    new Promise((resolveWait, reject) => {
      const check = (): boolean => {
        const found = records.find(predicate);
        if (!found) return false;
        cleanup();
        resolveWait(found);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `Timed out waiting for a log record. stderr:\n${stderr.join('\n')}\nrecords:\n${records.map((r) => JSON.stringify(r)).join('\n')}`,
          ),
        );
      }, timeoutMs);
      const wake = (): void => void check();
      const cleanup = (): void => {
        clearTimeout(timer);
        waiters.delete(wake);
      };
      if (!check()) waiters.add(wake);
      void exited.then(() => {
        if (waiters.has(wake) && !check()) {
          cleanup();
          reject(
            new Error(`parley exited before the record appeared. stderr:\n${stderr.join('\n')}`),
          );
        }
      });
    });

  return {
    child,
    records,
    stderr,
    dataDir,
    waitFor,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
