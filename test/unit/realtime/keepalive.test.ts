import { describe, expect, it } from 'vitest';
import { Keepalive } from '../../../main/realtime/keepalive';
import { FakeClock } from '../../fakes/fake-clock';

/** A fake clock that counts the timers set on it. */
class CountingClock extends FakeClock {
  timersSet = 0;

  override setTimeout(fn: () => void, ms: number) {
    this.timersSet++;
    return super.setTimeout(fn, ms);
  }
}

function keepalive(clock: FakeClock, pingAnswers = true) {
  const calls = { pings: [] as number[], timeouts: [] as number[] };
  const k = new Keepalive(
    clock,
    { intervalMs: 15_000, timeoutMs: 10_000 },
    () => (calls.pings.push(clock.now()), pingAnswers),
    () => void calls.timeouts.push(clock.now()),
  );
  return { k, calls };
}

describe('Keepalive', () => {
  it('sets no timer per inbound frame: a minute of frames at 60 a second arms a handful', () => {
    const clock = new CountingClock();
    const { k, calls } = keepalive(clock);
    for (let frame = 0; frame < 3_600; frame++) {
      k.alive();
      clock.advance(1000 / 60);
    }
    expect(calls.pings).toEqual([]);
    // The first frame arms the check; after that it re-arms only when it falls due.
    expect(clock.timersSet).toBeLessThanOrEqual(6);
  });

  it('pings after a quiet interval counted from the last frame, not from the first', () => {
    const clock = new FakeClock();
    const { k, calls } = keepalive(clock);
    k.alive();
    clock.advance(14_000);
    k.alive(); // at 14 s
    clock.advance(14_999);
    expect(calls.pings).toEqual([]);
    clock.advance(1);
    expect(calls.pings).toEqual([29_000]);
  });

  it('still finds a stalled socket: no frame within the timeout of the ping is a timeout', () => {
    const clock = new FakeClock();
    const { k, calls } = keepalive(clock);
    for (let i = 0; i < 100; i++) {
      k.alive();
      clock.advance(20);
    }
    // Traffic stops at 1.98 s; the ping goes out 15 s later and nothing answers.
    clock.advance(15_000);
    expect(calls.pings).toEqual([16_980]);
    clock.advance(9_979); // to 26,979 ms

    expect(calls.timeouts).toEqual([]);
    clock.advance(1);
    expect(calls.timeouts).toEqual([26_980]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('a frame after the ping keeps the socket alive and the next ping waits a full interval', () => {
    const clock = new FakeClock();
    const { k, calls } = keepalive(clock);
    k.alive();
    clock.advance(15_000);
    expect(calls.pings).toEqual([15_000]);
    clock.advance(3_000);
    k.alive(); // the pong, at 18 s
    clock.advance(14_999);
    expect(calls.timeouts).toEqual([]);
    expect(calls.pings).toEqual([15_000]);
    clock.advance(1);
    expect(calls.pings).toEqual([15_000, 33_000]);
  });

  it('stops checking when the ping cannot be sent, and stop() clears its timer', () => {
    const clock = new FakeClock();
    const { k, calls } = keepalive(clock, false);
    k.alive();
    clock.advance(60_000);
    expect(calls.pings).toEqual([15_000]);
    expect(calls.timeouts).toEqual([]);
    expect(clock.pendingTimers()).toBe(0);
    k.alive();
    expect(clock.pendingTimers()).toBe(1);
    k.stop();
    k.stop();
    expect(clock.pendingTimers()).toBe(0);
  });
});
