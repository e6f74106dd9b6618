import { describe, expect, it } from 'vitest';
import { MicCheckRecorder } from '../../../main/audio/mic-check';
import { FakeClock } from '../../fakes/fake-clock';

function recorder() {
  const clock = new FakeClock();
  const played: { itemId: string; samples: number }[] = [];
  const ended: string[] = [];
  const mic = new MicCheckRecorder({
    clock,
    play: (itemId, pcm) => played.push({ itemId, samples: pcm.length }),
    end: (itemId) => ended.push(itemId),
  });
  return { mic, clock, played, ended };
}

/** One 20 ms frame (480 samples) at a constant amplitude. */
const frame = (amplitude: number) => new Int16Array(480).fill(amplitude);

describe('MicCheckRecorder', () => {
  it('records for the duration, then plays it all back in 200 ms chunks and ends the item', async () => {
    const { mic, clock, played, ended } = recorder();
    const running = mic.run(1000);
    expect(mic.recording).toBe(true);
    for (let i = 0; i < 50; i++) mic.push(frame(i === 10 ? 16384 : 100));
    clock.advance(1000);
    const result = await running;
    expect(result).toEqual({
      ok: true,
      value: { recordedMs: 1000, peak: 0.5, playedBackMs: 1000 },
    });
    expect(played.map((p) => p.samples)).toEqual([4800, 4800, 4800, 4800, 4800]);
    expect(new Set(played.map((p) => p.itemId))).toEqual(new Set(['mic-check-1']));
    expect(ended).toEqual(['mic-check-1']);
    expect(mic.recording).toBe(false);
    mic.push(frame(1));
    expect(played).toHaveLength(5);
  });

  it('keeps copies: a frame buffer reused by the caller does not change the recording', async () => {
    const { mic, clock, played } = recorder();
    const running = mic.run(500);
    const shared = frame(1000);
    mic.push(shared);
    shared.fill(0);
    clock.advance(500);
    expect((await running).ok && (await running)).toMatchObject({
      value: { peak: expect.closeTo(1000 / 32768, 3) },
    });
    expect(played[0]!.samples).toBe(480);
  });

  it('reports silence as nothing recorded and plays nothing', async () => {
    const { mic, clock, played, ended } = recorder();
    const running = mic.run(500);
    clock.advance(500);
    expect(await running).toEqual({ ok: true, value: { recordedMs: 0, peak: 0, playedBackMs: 0 } });
    expect(played).toEqual([]);
    expect(ended).toEqual([]);
  });

  it('runs one check at a time; a cancel plays nothing back and frees it', async () => {
    const { mic, clock, played } = recorder();
    const first = mic.run(500);
    expect(await mic.run(500)).toMatchObject({ ok: false, error: { tag: 'busy' } });
    mic.push(frame(5));
    mic.cancel();
    mic.cancel();
    expect(await first).toMatchObject({ ok: false, error: { tag: 'cancelled' } });
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(500);
    expect(played).toEqual([]);
    const second = mic.run(100);
    mic.push(frame(5));
    clock.advance(100);
    expect((await second).ok).toBe(true);
  });
});
