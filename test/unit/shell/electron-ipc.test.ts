import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// A narrow fake of the Electron API: only what the IPC adapter touches (testing.md: a test that
// imports electron must replace it).
type Handler = (event: unknown, payload: unknown) => Promise<unknown>;
const handlers = new Map<string, Handler>();
const posted: { channel: string; ports: unknown[] }[] = [];
const closedPorts: unknown[] = [];
vi.mock('electron', () => {
  class FakePort {
    on(): void {}
    start(): void {}
    close(): void {
      closedPorts.push(this);
    }
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

import { EVENT_CHANNEL, IPC_PREFIX, listInvokes } from '../../../preload/contract';
import { AUDIO_PORT_CHANNEL } from '../../../preload/audio-port';
import { silentLogger } from '../../../main/base/logger';
import type { ParleyApp } from '../../../main/app/parley-app';
import { registerElectronIpc } from '../../../main/ipc/electron-ipc';
import { createTestApp } from '../../support/app-harness';

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
  let app: ParleyApp;
  let contents: ReturnType<typeof fakeContents>;
  let adapter: ReturnType<typeof registerElectronIpc>;
  const invoke = (channel: string, payload?: unknown, event = ipcEvent(contents)) =>
    handlers.get(IPC_PREFIX + channel)!(event, payload);

  beforeEach(async () => {
    handlers.clear();
    posted.length = 0;
    closedPorts.length = 0;
    app = createTestApp({ overrides: { host: 'electron' } }).app;
    await app.start();
    contents = fakeContents(7);
    adapter = registerElectronIpc(app, () => ({ webContentsId: 7, pageUrl: PAGE }), silentLogger);
  });

  afterEach(async () => {
    adapter.dispose();
    await app.dispose();
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

  it('holds events until app.ready, then delivers them in order and hands over the audio port', async () => {
    adapter.pageLoading(contents as never);
    await invoke('conversation.start');
    expect(contents.sent).toHaveLength(0);
    await invoke('app.ready');
    expect(new Set(contents.sent.map((s) => s.channel))).toEqual(new Set([EVENT_CHANNEL]));
    const phases = contents.sent.map(
      (s) => (s.message as { event: string; payload: { phase: string } }).payload.phase,
    );
    // The state when the page began loading first, then what happened before it was ready
    // (the start announces its protocol and talk mode before connecting).
    expect(phases).toEqual(['idle', 'idle', 'connecting', 'live']);
    expect(posted).toEqual([{ channel: AUDIO_PORT_CHANNEL, ports: [expect.anything()] }]);
  });

  it('a reload starts the renderer over: events are held again and the old audio port closes', async () => {
    adapter.pageLoading(contents as never);
    await invoke('app.ready');
    expect(closedPorts).toHaveLength(0);
    adapter.pageLoading(contents as never);
    expect(closedPorts).toHaveLength(1);
    const before = contents.sent.length;
    await invoke('conversation.start');
    expect(contents.sent).toHaveLength(before);
    await invoke('app.ready');
    expect(contents.sent.length).toBeGreaterThan(before);
    expect(posted).toHaveLength(2);
  });

  it('dispose removes every handler', () => {
    adapter.dispose();
    expect(handlers.size).toBe(0);
  });
});
