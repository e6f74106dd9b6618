import { describe, expect, it } from 'vitest';
import { CUE_NOTES, followTalkCues } from '../../../renderer/src/audio/talk-cues';
import { createFakeApi } from './fake-api';

/** A recording AudioContext: the notes and the gain ramps scheduled on it. */
function fakeContext() {
  const notes: { frequency: number; start: number; stop: number }[] = [];
  const levels: number[] = [];
  let resumed = 0;
  const context = {
    state: 'suspended',
    currentTime: 2,
    destination: {},
    resume: () => {
      resumed++;
      context.state = 'running';
      return Promise.resolve();
    },
    createOscillator: () => {
      const note = { frequency: 0, start: 0, stop: 0 };
      notes.push(note);
      return {
        frequency: { setValueAtTime: (f: number) => (note.frequency = f) },
        connect: (gain: { connect(): void }) => gain,
        start: (at: number) => (note.start = at),
        stop: (at: number) => (note.stop = at),
      };
    },
    createGain: () => ({
      gain: {
        setValueAtTime: (v: number) => levels.push(v),
        linearRampToValueAtTime: (v: number) => levels.push(v),
      },
      connect: () => {},
    }),
  };
  return { context, notes, levels, resumed: () => resumed };
}

describe('talk cues', () => {
  it('plays a rising chirp for start and a falling one for stop, each note short and soft', () => {
    const fake = createFakeApi();
    const { context, notes, levels, resumed } = fakeContext();
    const off = followTalkCues(fake.api, () => context as unknown as AudioContext);
    fake.emit('talk.cue', { cue: 'start' });
    fake.emit('talk.cue', { cue: 'stop' });
    expect(notes.map((n) => n.frequency)).toEqual([...CUE_NOTES.start, ...CUE_NOTES.stop]);
    for (const note of notes) {
      expect(note.start).toBeGreaterThanOrEqual(2);
      expect(note.stop - note.start).toBeLessThanOrEqual(0.1);
    }
    expect(notes[1]!.start).toBeGreaterThan(notes[0]!.start);
    // Soft: it starts and ends silent and never gets loud.
    expect(levels[0]).toBe(0);
    expect(levels.at(-1)).toBe(0);
    expect(Math.max(...levels)).toBeGreaterThan(0);
    expect(Math.max(...levels)).toBeLessThanOrEqual(0.2);
    expect(resumed()).toBe(1);
    off();
    fake.emit('talk.cue', { cue: 'start' });
    expect(notes).toHaveLength(4);
    expect(fake.listenerCount('talk.cue')).toBe(0);
  });

  it('no cue, no AudioContext', () => {
    const fake = createFakeApi();
    let made = 0;
    followTalkCues(fake.api, () => {
      made++;
      return fakeContext().context as unknown as AudioContext;
    });
    expect(made).toBe(0);
  });
});
