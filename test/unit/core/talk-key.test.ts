import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnvConfig } from '../../../main/config/env-config';
import type { LogRecord } from '../../../main/base/logger';
import { ParleyCore, STUCK_TALK_KEY_MS } from '../../../main/core/parley-core';
import { FileSecretStore } from '../../../main/store/file-secret-store';
import { FakeClock } from '../../fakes/fake-clock';

async function core() {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-talk-'));
  const clock = new FakeClock();
  const logs: Omit<LogRecord, 'ts'>[] = [];
  const c = new ParleyCore({
    host: 'browser',
    version: '0',
    env: parseEnvConfig({}),
    dataDir,
    secrets: new FileSecretStore(dataDir),
    clock,
    log: (level, event, fields) => logs.push({ level, event, ...fields }),
  });
  await c.start();
  return { c, clock, logs };
}

describe('talk key', () => {
  it('releases a key held past the stuck-key timeout', async () => {
    const { c, clock, logs } = await core();
    const key = await c.handlers['conversation.talk']({ pressed: true });
    expect(key).toBeNull();
    clock.advance(STUCK_TALK_KEY_MS - 1);
    expect(logs.some((l) => l.event === 'talk.stuck_key_released')).toBe(false);
    clock.advance(1);
    expect(logs.some((l) => l.event === 'talk.stuck_key_released')).toBe(true);
    await c.dispose();
  });

  it('a key-up in time, or the renderer going away, cancels the stuck-key timer', async () => {
    const { c, clock, logs } = await core();
    c.setTalkKey(true);
    c.setTalkKey(false);
    c.setTalkKey(true);
    c.rendererDetached();
    clock.advance(STUCK_TALK_KEY_MS * 2);
    expect(logs.some((l) => l.event === 'talk.stuck_key_released')).toBe(false);
    expect(clock.pendingTimers()).toBe(0);
    await c.dispose();
  });
});
