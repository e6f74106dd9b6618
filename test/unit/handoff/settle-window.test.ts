import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../fakes/fake-clock';
import type {
  SettleDecision,
  SettleOutcome,
  SettleRule,
} from '../../../main/handoff/settle-policy';
import { SettleWindow } from '../../../main/handoff/settle-window';

/** A rule whose answer the test sets, counting how often it was asked. */
function scriptedRule(first: SettleDecision) {
  let next = first;
  let asked = 0;
  const rule: SettleRule = {
    decide: () => {
      asked++;
      return next;
    },
    detail: () => ({ waitedFor: ['u1'], quietGapMs: null }),
  };
  return {
    rule,
    set: (decision: SettleDecision) => (next = decision),
    asked: () => asked,
  };
}

function open(first: SettleDecision) {
  const clock = new FakeClock(5_000);
  const outcomes: SettleOutcome[] = [];
  const scripted = scriptedRule(first);
  const window = new SettleWindow(clock, scripted.rule, (o) => outcomes.push(o));
  window.start();
  return { clock, outcomes, window, ...scripted };
}

describe('SettleWindow', () => {
  it('routes at once when the rule says nothing is pending', () => {
    const { outcomes, clock, window } = open({ route: true, reason: 'nothing_pending' });
    expect(outcomes).toEqual([
      { reason: 'nothing_pending', waitedMs: 0, waitedFor: ['u1'], quietGapMs: null },
    ]);
    expect(window.isOpen).toBe(false);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('waits until the moment the rule names, then asks again', () => {
    const { clock, outcomes, set } = open({ route: false, wakeAt: 5_400 });
    clock.advance(399);
    expect(outcomes).toEqual([]);
    set({ route: true, reason: 'given_up' });
    clock.advance(1);
    expect(outcomes).toMatchObject([{ reason: 'given_up', waitedMs: 400 }]);
  });

  it('reevaluate routes the moment the evidence is in', () => {
    const { clock, outcomes, window, set } = open({ route: false, wakeAt: 8_000 });
    clock.advance(120);
    set({ route: true, reason: 'transcribed' });
    window.reevaluate();
    expect(outcomes).toMatchObject([{ reason: 'transcribed', waitedMs: 120 }]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('keeps a single timer however often it is reevaluated, and moves it when the rule does', () => {
    const { clock, window, set, outcomes } = open({ route: false, wakeAt: 6_000 });
    for (let i = 0; i < 20; i++) window.reevaluate();
    expect(clock.pendingTimers()).toBe(1);
    set({ route: false, wakeAt: 5_500 });
    window.reevaluate();
    expect(clock.pendingTimers()).toBe(1);
    set({ route: true, reason: 'cap' });
    clock.advance(500);
    expect(outcomes).toMatchObject([{ reason: 'cap', waitedMs: 500 }]);
  });

  it('end() routes at once, exactly once, and cancels the timer', () => {
    for (const reason of ['next_handoff', 'closed', 'socket_replaced'] as const) {
      const { clock, outcomes, window, asked } = open({ route: false, wakeAt: 9_000 });
      clock.advance(30);
      window.end(reason);
      window.end('closed');
      const before = asked();
      window.reevaluate();
      expect(asked()).toBe(before);
      expect(outcomes).toMatchObject([{ reason, waitedMs: 30 }]);
      expect(clock.pendingTimers()).toBe(0);
    }
  });

  it('dispose cancels without settling and is idempotent', () => {
    const { clock, outcomes, window } = open({ route: false, wakeAt: 6_000 });
    window.dispose();
    window.dispose();
    clock.advance(5_000);
    expect(outcomes).toEqual([]);
    expect(clock.pendingTimers()).toBe(0);
  });
});
