import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from '../../support/parley-process';

const register = join(import.meta.dirname, 'electron-stand-in-register.mjs');

/** A tray menu item as the stand-in saw it in `Menu.buildFromTemplate`. */
export interface StandInMenuItem {
  type: string;
  label: string | null;
  enabled: boolean;
  checked: boolean;
  submenu: StandInMenuItem[] | null;
}

/** What main asked the stand-in Electron to do, so far. */
export interface StandInSnapshot {
  records: { api: string; [detail: string]: unknown }[];
  handlers: string[];
  windows: {
    options: { show?: boolean; webPreferences: Record<string, unknown> };
    url: string;
    visible: boolean;
    destroyed: boolean;
    sent: number;
  }[];
  tray?: {
    representations: { scaleFactor: number; bytes: number }[];
    tooltip: string;
    menu: StandInMenuItem[] | null;
    destroyed: boolean;
  };
  notifications: { title: string; body: string }[];
}

/** The built Electron main running under Node with the recording stand-in for Electron. */
export interface StandInMain {
  child: ChildProcess;
  dataDir: string;
  /** Every JSON log line main printed. */
  logs: Record<string, unknown>[];
  stderr: string[];
  call<T = unknown>(op: string, args?: Record<string, unknown>): Promise<T>;
  snapshot(): Promise<StandInSnapshot>;
  /** Calls a registered IPC handler as Parley's window (`own`) or as someone else. */
  invoke(
    channel: string,
    payload?: unknown,
    as?: 'own' | 'foreign' | 'other-window' | 'subframe',
  ): Promise<{ ok: boolean; value?: unknown; error?: { kind: string; message: string } }>;
  /** Resolves once `done` holds for a snapshot, or rejects after `timeoutMs`. */
  until(
    done: (s: StandInSnapshot) => boolean,
    what: string,
    timeoutMs?: number,
  ): Promise<StandInSnapshot>;
  exited: Promise<number | null>;
  /** Kills main if it is still running. */
  kill(): Promise<number | null>;
}

/** Boots `out/main/index.js` with `electron` mapped to the stand-in. */
export function bootStandInMain(
  env: Record<string, string> = {},
  argv: string[] = [],
): StandInMain {
  const entry = join(repoRoot, 'out', 'main', 'index.js');
  if (!existsSync(entry)) {
    throw new Error('out/main/index.js is missing: run `npm run build` (or `npm test`) first.');
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-stand-in-'));
  const child = fork(entry, argv, {
    cwd: repoRoot,
    execArgv: ['--import', register],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dataDir,
      XDG_CONFIG_HOME: join(dataDir, 'config'),
      PARLEY_DATA_DIR: dataDir,
      STAND_IN_USER_DATA: dataDir,
      ...env,
    },
  });
  const logs: Record<string, unknown>[] = [];
  const stderr: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      logs.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      stderr.push(`(stdout) ${line}`);
    }
  });
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let nextId = 0;
  const pending = new Map<number, (m: { ok: boolean; value?: unknown; error?: string }) => void>();
  child.on('message', (m: { id: number; ok: boolean }) => pending.get(m.id)?.(m));
  const call = <T>(op: string, args: Record<string, unknown> = {}): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      const timer = setTimeout(
        () => reject(new Error(`stand-in ${op} timed out; stderr:\n${stderr.join('\n')}`)),
        10_000,
      );
      pending.set(id, (m) => {
        clearTimeout(timer);
        pending.delete(id);
        if (m.ok) resolve(m.value as T);
        else reject(new Error(`stand-in ${op}: ${m.error}`));
      });
      child.send({ id, op, ...args });
    });
  const snapshot = (): Promise<StandInSnapshot> => call<StandInSnapshot>('snapshot');
  return {
    child,
    dataDir,
    logs,
    stderr,
    call,
    snapshot,
    invoke: (channel, payload, as = 'own') =>
      call('invoke', { channel: `parley:${channel}`, payload, as }),
    until: async (done, what, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const shot = await snapshot();
        if (done(shot)) return shot;
        if (Date.now() > deadline) {
          throw new Error(`timed out waiting for ${what}; stderr:\n${stderr.join('\n')}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    exited,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return exited;
    },
  };
}

/** Every label of a menu, submenus included, depth first. */
export function menuLabels(items: readonly StandInMenuItem[] | null | undefined): string[] {
  return (items ?? []).flatMap((item) => [
    ...(item.label ? [item.label] : []),
    ...menuLabels(item.submenu),
  ]);
}

/** The menu item with `label`, searched depth first. */
export function menuItem(
  items: readonly StandInMenuItem[] | null | undefined,
  label: string,
): StandInMenuItem | undefined {
  for (const item of items ?? []) {
    if (item.label === label) return item;
    const inner = menuItem(item.submenu, label);
    if (inner) return inner;
  }
  return undefined;
}
