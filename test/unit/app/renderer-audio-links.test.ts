import { describe, expect, it } from 'vitest';
import { RendererAudioLinks } from '../../../main/app/renderer-audio-links';

const buf = (n: number): ArrayBuffer => new Uint8Array([n]).buffer;

describe('RendererAudioLinks', () => {
  it('talks only to the newest renderer, and falls back when it leaves', () => {
    const received: number[] = [];
    const hub = new RendererAudioLinks((d) => received.push(new Uint8Array(d)[0]!));
    const sentA: number[] = [];
    const sentB: number[] = [];
    const a = hub.attach({ send: (d) => sentA.push(new Uint8Array(d)[0]!) });
    const b = hub.attach({ send: (d) => sentB.push(new Uint8Array(d)[0]!) });
    hub.send(buf(1));
    a.receive(buf(10)); // an older page's microphone is not doubled into the session
    b.receive(buf(20));
    expect(sentA).toEqual([]);
    expect(sentB).toEqual([1]);
    expect(received).toEqual([20]);
    b.detach();
    hub.send(buf(2));
    a.receive(buf(11));
    expect(sentA).toEqual([2]);
    expect(received).toEqual([20, 11]);
  });

  it('detaches a link whose send throws and announces attach changes', () => {
    const counts: number[] = [];
    const hub = new RendererAudioLinks(() => {});
    hub.on('attached', ({ count }) => counts.push(count));
    hub.attach({
      send: () => {
        throw new Error('closed');
      },
    });
    hub.send(buf(1));
    expect(hub.attachedCount).toBe(0);
    expect(counts).toEqual([1, 0]);
  });
});
