import { describe, expect, it } from 'vitest';
import type { MainToRendererAudio } from '../../../preload/audio-wire';
import { MAX_PLAY_CHUNK_SAMPLES } from '../../../main/audio/assistant-audio';
import { PlayBatcher } from '../../../main/audio/play-batcher';

function batcher() {
  const sent: MainToRendererAudio[] = [];
  const deferred: (() => void)[] = [];
  const b = new PlayBatcher(
    (msg) => sent.push(msg),
    (flush) => deferred.push(flush),
  );
  const runDeferred = () => deferred.splice(0).forEach((f) => f());
  return { b, sent, runDeferred };
}

const play = (itemId: string, from: number, n: number): MainToRendererAudio => ({
  kind: 'play',
  itemId,
  pcm: Int16Array.from({ length: n }, (_, i) => from + i),
});

describe('PlayBatcher', () => {
  it('joins the chunks of one item that come in one go into one message, in order', () => {
    const { b, sent, runDeferred } = batcher();
    for (let k = 0; k < 10; k++) b.push(play('a', k * 480, 480));
    expect(sent).toEqual([]);
    runDeferred();
    expect(sent).toHaveLength(1);
    const [msg] = sent;
    expect(msg).toMatchObject({ kind: 'play', itemId: 'a' });
    expect(Array.from((msg as { pcm: Int16Array }).pcm)).toEqual(
      Array.from({ length: 4800 }, (_, i) => i),
    );
  });

  it('a chunk arriving alone goes out alone, as it was (real-time pacing)', () => {
    const { b, sent, runDeferred } = batcher();
    const chunk = play('a', 0, 480);
    b.push(chunk);
    runDeferred();
    expect(sent).toEqual([chunk]);
  });

  it('a stop or an item end sends what waits first and never waits itself', () => {
    const { b, sent } = batcher();
    b.push(play('a', 0, 480));
    b.push({ kind: 'item_end', itemId: 'a' });
    b.push(play('b', 0, 480));
    b.push({ kind: 'stop' });
    expect(sent.map((m) => [m.kind, 'itemId' in m ? m.itemId : null])).toEqual([
      ['play', 'a'],
      ['item_end', 'a'],
      ['play', 'b'],
      ['stop', null],
    ]);
  });

  it('starts a new message for another item and at the size limit', () => {
    const { b, sent, runDeferred } = batcher();
    b.push(play('a', 0, 480));
    b.push(play('b', 0, 480));
    for (let k = 0; k < 60; k++) b.push(play('b', 0, 480));
    runDeferred();
    const sizes = sent.map((m) => [
      ('itemId' in m && m.itemId) || '',
      (m as { pcm: Int16Array }).pcm.length,
    ]);
    expect(sizes[0]).toEqual(['a', 480]);
    expect(
      sizes.slice(1).every(([id, n]) => id === 'b' && Number(n) <= MAX_PLAY_CHUNK_SAMPLES),
    ).toBe(true);
    expect(sizes.slice(1).reduce((sum, [, n]) => sum + Number(n), 0)).toBe(61 * 480);
  });
});
