import { describe, expect, it } from 'vitest';
import { ReconnectBackoff } from '../../../main/realtime/backoff';

describe('ReconnectBackoff', () => {
  it('doubles from 250 ms to the 8 s cap without jitter (random = 0)', () => {
    const backoff = new ReconnectBackoff({ random: () => 0 });
    const delays = Array.from({ length: 9 }, () => backoff.next());
    expect(delays).toEqual([250, 500, 1000, 2000, 4000, 8000, 8000, 8000, 8000]);
    expect(backoff.attempts).toBe(9);
  });

  it('jitter shortens by up to 25% and never exceeds the nominal delay', () => {
    const high = new ReconnectBackoff({ random: () => 0.999999 });
    expect(high.next()).toBe(188); // 250 × (1 − 0.25 × 0.999999)
    const half = new ReconnectBackoff({ random: () => 0.5 });
    const delays = Array.from({ length: 7 }, () => half.next());
    expect(delays).toEqual([219, 438, 875, 1750, 3500, 7000, 7000]);
  });

  it('clamps a misbehaving random into range', () => {
    expect(new ReconnectBackoff({ random: () => 5 }).next()).toBe(188);
    expect(new ReconnectBackoff({ random: () => -1 }).next()).toBe(250);
  });

  it('reset starts the schedule over', () => {
    const backoff = new ReconnectBackoff({ random: () => 0 });
    backoff.next();
    backoff.next();
    backoff.next();
    expect(backoff.nominal()).toBe(2000);
    backoff.reset();
    expect(backoff.attempts).toBe(0);
    expect(backoff.next()).toBe(250);
  });

  it('does not overflow after very many attempts', () => {
    const backoff = new ReconnectBackoff({ random: () => 0 });
    for (let i = 0; i < 2000; i++) backoff.next();
    expect(backoff.next()).toBe(8000);
  });

  it('accepts a custom schedule', () => {
    const backoff = new ReconnectBackoff({
      baseMs: 100,
      maxMs: 300,
      jitterRatio: 0,
      random: () => 0.9,
    });
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([100, 200, 300]);
  });

  it('uses Math.random by default, within [0.75, 1] × nominal', () => {
    const backoff = new ReconnectBackoff();
    for (let i = 0; i < 50; i++) {
      const delay = backoff.next();
      expect(delay).toBeGreaterThanOrEqual(Math.floor(0.75 * Math.min(8000, 250 * 2 ** i)));
      expect(delay).toBeLessThanOrEqual(8000);
    }
  });
});
