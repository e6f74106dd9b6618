import { describe, expect, it } from 'vitest';
import type { RealtimeEvent } from '../../../main/realtime/realtime-events';
import { V2TranscriptionEvidence } from '../../../main/handoff/settle-v2';

const started = (itemId: string): RealtimeEvent => ({ type: 'speech_started', itemId });
const committed = (itemId: string): RealtimeEvent => ({
  type: 'input_audio_committed',
  itemId,
  previousItemId: null,
});
const delta = (itemId: string, text = 'word '): RealtimeEvent => ({
  type: 'input_transcript_delta',
  delta: text,
  itemId,
});
const completed = (itemId: string, transcript = 'done'): RealtimeEvent => ({
  type: 'input_transcript_done',
  transcript,
  itemId,
});
const failed = (itemId: string): RealtimeEvent => ({
  type: 'input_transcript_failed',
  itemId,
  message: 'audio unintelligible',
});

/** Evidence fed at given times (ms). */
function evidence(...timed: [number, RealtimeEvent][]) {
  const policy = new V2TranscriptionEvidence();
  for (const [at, event] of timed) policy.observe(event, at);
  return policy;
}

describe('V2 settle on transcription evidence', () => {
  it('nothing committed: routes at once', () => {
    const rule = evidence().openWindow(1_000);
    expect(rule.decide(1_000)).toEqual({ route: true, reason: 'nothing_pending' });
    expect(rule.detail()).toEqual({ waitedFor: [], quietGapMs: null });
  });

  it('items transcribed before the handoff: routes at once', () => {
    const policy = evidence([0, started('u1')], [400, committed('u1')], [700, completed('u1')]);
    expect(policy.openWindow(900).decide(900)).toEqual({ route: true, reason: 'nothing_pending' });
  });

  it('a pending item holds the window until its completed, then routes at once', () => {
    const policy = evidence([0, committed('u1')], [100, delta('u1')]);
    const rule = policy.openWindow(300);
    expect(rule.decide(300)).toEqual({ route: false, wakeAt: 3_000 });
    policy.observe(delta('u1'), 450);
    expect(rule.decide(450)).toEqual({ route: false, wakeAt: 3_000 });
    policy.observe(completed('u1'), 520);
    expect(rule.decide(520)).toEqual({ route: true, reason: 'transcribed' });
    expect(rule.detail().waitedFor).toEqual(['u1']);
  });

  it('whisper-class transcription 2.5 s after the commit is still waited for', () => {
    const policy = evidence([0, committed('u1')]);
    const rule = policy.openWindow(600);
    expect(rule.decide(2_499)).toEqual({ route: false, wakeAt: 3_000 });
    policy.observe(completed('u1'), 2_500);
    expect(rule.decide(2_500)).toEqual({ route: true, reason: 'transcribed' });
  });

  it('a failed transcription routes at once with what arrived', () => {
    const policy = evidence([0, committed('u1')], [200, delta('u1', 'fix the ')]);
    const rule = policy.openWindow(300);
    policy.observe(failed('u1'), 800);
    expect(rule.decide(800)).toEqual({ route: true, reason: 'transcription_failed' });
  });

  it('an item not transcribed 3 s after its commit is given up, and holds no later handoff', () => {
    const policy = evidence([1_000, committed('u1')]);
    const rule = policy.openWindow(2_000);
    expect(rule.decide(2_000)).toEqual({ route: false, wakeAt: 4_000 });
    expect(rule.decide(4_000)).toEqual({ route: true, reason: 'given_up' });
    expect(policy.openWindow(4_500).decide(4_500)).toEqual({
      route: true,
      reason: 'nothing_pending',
    });
    // Its late text changes nothing for the rule (it joins the transcript for the next one).
    policy.observe(completed('u1'), 6_000);
    expect(policy.awaiting(6_000)).toEqual([]);
  });

  it('the wait is capped at 3 s after the handoff', () => {
    const policy = evidence([0, started('u1')]); // speech that never commits
    const rule = policy.openWindow(500);
    expect(rule.decide(500)).toEqual({ route: false, wakeAt: 3_500 });
    expect(rule.decide(3_500)).toEqual({ route: true, reason: 'cap' });
  });

  it('with two pending items it routes when the last one ends', () => {
    const policy = evidence([0, committed('u1')], [100, committed('u2')]);
    const rule = policy.openWindow(200);
    policy.observe(completed('u2'), 400);
    expect(rule.decide(400)).toEqual({ route: false, wakeAt: 3_000 });
    policy.observe(failed('u1'), 900);
    expect(rule.decide(900)).toEqual({ route: true, reason: 'transcription_failed' });
    expect(rule.detail().waitedFor).toEqual(['u1', 'u2']);
  });

  it('speech starting in the window reopens it for the new item', () => {
    const policy = evidence([0, committed('u1')]);
    const rule = policy.openWindow(300);
    policy.observe(started('u2'), 350);
    policy.observe(completed('u1'), 500);
    expect(rule.decide(500)).toEqual({ route: false, wakeAt: 3_300 });
    policy.observe(committed('u2'), 1_400);
    expect(rule.decide(1_400)).toEqual({ route: false, wakeAt: 3_300 });
    policy.observe(completed('u2'), 1_900);
    expect(rule.decide(1_900)).toEqual({ route: true, reason: 'transcribed' });
  });

  it('speech that never commits stops holding 3 s after the next speech started', () => {
    const policy = evidence([0, started('u1')], [5_000, started('u2')], [5_900, committed('u2')]);
    policy.observe(completed('u2'), 6_300);
    expect(policy.awaiting(6_300).map((item) => item.id)).toEqual(['u1']);
    expect(policy.awaiting(8_000)).toEqual([]);
  });

  it('a server that never transcribes stops holding handoffs after two give-ups', () => {
    const policy = evidence([0, committed('u1')], [10_000, committed('u2')]);
    expect(policy.openWindow(10_100).decide(10_100)).toEqual({ route: false, wakeAt: 13_000 });
    policy.observe(committed('u3'), 20_000);
    expect(policy.openWindow(20_100).decide(20_100)).toEqual({
      route: true,
      reason: 'nothing_pending',
    });
  });

  it('once transcription was seen, every committed item is waited for', () => {
    const policy = evidence(
      [0, committed('u1')],
      [5_000, committed('u2')],
      [10_000, committed('u3')],
      [10_050, delta('u3')],
    );
    expect(policy.openWindow(10_100).decide(10_100)).toEqual({ route: false, wakeAt: 13_000 });
  });

  it('remembers a bounded number of items, forgetting ended ones first', () => {
    const policy = new V2TranscriptionEvidence();
    for (let i = 0; i < 500; i++) {
      policy.observe(committed(`u${i}`), i * 10);
      policy.observe(completed(`u${i}`), i * 10 + 5);
    }
    policy.observe(committed('last'), 6_000);
    expect(policy.awaiting(6_000).map((item) => item.id)).toEqual(['last']);
  });

  it('events without an item id are not tracked', () => {
    const policy = new V2TranscriptionEvidence();
    policy.observe({ type: 'input_audio_committed', itemId: null, previousItemId: null }, 0);
    policy.observe({ type: 'speech_started', itemId: null }, 0);
    expect(policy.openWindow(10).decide(10)).toEqual({ route: true, reason: 'nothing_pending' });
  });
});
