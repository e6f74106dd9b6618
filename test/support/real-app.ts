import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConversationState } from '../../preload/schemas/conversation';
import type { TaskSnapshot } from '../../preload/schemas/tasks';
import { systemClock } from '../../main/base/clock';
import type { LogRecord } from '../../main/base/logger';
import { createProductionDeps } from '../../main/app/boot';
import { createParleyApp } from '../../main/app/create-parley-app';
import type { ParleyApp } from '../../main/app/parley-app';
import { parseEnvConfig } from '../../main/config/env-config';
import type { KeepaliveOptions } from '../../main/realtime/keepalive';
import { WsTransport } from '../../main/realtime/ws-transport';
import { FileSecretStore } from '../../main/store/file-secret-store';

/** A started app with every real effect, recording its states, tasks and logs. */
export interface RecordedApp {
  app: ParleyApp;
  dataDir: string;
  logs: Omit<LogRecord, 'ts'>[];
  states: ConversationState[];
  tasks: TaskSnapshot[];
  /** Resolves with the first state (past ones included) matching `match`. */
  waitForState(
    match: (s: ConversationState) => boolean,
    timeoutMs?: number,
  ): Promise<ConversationState>;
  /** Resolves with the first task update (past ones included) matching `match`. */
  waitForTask(match: (t: TaskSnapshot) => boolean, timeoutMs?: number): Promise<TaskSnapshot>;
  dispose(): Promise<void>;
}

function waiter<T>(list: T[], wakers: Set<() => void>) {
  return (match: (item: T) => boolean, timeoutMs = 10_000): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const found = list.find(match);
        if (found === undefined) return;
        wakers.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        wakers.delete(check);
        const last = list.slice(-4).map((x) => JSON.stringify(x).slice(0, 300));
        reject(new Error(`nothing matched in ${timeoutMs} ms; last:\n${last.join('\n')}`));
      }, timeoutMs);
      wakers.add(check);
      check();
    });
}

/**
 * The whole app with the production effects (ws sockets, settings file, key file, delegates)
 * on a fresh data dir, started. `keepalive` shortens the realtime keepalive for stall tests.
 */
export async function startRecordedApp(
  env: Record<string, string>,
  options: { keepalive?: KeepaliveOptions } = {},
): Promise<RecordedApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-faults-'));
  const logs: Omit<LogRecord, 'ts'>[] = [];
  const parsed = parseEnvConfig({ OPENAI_API_KEY: 'sk-fault-test-000001', ...env });
  const deps = createProductionDeps({
    host: 'browser',
    version: '0.0.0-test',
    env: parsed,
    log: (level, event, fields) => logs.push({ level, event, ...fields }),
    dataDir,
    knownKeys: new Set(parsed.apiKey ? [parsed.apiKey] : []),
    secretStore: new FileSecretStore(dataDir),
    environment: { PATH: process.env.PATH ?? '', HOME: dataDir, ...env },
  });
  if (options.keepalive) {
    const keepalive = options.keepalive;
    deps.createTransport = (endpoint) =>
      new WsTransport({
        url: endpoint.url,
        headers: endpoint.headers,
        clock: systemClock,
        keepalive,
      });
  }
  const app = createParleyApp(deps);
  const states: ConversationState[] = [];
  const tasks: TaskSnapshot[] = [];
  const wakers = new Set<() => void>();
  const wake = (): void => [...wakers].forEach((w) => w());
  app.on('conversation.state', (s) => (states.push(s), wake()));
  app.on('task.updated', (t) => (tasks.push(t), wake()));
  const started = await app.start();
  if (!started.ok) throw new Error(started.error.message);
  return {
    app,
    dataDir,
    logs,
    states,
    tasks,
    waitForState: waiter(states, wakers),
    waitForTask: waiter(tasks, wakers),
    dispose: async () => {
      await app.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
