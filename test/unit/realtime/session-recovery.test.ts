import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../main/base/logger';
import { SessionRecovery, type ReopenReason } from '../../../main/realtime/session-recovery';
import { TransportConnectError } from '../../../main/realtime/transport';
import { FakeClock } from '../../fakes/fake-clock';

function setup(options: {
  maxAttempts?: number;
  fail?: (why: ReopenReason) => Error | null;
  reopen?: () => Promise<void>;
}) {
  const clock = new FakeClock();
  const calls: string[] = [];
  let live = true;
  const recovery = new SessionRecovery(
    { clock, log: silentLogger, random: () => 0, rotateAfterMs: 1000, ...options },
    {
      reopen: (why) => {
        calls.push(`reopen:${why}`);
        if (options.reopen) return options.reopen();
        const error = options.fail?.(why) ?? null;
        return error ? Promise.reject(error) : Promise.resolve();
      },
      isLive: () => live,
      reconnecting: (detail, delay) => calls.push(`reconnecting:${delay}:${detail}`),
      giveUp: (reason, detail) => calls.push(`giveUp:${reason}:${detail}`),
    },
  );
  const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
  return { clock, calls, recovery, flush, setLive: (value: boolean) => (live = value) };
}

describe('SessionRecovery', () => {
  it('reconnects on the backoff schedule and gives up after the attempt limit', async () => {
    const down = new TransportConnectError('refused', 'network');
    const { clock, calls, recovery, flush, setLive } = setup({ maxAttempts: 2, fail: () => down });
    setLive(false);
    recovery.socketLost('dropped');
    expect(calls).toEqual(['reconnecting:250:dropped']);
    clock.advance(250);
    await flush();
    clock.advance(500);
    await flush();
    expect(calls).toEqual([
      'reconnecting:250:dropped',
      'reopen:reconnect',
      'reconnecting:500:refused',
      'reopen:reconnect',
      'giveUp:transport_closed:refused',
    ]);
  });

  it('stops at once when the server refuses for good (401)', async () => {
    const refused = new TransportConnectError('HTTP 401', 'http_status', 401);
    const { clock, calls, recovery, flush, setLive } = setup({ fail: () => refused });
    setLive(false);
    recovery.socketLost('dropped');
    clock.advance(250);
    await flush();
    expect(calls.at(-1)).toBe('giveUp:error:HTTP 401');
  });

  it('a failed rotation keeps the live socket and tries again later', async () => {
    const down = new TransportConnectError('refused', 'network');
    const { clock, calls, recovery, flush } = setup({ fail: () => down });
    recovery.armRotation();
    clock.advance(1000);
    await flush();
    expect(calls).toEqual(['reopen:rotation']);
    clock.advance(30_000);
    await flush();
    expect(calls).toEqual(['reopen:rotation', 'reopen:rotation']);
  });

  it('ignores the failure of an attempt that started before a stop', async () => {
    let reject: (error: Error) => void = () => {};
    const pending = new Promise<void>((_, r) => (reject = r));
    const { clock, calls, recovery, flush, setLive } = setup({ reopen: () => pending });
    setLive(false);
    recovery.socketLost('dropped');
    clock.advance(250);
    recovery.stop();
    reject(new TransportConnectError('aborted', 'aborted'));
    await flush();
    expect(calls).toEqual(['reconnecting:250:dropped', 'reopen:reconnect']);
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('SessionRecovery: no reconnect storms', () => {
  it('a socket that drops soon after opening does not start the backoff over', async () => {
    const { clock, calls, recovery, flush } = setup({});
    recovery.socketLost('dropped');
    clock.advance(250);
    await flush();
    recovery.connected();
    clock.advance(3_000); // up, but not for long
    recovery.socketLost('dropped again');
    expect(calls.at(-1)).toBe('reconnecting:500:dropped again');
    expect(recovery.attempt).toBe(2);
  });

  it('starts over once a socket has stayed up for 10 s', async () => {
    const { clock, calls, recovery, flush } = setup({});
    recovery.socketLost('dropped');
    clock.advance(250);
    await flush();
    recovery.connected();
    clock.advance(10_000);
    recovery.socketLost('dropped much later');
    expect(calls.at(-1)).toBe('reconnecting:250:dropped much later');
    expect(recovery.attempt).toBe(1);
  });

  it.each([1008, 1003, 4401])('gives up at once on a close with code %d', (code) => {
    const { calls, recovery } = setup({});
    recovery.connected();
    recovery.socketLost('policy', { reason: 'transport_closed', code, detail: 'policy' });
    expect(calls).toEqual(['giveUp:error:policy']);
  });

  it('gives up when the server keeps closing right after each open', async () => {
    const { clock, calls, recovery, flush } = setup({});
    const close = { reason: 'transport_closed' as const, code: 1011, detail: 'bye' };
    for (let i = 0; i < 2; i++) {
      recovery.connected();
      clock.advance(100);
      recovery.socketLost('bye', close);
      clock.advance(10_000);
      await flush();
    }
    recovery.connected();
    clock.advance(100);
    recovery.socketLost('bye', close);
    expect(calls.filter((c) => c.startsWith('reopen'))).toHaveLength(2);
    expect(calls.at(-1)).toBe('giveUp:error:bye');
  });

  it('starts at most 10 reconnect attempts in any minute', async () => {
    const down = new TransportConnectError('refused', 'network');
    const { clock, calls, recovery, flush } = setup({ fail: () => down });
    const starts: number[] = [];
    recovery.socketLost('dropped');
    const reopens = () => calls.filter((c) => c === 'reopen:reconnect').length;
    for (let t = 0; t < 70_000; t += 50) {
      const before = reopens();
      clock.advance(50);
      await flush();
      if (reopens() > before) starts.push(clock.now());
    }
    for (const start of starts) {
      expect(starts.filter((s) => s > start - 60_000 && s <= start).length).toBeLessThanOrEqual(10);
    }
    expect(starts.length).toBeGreaterThanOrEqual(10);
  });
});
