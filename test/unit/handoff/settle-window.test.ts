import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../fakes/fake-clock';
import {
  DEFAULT_SETTLE,
  FIXED_GRACE_SETTLE,
  SettleWindow,
  settleDeadline,
  type SettleOutcome,
  type SettleWindowOptions,
  type UserEvidence,
} from '../../../main/handoff/settle-window';

function open(evidence: UserEvidence, options?: SettleWindowOptions) {
  const clock = new FakeClock(5_000);
  const outcomes: SettleOutcome[] = [];
  const window = new SettleWindow(clock, (o) => outcomes.push(o), evidence, options);
  return { clock, outcomes, window };
}

describe('settleDeadline', () => {
  it('measures the quiet gap from the later of the handoff and the last delta', () => {
    expect(settleDeadline({ openedAt: 100, lastDeltaAt: null, evidence: 'final' })).toBe(350);
    expect(settleDeadline({ openedAt: 100, lastDeltaAt: 50, evidence: 'final' })).toBe(350);
    expect(settleDeadline({ openedAt: 100, lastDeltaAt: 300, evidence: 'final' })).toBe(550);
    expect(settleDeadline({ openedAt: 100, lastDeltaAt: 300, evidence: 'partial' })).toBe(1_100);
    const tuned = { ...DEFAULT_SETTLE, partialQuietMs: 500 };
    expect(settleDeadline({ openedAt: 100, lastDeltaAt: 300, evidence: 'partial' }, tuned)).toBe(
      800,
    );
  });

  it('waits for the cap when no user words arrived, and never past it', () => {
    expect(settleDeadline({ openedAt: 100, lastDeltaAt: null, evidence: 'none' })).toBe(1_100);
    expect(settleDeadline({ openedAt: 100, lastDeltaAt: 1_000, evidence: 'final' })).toBe(1_100);
  });

  it('the fixed grace always routes at 1 s, like Codex V1', () => {
    for (const evidence of ['final', 'partial', 'none'] as const) {
      for (const lastDeltaAt of [null, 0, 400, 990]) {
        expect(settleDeadline({ openedAt: 0, lastDeltaAt, evidence }, FIXED_GRACE_SETTLE)).toBe(
          1_000,
        );
      }
    }
  });

  it('defaults are 250 / cap / cap / 1000 (a quiet gap alone never routes early)', () => {
    expect(DEFAULT_SETTLE).toEqual({
      finalQuietMs: 250,
      partialQuietMs: 1_000,
      emptyQuietMs: Number.POSITIVE_INFINITY,
      maxMs: 1_000,
    });
  });
});

describe('SettleWindow', () => {
  it('final entry and no deltas: settles 250 ms after the handoff', () => {
    const { clock, outcomes } = open('final');
    clock.advance(249);
    expect(outcomes).toEqual([]);
    clock.advance(1);
    expect(outcomes).toEqual([{ reason: 'settled', waitedMs: 250, evidence: 'final' }]);
  });

  it('a delta after the handoff restarts the quiet gap', () => {
    const { clock, outcomes, window } = open('final');
    clock.advance(200);
    window.noteTranscript(true, 'final');
    clock.advance(249);
    expect(outcomes).toEqual([]);
    clock.advance(1);
    expect(outcomes[0]).toMatchObject({ reason: 'settled', waitedMs: 450 });
  });

  it('quiet gap only (deltas, no done): waits the longer partial gap when tuned to 500 ms', () => {
    const { clock, outcomes, window } = open('partial', { partialQuietMs: 500 });
    clock.advance(100);
    window.noteTranscript(true, 'partial');
    clock.advance(300); // 250 ms quiet would have routed here
    expect(outcomes).toEqual([]);
    clock.advance(199);
    expect(outcomes).toEqual([]);
    clock.advance(1);
    expect(outcomes).toEqual([{ reason: 'settled', waitedMs: 600, evidence: 'partial' }]);
  });

  it('quiet gap only with the defaults: holds until the cap', () => {
    const { clock, outcomes, window } = open('partial');
    clock.advance(100);
    window.noteTranscript(true, 'partial');
    clock.advance(899);
    expect(outcomes).toEqual([]);
    clock.advance(1);
    expect(outcomes).toEqual([{ reason: 'cap', waitedMs: 1_000, evidence: 'partial' }]);
  });

  it('no user words at all: holds until the 1,000 ms cap', () => {
    const { clock, outcomes } = open('none');
    clock.advance(999);
    expect(outcomes).toEqual([]);
    clock.advance(1);
    expect(outcomes).toEqual([{ reason: 'cap', waitedMs: 1_000, evidence: 'none' }]);
  });

  it('a completed arriving after the quiet gap routes at once', () => {
    const { clock, outcomes, window } = open('none');
    clock.advance(400);
    window.noteTranscript(false, 'final');
    expect(outcomes).toEqual([{ reason: 'settled', waitedMs: 400, evidence: 'final' }]);
    clock.advance(2_000);
    expect(outcomes).toHaveLength(1);
  });

  it('a completed arriving early still waits out the 250 ms gap', () => {
    const { clock, outcomes, window } = open('partial');
    clock.advance(100);
    window.noteTranscript(false, 'final');
    expect(outcomes).toEqual([]);
    clock.advance(150);
    expect(outcomes[0]).toMatchObject({ reason: 'settled', waitedMs: 250 });
  });

  it('deltas that keep coming are capped at 1,000 ms', () => {
    const { clock, outcomes, window } = open('final');
    for (let t = 0; t < 1_200 && outcomes.length === 0; t += 100) {
      clock.advance(100);
      window.noteTranscript(true, 'final');
    }
    expect(outcomes).toEqual([{ reason: 'cap', waitedMs: 1_000, evidence: 'final' }]);
  });

  it('end() routes at once, exactly once, and cancels the timer', () => {
    for (const reason of ['next_handoff', 'closed', 'socket_replaced'] as const) {
      const { clock, outcomes, window } = open('none');
      clock.advance(30);
      window.end(reason);
      window.end('closed');
      window.noteTranscript(true, 'final');
      expect(outcomes).toEqual([{ reason, waitedMs: 30, evidence: 'none' }]);
      expect(window.isOpen).toBe(false);
      expect(clock.pendingTimers()).toBe(0);
    }
  });

  it('dispose cancels without settling and is idempotent', () => {
    const { clock, outcomes, window } = open('final');
    window.dispose();
    window.dispose();
    clock.advance(5_000);
    expect(outcomes).toEqual([]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('keeps a single timer however many deltas arrive', () => {
    const { clock, window } = open('partial');
    for (let i = 0; i < 20; i++) window.noteTranscript(true, 'partial');
    expect(clock.pendingTimers()).toBe(1);
  });

  it('takes its numbers from the options (fixed grace for the benchmark)', () => {
    const { clock, outcomes } = open('final', FIXED_GRACE_SETTLE);
    clock.advance(999);
    expect(outcomes).toEqual([]);
    clock.advance(1);
    expect(outcomes[0]).toMatchObject({ reason: 'settled', waitedMs: 1_000 });
  });
});
