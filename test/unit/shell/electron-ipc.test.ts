import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// A narrow fake of the Electron API: only what the IPC adapter touches (testing.md: a test that
// imports electron must replace it).
type Handler = (event: unknown, payload: unknown) => Promise<unknown>;
const handlers = new Map<string, Handler>();
const posted: { channel: string; ports: unknown[] }[] = [];
vi.mock('electron', () => {
  class FakePort {
    on(): void {}
    start(): void {}
    close(): void {}
    postMessage(): void {}
  }
  return {
    ipcMain: {
      handle: (channel: string, fn: Handler) => handlers.set(channel, fn),
      removeHandler: (channel: string) => handlers.delete(channel),
    },
    MessageChannelMain: class {
      port1 = new FakePort();
      port2 = new FakePort();
    },
  };
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_CHANNEL, IPC_PREFIX, listInvokes } from '../../../preload/contract';
import { AUDIO_PORT_CHANNEL } from '../../../preload/audio-port';
import { parseEnvConfig } from '../../../main/config/env-config';
import { systemClock } from '../../../main/base/clock';
import { silentLogger } from '../../../main/base/logger';
import { ParleyCore } from '../../../main/core/parley-core';
import { registerElectronIpc } from '../../../main/ipc/electron-ipc';
import { FileSecretStore } from '../../../main/store/file-secret-store';

const PAGE = 'file:///opt/parley/out/renderer/index.html';

function fakeContents(id: number) {
  const sent: { channel: string; message: unknown }[] = [];
  return {
    id,
    sent,
    isDestroyed: () => false,
    send: (channel: string, message: unknown) => sent.push({ channel, message }),
    postMessage: (channel: string, _message: unknown, ports: unknown[]) =>
      posted.push({ channel, ports }),
  };
}

function ipcEvent(contents: ReturnType<typeof fakeContents>, url = PAGE, isMainFrame = true) {
  return { sender: contents, senderFrame: { url, parent: isMainFrame ? null : {} } };
}

describe('Electron IPC adapter', () => {
  let core: ParleyCore;
  let contents: ReturnType<typeof fakeContents>;
  let adapter: ReturnType<typeof registerElectronIpc>;

  beforeEach(async () => {
    handlers.clear();
    posted.length = 0;
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-eipc-'));
    core = new ParleyCore({
      host: 'electron',
      version: '0.0.0',
      env: parseEnvConfig({}),
      dataDir,
      secrets: new FileSecretStore(dataDir),
      clock: systemClock,
      log: silentLogger,
    });
    await core.start();
    contents = fakeContents(7);
    adapter = registerElectronIpc(
      core,
      () => ({ webContentsId: 7, pageUrl: PAGE, webContents: contents as never }),
      silentLogger,
    );
  });

  afterEach(async () => {
    adapter.dispose();
    await core.dispose();
  });

  it('registers every invoke of the contract under the Parley prefix', () => {
    expect([...handlers.keys()].sort()).toEqual(
      listInvokes()
        .map((spec) => IPC_PREFIX + spec.channel)
        .sort(),
    );
  });

  it('refuses another window, a subframe and a navigated-away page before any handler runs', async () => {
    const info = handlers.get(`${IPC_PREFIX}app.info`)!;
    const other = fakeContents(8);
    for (const event of [
      ipcEvent(other),
      ipcEvent(contents, PAGE, false),
      ipcEvent(contents, 'https://evil.example/'),
    ]) {
      expect(await info(event, undefined)).toEqual({
        ok: false,
        error: { kind: 'forbidden_sender', message: expect.any(String) },
      });
    }
  });

  it('answers Parley’s own page and validates payloads', async () => {
    const info = await handlers.get(`${IPC_PREFIX}app.info`)!(ipcEvent(contents), undefined);
    expect(info).toMatchObject({ ok: true, value: { name: 'Parley', host: 'electron' } });
    const bad = await handlers.get(`${IPC_PREFIX}conversation.sendText`)!(ipcEvent(contents), {
      text: 42,
    });
    expect(bad).toMatchObject({ ok: false, error: { kind: 'invalid_payload' } });
  });

  it('queues events until app.ready, then flushes them and hands over the audio port', async () => {
    core.events.emit('conversation.state', { ...core.conversation.state, error: 'queued' });
    expect(contents.sent).toHaveLength(0);
    await handlers.get(`${IPC_PREFIX}app.ready`)!(ipcEvent(contents), undefined);
    expect(contents.sent.map((s) => s.channel)).toEqual([EVENT_CHANNEL]);
    expect(contents.sent[0]!.message).toMatchObject({ event: 'conversation.state' });
    expect(posted).toEqual([{ channel: AUDIO_PORT_CHANNEL, ports: [expect.anything()] }]);
    expect(core.audioHub.attachedCount).toBe(1);
  });

  it('dispose removes every handler', () => {
    adapter.dispose();
    expect(handlers.size).toBe(0);
  });
});
