import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SEGMENTER_OPTIONS,
  SpeechSegmenter,
  type SegmentEvent,
} from '../../../main/offline/speech-segmenter';

/** Feeds probabilities; returns each event with the frame index that produced it. */
function run(segmenter: SpeechSegmenter, probabilities: number[]) {
  const out: { frame: number; event: SegmentEvent }[] = [];
  probabilities.forEach((p, frame) => {
    const event = segmenter.push(p);
    if (event) out.push({ frame, event });
  });
  return out;
}
const frames = (count: number, p: number) => Array<number>(count).fill(p);

describe('speech segmenter', () => {
  it('starts at the first speech frame once enough speech followed, stops at the last one', () => {
    // 10 silent frames, 20 speech frames (640 ms), then silence.
    const events = run(new SpeechSegmenter(), [
      ...frames(10, 0.05),
      ...frames(20, 0.9),
      ...frames(30, 0.02),
    ]);
    expect(events).toEqual([
      { frame: 12, event: { type: 'speech_started', startMs: 320 } },
      { frame: 45, event: { type: 'speech_stopped', startMs: 320, endMs: 960 } },
    ]);
  });

  it('ignores a blip shorter than the minimum speech', () => {
    const events = run(new SpeechSegmenter(), [...frames(5, 0), 0.9, 0.9, 0.1, ...frames(40, 0)]);
    expect(events).toEqual([]);
  });

  it('keeps speech through short pauses and mid-range frames (hysteresis)', () => {
    const speech = [...frames(10, 0.9), ...frames(8, 0.1), ...frames(5, 0.4), ...frames(10, 0.8)];
    const events = run(new SpeechSegmenter(), [...speech, ...frames(20, 0)]);
    expect(events.map((e) => e.event)).toEqual([
      { type: 'speech_started', startMs: 0 },
      { type: 'speech_stopped', startMs: 0, endMs: 33 * 32 },
    ]);
  });

  it('ends a turn that goes on too long, and flushes speech in progress', () => {
    const segmenter = new SpeechSegmenter({ ...DEFAULT_SEGMENTER_OPTIONS, maxSpeechMs: 320 });
    const events = run(segmenter, frames(14, 0.9));
    expect(events.map((e) => e.event.type)).toEqual([
      'speech_started',
      'speech_stopped',
      'speech_started',
    ]);
    expect(segmenter.speaking).toBe(true);
    expect(segmenter.flush()).toEqual({ type: 'speech_stopped', startMs: 320, endMs: 448 });
    expect(segmenter.flush()).toBeNull();
  });

  it('keeps the audio clock when started at a frame, and rejects inverted thresholds', () => {
    const segmenter = new SpeechSegmenter(DEFAULT_SEGMENTER_OPTIONS, 100);
    expect(run(segmenter, frames(3, 0.9))[0]?.event).toEqual({
      type: 'speech_started',
      startMs: 3200,
    });
    expect(
      () =>
        new SpeechSegmenter({
          ...DEFAULT_SEGMENTER_OPTIONS,
          startThreshold: 0.3,
          endThreshold: 0.5,
        }),
    ).toThrow('endThreshold');
  });
});
