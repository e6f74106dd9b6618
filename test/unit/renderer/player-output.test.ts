import { describe, expect, it } from 'vitest';
import type { RendererToMainAudio } from '../../../preload/audio-wire';
import { createPlayerOutput } from '../../../renderer/src/audio/player-output';

/** A recording worklet node: `posted` lists the port messages as `type:itemId`. */
function fakeNode() {
  const posted: string[] = [];
  const node = {
    port: {
      onmessage: null as unknown,
      postMessage: (data: { type: string; itemId?: string }) =>
        void posted.push(data.itemId ? `${data.type}:${data.itemId}` : data.type),
    },
    connect() {},
    disconnect() {},
  };
  return { node: node as unknown as AudioWorkletNode, posted };
}

function setup() {
  const reports: RendererToMainAudio[] = [];
  const player = createPlayerOutput((msg) => reports.push(msg));
  const chunks = (itemId: string, count: number): void => {
    for (let i = 0; i < count; i++)
      player.handle({ kind: 'play', itemId, pcm: new Int16Array(10) });
  };
  const end = (itemId: string): void => player.handle({ kind: 'item_end', itemId });
  const ready = (): string[] => {
    const fake = fakeNode();
    player.ready(fake.node, {} as AudioNode);
    return fake.posted;
  };
  return { player, reports, chunks, end, ready };
}

describe('player output queue before the worklet is ready', () => {
  it('drops the oldest whole item when full and reports it played to its end', () => {
    const t = setup();
    t.chunks('a', 60);
    t.end('a');
    t.chunks('b', 60); // 121 messages: more than the queue holds
    t.end('b');
    const posted = t.ready();
    expect(posted).toEqual([...Array<string>(60).fill('chunk:b'), 'end:b']);
    expect(t.reports).toEqual([{ kind: 'played', itemId: 'a', playedSamples: 600 }]);
  });

  it('discards the rest of a dropped item that is still streaming, reporting it played', () => {
    const t = setup();
    t.chunks('a', 100);
    t.chunks('a', 1); // the queue overflows with a alone: a is dropped whole
    t.chunks('a', 1);
    const posted = t.ready();
    t.chunks('a', 1); // still a, after the player is ready
    t.end('a');
    t.chunks('b', 1);
    t.end('b');
    expect(posted).toEqual(['chunk:b', 'end:b']);
    expect(t.reports).toEqual([
      { kind: 'played', itemId: 'a', playedSamples: 1000 },
      { kind: 'played', itemId: 'a', playedSamples: 1010 },
      { kind: 'played', itemId: 'a', playedSamples: 1020 },
      { kind: 'played', itemId: 'a', playedSamples: 1030 },
    ]);
  });

  it('a stop clears the queue and the dropped items', () => {
    const t = setup();
    t.chunks('a', 101);
    t.player.handle({ kind: 'stop' });
    t.chunks('a', 1); // the same id after a stop plays again
    t.end('a');
    expect(t.ready()).toEqual(['chunk:a', 'end:a']);
    expect(t.reports).toEqual([
      { kind: 'played', itemId: 'a', playedSamples: 1000 },
      { kind: 'played', itemId: 'a', playedSamples: 1010 },
    ]);
  });
});
