import { describe, expect, it } from 'vitest';
import { VoiceActivityGate, frameLevelDbfs } from '../../../main/audio/voice-activity-gate';

let serial = 0;

/** A 20 ms frame: a 300 Hz tone at `dbfs` plus a serial number in sample 0 to track identity. */
function frame(dbfs: number | null): Int16Array {
  const f = new Int16Array(480);
  if (dbfs !== null) {
    const amp = 32768 * 10 ** (dbfs / 20) * Math.SQRT2;
    for (let i = 1; i < 480; i++)
      f[i] = Math.round(amp * Math.sin((2 * Math.PI * 300 * i) / 24_000));
  }
  f[0] = serial++ % 30_000;
  return f;
}

function run(
  gate: VoiceActivityGate,
  frames: Int16Array[],
): { sent: Int16Array[]; transitions: string[] } {
  const sent: Int16Array[] = [];
  const transitions: string[] = [];
  frames.forEach((f, i) => {
    const r = gate.process(f);
    sent.push(...r.frames);
    if (r.transition) transitions.push(`${r.transition}@${i}`);
  });
  return { sent, transitions };
}

const repeat = (n: number, dbfs: number | null): Int16Array[] =>
  Array.from({ length: n }, () => frame(dbfs));

describe('frameLevelDbfs', () => {
  it('measures RMS in dBFS', () => {
    expect(frameLevelDbfs(frame(-20))).toBeCloseTo(-20, 0);
    expect(frameLevelDbfs(new Int16Array(480))).toBe(-100);
    expect(frameLevelDbfs(new Int16Array(0))).toBe(-100);
  });
});

describe('VoiceActivityGate', () => {
  it('streams nothing during silence or quiet noise', () => {
    const gate = new VoiceActivityGate();
    expect(run(gate, [...repeat(100, null), ...repeat(100, -65)]).sent).toEqual([]);
    expect(gate.isOpen).toBe(false);
  });

  it('opens on speech with a 300 ms pre-roll, in order, and closes after the hangover', () => {
    const gate = new VoiceActivityGate();
    const input = [...repeat(50, -70), ...repeat(30, -20), ...repeat(60, -70)];
    const { sent, transitions } = run(gate, input);
    // Onset at frame 51 (2 speech frames); the pre-roll is the 15 frames ending there.
    expect(transitions).toEqual(['opened@51', `closed@${79 + 26}`]);
    expect(sent[0]).toBe(input[51 - 14]);
    expect(sent.slice(0, 15)).toEqual(input.slice(37, 52));
    // Everything from the pre-roll start to the close is sent, exactly once, in order.
    expect(sent).toEqual(input.slice(37, 79 + 27));
    expect(gate.isOpen).toBe(false);
  });

  it('stays open through a pause shorter than the hangover', () => {
    const gate = new VoiceActivityGate({ hangoverFrames: 10 });
    const input = [
      ...repeat(20, null),
      ...repeat(10, -25),
      ...repeat(8, null),
      ...repeat(10, -25),
      ...repeat(30, null),
    ];
    expect(run(gate, input).transitions).toEqual(['opened@21', 'closed@58']);
  });

  it('ignores a single-frame click', () => {
    const gate = new VoiceActivityGate();
    expect(run(gate, [...repeat(20, null), frame(-10), ...repeat(20, null)]).sent).toEqual([]);
  });

  it('opens on speech from the very first frame', () => {
    const gate = new VoiceActivityGate();
    const input = repeat(5, -25);
    const { sent, transitions } = run(gate, input);
    expect(transitions).toEqual(['opened@1']);
    expect(sent).toEqual(input);
  });

  it('adapts to a steady loud noise and closes within a few seconds', () => {
    const gate = new VoiceActivityGate();
    const { transitions } = run(gate, repeat(500, -40)); // 10 s of steady noise
    expect(transitions[0]).toBe('opened@1');
    const closed = transitions.find((t) => t.startsWith('closed'));
    expect(closed).toBeDefined();
    expect(Number(closed?.split('@')[1])).toBeLessThan(250); // < 5 s
    expect(gate.noiseFloorDbfs).toBeGreaterThan(-52);
    // Speech well above the learned noise still opens the gate again.
    expect(run(gate, repeat(5, -15)).transitions).toEqual(['opened@1']);
  });

  it('reset closes and forgets the pre-roll', () => {
    const gate = new VoiceActivityGate();
    run(gate, repeat(10, null));
    run(gate, repeat(3, -20));
    expect(gate.isOpen).toBe(true);
    gate.reset();
    expect(gate.isOpen).toBe(false);
    expect(run(gate, repeat(2, -20)).sent.length).toBe(2);
  });
});
