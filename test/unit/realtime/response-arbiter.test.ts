import { describe, expect, it } from 'vitest';
import {
  ResponseArbiter,
  type ArbiterClientEvent,
  type ResponseArbiterOptions,
} from '../../../main/realtime/response-arbiter';
import { FakeClock } from '../../fakes/fake-clock';

const RACE = 'Conversation already has an active response in progress: resp_abc';

function setup(options: ResponseArbiterOptions = {}) {
  const sent: ArbiterClientEvent[] = [];
  const arbiter = new ResponseArbiter((event) => sent.push(event), options);
  return { arbiter, sent };
}

describe('ResponseArbiter', () => {
  it('sends at once when idle and is in flight until response.created', async () => {
    const { arbiter, sent } = setup();
    const outcome = arbiter.request();
    expect(sent).toEqual([{ type: 'response.create' }]);
    expect(arbiter.state).toBe('in_flight');
    await expect(outcome).resolves.toBe('sent');
    arbiter.onResponseCreated();
    expect(arbiter.state).toBe('active');
    arbiter.onResponseFinished();
    expect(arbiter.state).toBe('idle');
    expect(sent).toHaveLength(1);
  });

  it('does not double-send while our create is unconfirmed; coalesces the extra requests', () => {
    const { arbiter, sent } = setup();
    void arbiter.request();
    void arbiter.request();
    void arbiter.request();
    expect(sent).toHaveLength(1);
    expect(arbiter.hasPending).toBe(true);
    arbiter.onResponseCreated();
    expect(sent).toHaveLength(1);
    arbiter.onResponseFinished();
    expect(sent).toHaveLength(2);
    expect(arbiter.hasPending).toBe(false);
    expect(arbiter.state).toBe('in_flight');
  });

  it('defers a request during a server-started response until done, coalescing into one', async () => {
    const { arbiter, sent } = setup();
    arbiter.observe({ type: 'response_created', responseId: 'r1' });
    expect(arbiter.state).toBe('active');
    const first = arbiter.request();
    const second = arbiter.request();
    expect(sent).toHaveLength(0);
    arbiter.observe({ type: 'response_done', responseId: 'r1' });
    expect(sent).toHaveLength(1);
    await expect(first).resolves.toBe('sent');
    await expect(second).resolves.toBe('sent');
  });

  it('response.cancelled releases a deferred request too', () => {
    const { arbiter, sent } = setup();
    arbiter.onResponseCreated();
    void arbiter.request();
    arbiter.observe({ type: 'response_cancelled', responseId: null });
    expect(sent).toHaveLength(1);
  });

  it('ignores unrelated events', () => {
    const { arbiter, sent } = setup();
    arbiter.onResponseCreated();
    void arbiter.request();
    arbiter.observe({ type: 'speech_started', itemId: null });
    arbiter.observe({ type: 'error', message: 'x', code: null });
    expect(sent).toHaveLength(0);
    expect(arbiter.state).toBe('active');
  });

  it('a finish seen while our own create is unconfirmed belongs to an older response', () => {
    const { arbiter, sent } = setup();
    void arbiter.request();
    void arbiter.request();
    arbiter.onResponseFinished();
    expect(arbiter.state).toBe('in_flight');
    expect(sent).toHaveLength(1);
  });

  it('the race error re-queues: true, pending, and sent after the running response ends', async () => {
    const { arbiter, sent } = setup();
    const outcome = arbiter.request();
    await expect(outcome).resolves.toBe('sent');
    expect(arbiter.onServerError(RACE)).toBe(true);
    expect(arbiter.hasPending).toBe(true);
    expect(arbiter.state).toBe('in_flight');
    expect(sent).toHaveLength(1);
    // The other response's finish is what we are now waiting for.
    arbiter.onResponseFinished();
    expect(sent).toHaveLength(2);
  });

  it('the race error while a response is known active keeps it active', () => {
    const { arbiter, sent } = setup();
    void arbiter.request();
    arbiter.onResponseCreated(); // e.g. server VAD's response; ours was refused below
    expect(arbiter.onServerError(RACE)).toBe(true);
    expect(arbiter.state).toBe('active');
    arbiter.onResponseFinished();
    expect(sent).toHaveLength(2);
  });

  it('other errors are not re-queued', () => {
    const { arbiter, sent } = setup();
    void arbiter.request();
    expect(arbiter.onServerError('Invalid value for voice')).toBe(false);
    expect(arbiter.onServerError(`x ${RACE}`)).toBe(false);
    expect(arbiter.hasPending).toBe(false);
    expect(sent).toHaveLength(1);
  });

  it('resetForNewSocket drops pending requests and their waiters', async () => {
    const { arbiter, sent } = setup();
    arbiter.onResponseCreated();
    const waiting = arbiter.request();
    arbiter.resetForNewSocket();
    await expect(waiting).resolves.toBe('dropped');
    expect(arbiter.state).toBe('idle');
    expect(arbiter.hasPending).toBe(false);
    // A late finish from the old socket sends nothing.
    arbiter.onResponseFinished();
    expect(sent).toHaveLength(0);
    // The new socket starts idle.
    void arbiter.request();
    expect(sent).toHaveLength(1);
  });

  it('with a clock, an unconfirmed create times out to idle and flushes what is pending', () => {
    const clock = new FakeClock();
    const { arbiter, sent } = setup({ clock, confirmTimeoutMs: 1000 });
    void arbiter.request();
    void arbiter.request();
    clock.advance(999);
    expect(sent).toHaveLength(1);
    clock.advance(1);
    expect(sent).toHaveLength(2);
    arbiter.onResponseCreated();
    expect(clock.pendingTimers()).toBe(0);
  });

  it('with a clock, an unseen active response reported by the race error is bounded too', () => {
    const clock = new FakeClock();
    const { arbiter, sent } = setup({ clock, confirmTimeoutMs: 500 });
    void arbiter.request();
    arbiter.onServerError(RACE);
    clock.advance(500);
    expect(sent).toHaveLength(2);
  });

  it('a confirmed active response is not timed out', () => {
    const clock = new FakeClock();
    const { arbiter, sent } = setup({ clock, confirmTimeoutMs: 500 });
    void arbiter.request();
    arbiter.onResponseCreated();
    void arbiter.request();
    clock.advance(60_000);
    expect(sent).toHaveLength(1);
    expect(arbiter.state).toBe('active');
  });

  it('a send that throws goes to onSendError, drops the waiters and leaves the arbiter idle', async () => {
    const errors: unknown[] = [];
    const arbiter = new ResponseArbiter(
      () => {
        throw new Error('no socket');
      },
      { onSendError: (error) => errors.push(error) },
    );
    await expect(arbiter.request()).resolves.toBe('dropped');
    expect(errors).toHaveLength(1);
    expect(arbiter.state).toBe('idle');
  });

  it('without onSendError the send error is rethrown', () => {
    const arbiter = new ResponseArbiter(() => {
      throw new Error('no socket');
    });
    expect(() => arbiter.request()).toThrow('no socket');
    expect(arbiter.state).toBe('idle');
  });

  it('dispose drops waiters, is idempotent, and later requests are dropped', async () => {
    const { arbiter, sent } = setup();
    arbiter.onResponseCreated();
    const waiting = arbiter.request();
    arbiter.dispose();
    arbiter.dispose();
    await expect(waiting).resolves.toBe('dropped');
    await expect(arbiter.request()).resolves.toBe('dropped');
    arbiter.onResponseFinished();
    expect(sent).toHaveLength(0);
  });

  describe('cancelActive (a talk-key barge-in)', () => {
    it('sends response.cancel for an active response and lets the next create go at once', () => {
      const { arbiter, sent } = setup();
      arbiter.onResponseCreated(); // the server's own response
      expect(arbiter.cancelActive()).toBe(true);
      expect(sent).toEqual([{ type: 'response.cancel' }]);
      expect(arbiter.state).toBe('idle');
      void arbiter.request();
      expect(sent).toEqual([{ type: 'response.cancel' }, { type: 'response.create' }]);
      // The cancelled response's finish arrives after our create: it is not ours, keep waiting.
      arbiter.onResponseFinished();
      expect(arbiter.state).toBe('in_flight');
      arbiter.onResponseCreated();
      expect(arbiter.state).toBe('active');
    });

    it('cancels our own create still on its way (the server handles the cancel after it)', () => {
      const { arbiter, sent } = setup();
      void arbiter.request();
      expect(arbiter.cancelActive()).toBe(true);
      expect(sent.map((e) => e.type)).toEqual(['response.create', 'response.cancel']);
    });

    it('sends nothing when no response runs, or after a finish', () => {
      const { arbiter, sent } = setup();
      expect(arbiter.cancelActive()).toBe(false);
      arbiter.onResponseCreated();
      arbiter.onResponseFinished();
      expect(arbiter.cancelActive()).toBe(false);
      // In flight only because the server reported a race: not ours, nothing to cancel.
      arbiter.onServerError(RACE);
      expect(arbiter.state).toBe('in_flight');
      expect(arbiter.cancelActive()).toBe(false);
      expect(sent).toEqual([]);
    });

    it('a deferred request goes out right after the cancel', () => {
      const { arbiter, sent } = setup();
      arbiter.onResponseCreated();
      void arbiter.request();
      expect(sent).toEqual([]);
      arbiter.cancelActive();
      expect(sent.map((e) => e.type)).toEqual(['response.cancel', 'response.create']);
    });

    it('a failing send reports the error and counts nothing as cancelled', () => {
      const errors: unknown[] = [];
      const arbiter = new ResponseArbiter(
        () => {
          throw new Error('socket gone');
        },
        { onSendError: (e) => errors.push(e) },
      );
      arbiter.onResponseCreated();
      expect(arbiter.cancelActive()).toBe(false);
      expect(arbiter.state).toBe('active');
      expect(errors).toHaveLength(1);
    });
  });
});
