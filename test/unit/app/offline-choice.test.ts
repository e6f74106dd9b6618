import { describe, expect, it } from 'vitest';
import type { OfflineEngine } from '../../../main/offline/index';
import { createTestApp, invoke } from '../../support/app-harness';

/** An engine stand-in: the app only needs its URL, its commands and close. */
function fakeEngines() {
  const started: string[] = [];
  let closed = 0;
  const start = async (workspace: string): Promise<OfflineEngine> => {
    started.push(workspace);
    return {
      url: `ws://127.0.0.1:${40000 + started.length}/v1`,
      commands: () => [{ phrase: 'run the tests', source: 'built-in', does: 'Runs the tests.' }],
      delegatedRequests: () => [],
      on: () => () => {},
      warmUp: async () => {},
      close: async () => void closed++,
    };
  };
  return { start, started, closed: () => closed };
}

describe('choosing who answers', () => {
  it('with no key anywhere, auto goes to the offline engine on loopback, over V2', async () => {
    const engines = fakeEngines();
    const { app, transports } = createTestApp({
      env: { OPENAI_API_KEY: '', PARLEY_REALTIME_PROTOCOL: 'v1' },
      overrides: { startOfflineEngine: engines.start },
    });
    await app.start();
    await invoke(app, 'conversation.start');
    expect(transports.latest!.endpoint.url).toMatch(/^ws:\/\/127\.0\.0\.1:40001\/v1\/realtime/);
    expect(await invoke(app, 'conversation.state')).toMatchObject({
      backend: 'offline',
      protocol: 'v2',
      phase: 'live',
    });
    // A second conversation reuses the running engine.
    await invoke(app, 'conversation.start');
    expect(engines.started).toHaveLength(1);
    await app.dispose();
    expect(engines.closed()).toBe(1);
  });

  it('with a key, auto goes to the cloud; PARLEY_BACKEND=offline keeps it local anyway', async () => {
    const engines = fakeEngines();
    const cloud = createTestApp({ overrides: { startOfflineEngine: engines.start } });
    await cloud.app.start();
    await invoke(cloud.app, 'conversation.start');
    expect(cloud.transports.latest!.endpoint.url).toMatch(/^wss:\/\/api\.openai\.com\//);
    expect((await invoke(cloud.app, 'conversation.state')).backend).toBe('cloud');
    await cloud.app.dispose();

    const local = createTestApp({
      env: { PARLEY_BACKEND: 'offline' },
      overrides: { startOfflineEngine: engines.start },
    });
    await local.app.start();
    await invoke(local.app, 'conversation.start');
    expect(local.transports.latest!.endpoint.url).toMatch(/^ws:\/\/127\.0\.0\.1:/);
    await local.app.dispose();
  });

  it('PARLEY_BACKEND=cloud with no key fails with the reason', async () => {
    const { app } = createTestApp({ env: { OPENAI_API_KEY: '', PARLEY_BACKEND: 'cloud' } });
    await app.start();
    await invoke(app, 'conversation.start');
    const state = await invoke(app, 'conversation.state');
    expect(state.phase).toBe('idle');
    expect(state.error?.summary).toMatch(/API key/);
    await app.dispose();
  });
});
