import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHostSocket } from '../../../renderer/src/host-socket';

/** A WebSocket stand-in: the test plays the host's side. */
class FakeSocket extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static latest: FakeSocket | null = null;
  readyState = FakeSocket.CONNECTING;
  binaryType = 'blob';
  readonly sent: unknown[] = [];

  constructor(readonly url: string) {
    super();
    FakeSocket.latest = this;
  }

  send(data: unknown): void {
    this.sent.push(data);
  }

  open(): void {
    this.readyState = FakeSocket.OPEN;
    this.dispatchEvent(new Event('open'));
  }

  fromHost(data: string): void {
    this.dispatchEvent(new MessageEvent('message', { data }));
  }
}

let warn: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  vi.stubGlobal('WebSocket', FakeSocket);
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  vi.unstubAllGlobals();
  warn.mockRestore();
});

describe('createHostSocket', () => {
  it('hands a connection.error from the host to its listeners and says it in the console', () => {
    const { transport } = createHostSocket('ws://127.0.0.1:1/parley?token=t');
    const socket = FakeSocket.latest!;
    socket.open();
    const seen: unknown[] = [];
    transport.subscribe('connection.error', (payload) => seen.push(payload));
    const payload = { problem: 'not_json', message: 'A text frame that is not JSON: …' };
    socket.fromHost(JSON.stringify({ type: 'event', event: 'connection.error', payload }));
    expect(seen).toEqual([payload]);
    expect(warn).toHaveBeenCalledWith('parley: host refused a message', payload);
  });

  it('answers an invoke by its id, and survives a frame from the host that is not JSON', async () => {
    const { transport } = createHostSocket('ws://127.0.0.1:1/parley?token=t');
    const socket = FakeSocket.latest!;
    socket.open();
    const answer = transport.invoke('app.info', undefined);
    await Promise.resolve();
    const sent = JSON.parse(String(socket.sent[0])) as { id: number; channel: string };
    expect(sent.channel).toBe('app.info');
    socket.fromHost('not json at all');
    expect(warn).toHaveBeenCalledWith('parley: the host sent a text frame that is not JSON');
    socket.fromHost(
      JSON.stringify({ type: 'result', id: sent.id, result: { ok: true, value: 1 } }),
    );
    await expect(answer).resolves.toEqual({ ok: true, value: 1 });
  });
});
