import { describe, expect, it } from 'vitest';
import { TurnLatency } from '../../../main/audio/turn-latency';
import { FakeClock } from '../../fakes/fake-clock';

describe('TurnLatency: end of speech → first audio played', () => {
  it('measures to the moment the first sample played (the report arrives later)', () => {
    const clock = new FakeClock(10_000);
    const latency = new TurnLatency(clock);
    latency.speechEnded();
    clock.advance(700);
    // 100 ms (2,400 samples) had played when the report came: playback began at 600 ms.
    expect(latency.played({ itemId: 'a1', playedSamples: 2400 })).toBe(600);
    clock.advance(100);
    expect(latency.played({ itemId: 'a1', playedSamples: 4800 })).toBeNull();
  });

  it('ignores the reply that was already playing, and reports with nothing played', () => {
    const clock = new FakeClock();
    const latency = new TurnLatency(clock);
    expect(latency.played({ itemId: 'old', playedSamples: 480 })).toBeNull();
    latency.speechEnded();
    clock.advance(300);
    expect(latency.played({ itemId: 'old', playedSamples: 960 })).toBeNull();
    expect(latency.played({ itemId: 'new', playedSamples: 0 })).toBeNull();
    clock.advance(200);
    expect(latency.played({ itemId: 'new', playedSamples: 240 })).toBe(490);
  });

  it('measures nothing without an end of speech, and after a reset', () => {
    const clock = new FakeClock();
    const latency = new TurnLatency(clock);
    expect(latency.played({ itemId: 'a', playedSamples: 480 })).toBeNull();
    latency.speechEnded();
    latency.reset();
    clock.advance(100);
    expect(latency.played({ itemId: 'b', playedSamples: 480 })).toBeNull();
  });

  it('never reports a negative latency (audio already buffered when speech ended)', () => {
    const clock = new FakeClock();
    const latency = new TurnLatency(clock);
    latency.speechEnded();
    clock.advance(10);
    expect(latency.played({ itemId: 'a', playedSamples: 24_000 })).toBe(0);
  });
});
