/**
 * The optional start/stop sounds: main sends `talk.cue` when talking or listening starts or
 * stops (only while the setting is on), and the page plays a short two-note chirp, rising
 * for start and falling for stop. Their own small AudioContext, so a cue never waits for or
 * disturbs the conversation's audio.
 */
import type { ParleyApi } from '../../../preload/contract';

/** The notes of each cue, in Hz, and how long each note lasts. */
export const CUE_NOTES = { start: [660, 880], stop: [880, 660] } as const;
const NOTE_SECONDS = 0.07;
const LEVEL = 0.12;

/** Plays one cue on `context`: two short notes with soft edges. */
export function playCue(context: AudioContext, cue: keyof typeof CUE_NOTES): void {
  const start = context.currentTime + 0.01;
  CUE_NOTES[cue].forEach((frequency, i) => {
    const at = start + i * NOTE_SECONDS;
    const tone = context.createOscillator();
    const gain = context.createGain();
    tone.frequency.setValueAtTime(frequency, at);
    gain.gain.setValueAtTime(0, at);
    gain.gain.linearRampToValueAtTime(LEVEL, at + 0.01);
    gain.gain.linearRampToValueAtTime(0, at + NOTE_SECONDS);
    tone.connect(gain).connect(context.destination);
    tone.start(at);
    tone.stop(at + NOTE_SECONDS);
  });
}

/** Plays each cue main sends; returns the unsubscribe function. */
export function followTalkCues(
  api: Pick<ParleyApi, 'on'>,
  createContext: () => AudioContext = () => new AudioContext(),
): () => void {
  let context: AudioContext | null = null;
  return api.on('talk.cue', ({ cue }) => {
    context ??= createContext();
    if (context.state === 'suspended') void context.resume();
    playCue(context, cue);
  });
}
