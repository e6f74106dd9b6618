import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnvConfig } from '../../main/config/env-config';
import { systemClock } from '../../main/base/clock';
import type { LogRecord } from '../../main/base/logger';
import { ParleyCore, type CoreEvents } from '../../main/core/parley-core';
import { FileSecretStore } from '../../main/store/file-secret-store';

/** A real ParleyCore (real session over ws, real delegates) configured by env variables. */
export async function startCore(env: Record<string, string>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-core-'));
  const logs: Omit<LogRecord, 'ts'>[] = [];
  const events: { name: keyof CoreEvents; payload: unknown; at: number }[] = [];
  const core = new ParleyCore({
    host: 'browser',
    version: '0.0.0-test',
    env: parseEnvConfig({ OPENAI_API_KEY: 'sk-core-test-0000001', ...env }),
    dataDir,
    secrets: new FileSecretStore(dataDir),
    clock: systemClock,
    log: (level, event, fields) => logs.push({ level, event, ...fields }),
  });
  for (const name of ['conversation.state', 'transcript.entry', 'task.updated'] as const) {
    core.events.on(name, (payload) => events.push({ name, payload, at: performance.now() }));
  }
  await core.start();
  return { core, logs, events, dataDir };
}
