import { describe, expect, it } from 'vitest';
import { ReconnectTimers } from '../../../main/realtime/reconnect-timers';
import { FakeClock } from '../../fakes/fake-clock';

describe('ReconnectTimers', () => {
  it('a connection that succeeds cancels a reconnect still armed (drop during a rotation)', () => {
    const clock = new FakeClock();
    const timers = new ReconnectTimers(clock, { random: () => 0 });
    let reconnects = 0;
    expect(timers.scheduleReconnect(() => reconnects++)).toBe(250);
    // The rotation's new socket goes live before the reconnect is due.
    timers.connected();
    clock.advance(10_000);
    expect(reconnects).toBe(0);
    expect(timers.attempt).toBe(0);
  });

  it('gives up after maxAttempts in a row', () => {
    const clock = new FakeClock();
    const timers = new ReconnectTimers(clock, { random: () => 0, maxAttempts: 2 });
    expect(timers.scheduleReconnect(() => {})).toBe(250);
    expect(timers.scheduleReconnect(() => {})).toBe(500);
    expect(timers.scheduleReconnect(() => {})).toBeNull();
    expect(timers.attempt).toBe(2);
  });
});
