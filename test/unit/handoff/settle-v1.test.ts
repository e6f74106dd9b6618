import { describe, expect, it } from 'vitest';
import type { RealtimeEvent } from '../../../main/realtime/realtime-events';
import { V1TranscriptEvidence } from '../../../main/handoff/settle-v1';

const delta = (text = 'word '): RealtimeEvent => ({
  type: 'input_transcript_delta',
  delta: text,
  itemId: null,
});
const done = (transcript = 'the words'): RealtimeEvent => ({
  type: 'input_transcript_done',
  transcript,
  itemId: null,
});

function evidence(...timed: [number, RealtimeEvent][]) {
  const policy = new V1TranscriptEvidence();
  for (const [at, event] of timed) policy.observe(event, at);
  return policy;
}

/** One finalised earlier utterance whose done came `lagMs` after its last delta. */
function learned(lagMs: number, at = 0): [number, RealtimeEvent][] {
  return [
    [at, delta('earlier ')],
    [at + 50, delta('turn')],
    [at + 50 + lagMs, done('earlier turn')],
  ];
}

describe('V1 settle on transcript evidence', () => {
  it('finalised well before the handoff: routes at once', () => {
    const policy = evidence([0, delta('fix the ')], [100, delta('tests')], [180, done()]);
    expect(policy.openWindow(600).decide(600)).toEqual({ route: true, reason: 'finalised' });
  });

  it('finalised: routes 250 ms after the last delta', () => {
    const policy = evidence([0, delta('fix the tests')], [60, done()]);
    const rule = policy.openWindow(100);
    expect(rule.decide(100)).toEqual({ route: false, wakeAt: 250 });
    expect(rule.decide(250)).toEqual({ route: true, reason: 'finalised' });
    expect(rule.detail()).toEqual({ waitedFor: [], quietGapMs: 250 });
  });

  it('a done without deltas counts as the words arriving', () => {
    const policy = evidence([1_000, done('run the linter')]);
    const rule = policy.openWindow(1_100);
    expect(rule.decide(1_100)).toEqual({ route: false, wakeAt: 1_250 });
  });

  it('a finalising event after the 250 ms routes at once', () => {
    const policy = evidence([0, delta('fix the ')]);
    const rule = policy.openWindow(50);
    policy.observe(delta('tests'), 200);
    policy.observe(done(), 700);
    expect(rule.decide(700)).toEqual({ route: true, reason: 'finalised' });
  });

  it('a delta after the done reopens the utterance', () => {
    const policy = evidence(...learned(200), [10_000, delta('deploy ')], [10_050, done()]);
    const rule = policy.openWindow(10_100);
    policy.observe(delta('to staging'), 10_200);
    // Open again: the learned gap (200 + 100 ms) applies, from the last delta.
    expect(rule.decide(10_200)).toEqual({ route: false, wakeAt: 10_500 });
  });

  it('deltas but no finalising event before any turn was seen: waits for the 1 s cap', () => {
    const policy = evidence([0, delta('open the readme')]);
    const rule = policy.openWindow(100);
    expect(rule.decide(100)).toEqual({ route: false, wakeAt: 1_100 });
    expect(rule.decide(1_100)).toEqual({ route: true, reason: 'cap' });
  });

  it('deltas but no finalising event: the quiet gap learned from this session', () => {
    const policy = evidence(...learned(300), [10_000, delta('open the ')]);
    expect(policy.learnedGapMs).toBe(400);
    const rule = policy.openWindow(10_100);
    expect(rule.decide(10_100)).toEqual({ route: false, wakeAt: 10_400 });
    policy.observe(delta('readme'), 10_350); // a new delta restarts the gap
    expect(rule.decide(10_399)).toEqual({ route: false, wakeAt: 10_750 });
    expect(rule.decide(10_750)).toEqual({ route: true, reason: 'quiet_gap' });
    expect(rule.detail().quietGapMs).toBe(400);
  });

  it('the learned gap is the largest lag seen, at least 250 ms, never past the cap', () => {
    expect(evidence(...learned(40)).learnedGapMs).toBe(250);
    expect(evidence(...learned(300), ...learned(120, 5_000)).learnedGapMs).toBe(400);
    expect(evidence(...learned(2_000)).learnedGapMs).toBe(1_000);
    // A delta late in the window: its gap would end past the cap, which wins.
    const policy = evidence(...learned(300), [10_000, delta('open ')]);
    const rule = policy.openWindow(10_100);
    policy.observe(delta('the readme'), 10_900);
    expect(rule.decide(10_900)).toEqual({ route: false, wakeAt: 11_100 });
    expect(rule.decide(11_100)).toEqual({ route: true, reason: 'cap' });
  });

  it('no user words since the last routing: waits for the cap, or for the words', () => {
    const policy = evidence([0, delta('first job')], [50, done()]);
    policy.routed();
    const rule = policy.openWindow(5_000);
    expect(rule.decide(5_000)).toEqual({ route: false, wakeAt: 6_000 });
    policy.observe(delta('second'), 5_100);
    // Words arrived; the session learned a 50 ms lag, so the gap is the 250 ms floor.
    expect(rule.decide(5_100)).toEqual({ route: false, wakeAt: 5_350 });
  });

  it('an empty finalising event (turn_marked without text) still finalises', () => {
    const policy = evidence([0, delta('stop the build')], [80, done('')]);
    expect(policy.learnedGapMs).toBe(250);
    expect(policy.openWindow(100).decide(250)).toEqual({ route: true, reason: 'finalised' });
  });

  it('assistant text is not evidence of the user having finished', () => {
    const policy = evidence([0, delta('fix it')]);
    policy.observe({ type: 'output_transcript_delta', delta: 'Sure', itemId: null }, 100);
    policy.observe({ type: 'output_transcript_done', transcript: 'Sure.', itemId: null }, 200);
    expect(policy.openWindow(300).decide(300)).toEqual({ route: false, wakeAt: 1_300 });
  });
});
