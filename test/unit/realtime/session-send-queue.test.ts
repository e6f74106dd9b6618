import { describe, expect, it, vi } from 'vitest';
import { SessionSendQueue } from '../../../main/realtime/session-send-queue';
import type { RealtimeTransport } from '../../../main/realtime/transport';

/** A transport that records sends and reports a settable buffered amount. */
function fakeTransport() {
  const sent: Record<string, unknown>[] = [];
  const transport = {
    state: 'open',
    bufferedAmount: 0,
    send: (text: string) => sent.push(JSON.parse(text) as Record<string, unknown>),
  } as unknown as RealtimeTransport & { bufferedAmount: number };
  return { transport, sent };
}

describe('SessionSendQueue', () => {
  it('holds everything while no socket is live, then drains in order', async () => {
    const { transport, sent } = fakeTransport();
    let live: RealtimeTransport | null = null;
    const outbox = new SessionSendQueue(() => live);
    outbox.pushAudio('a1');
    const done = outbox.pushEvent({ type: 'x' });
    outbox.pushAudio('a2');
    expect(sent).toHaveLength(0);
    live = transport;
    outbox.drain();
    await done;
    expect(sent.map((m) => m.audio ?? m.type)).toEqual(['a1', 'x', 'a2']);
  });

  it('never lets a text event (a commit) overtake audio queued before it under backpressure', () => {
    const { transport, sent } = fakeTransport();
    const outbox = new SessionSendQueue(() => transport);
    (transport as { bufferedAmount: number }).bufferedAmount = 10 * 1024 * 1024;
    outbox.pushAudio('f1');
    outbox.pushAudio('f2');
    expect(sent).toHaveLength(0);
    void outbox.pushEvent({ type: 'input_audio_buffer.commit' });
    outbox.pushAudio('f3');
    expect(sent.map((m) => m.audio ?? m.type)).toEqual(['f1', 'f2', 'input_audio_buffer.commit']);
    (transport as { bufferedAmount: number }).bufferedAmount = 0;
    outbox.drain();
    expect(sent.map((m) => m.audio ?? m.type)).toEqual([
      'f1',
      'f2',
      'input_audio_buffer.commit',
      'f3',
    ]);
  });

  it('drops the oldest audio past 256 frames and counts it', () => {
    const outbox = new SessionSendQueue(() => null);
    for (let i = 0; i < 260; i++) outbox.pushAudio(`f${i}`);
    expect(outbox.droppedAudioFrames).toBe(4);
    expect(outbox.queuedAudioFrames).toBe(256);
  });

  it('writes an audio frame as the same text JSON.stringify would, without calling it', () => {
    const texts: string[] = [];
    const transport = {
      state: 'open',
      bufferedAmount: 0,
      send: (text: string) => void texts.push(text),
    } as unknown as RealtimeTransport;
    const outbox = new SessionSendQueue(() => transport);
    const frame = Buffer.from(Uint8Array.from({ length: 960 }, (_, i) => i * 31)).toString(
      'base64',
    );
    const stringify = vi.spyOn(JSON, 'stringify');
    try {
      outbox.pushAudio(frame);
      expect(stringify).not.toHaveBeenCalled();
    } finally {
      stringify.mockRestore();
    }
    expect(texts).toEqual([JSON.stringify({ type: 'input_audio_buffer.append', audio: frame })]);
  });
});
