/**
 * A local, energy-based voice-activity gate for background listening: silence is
 * not streamed. It takes 20 ms PCM16 frames and returns the frames to send. Speech opens the gate
 * after a short onset and releases a pre-roll (~300 ms) of the frames before it, so the first
 * word keeps its start; a hangover keeps it open through short pauses. All timing is counted in
 * frames, so it needs no clock.
 *
 * Speech = frame level above both an absolute floor and an adaptive noise floor plus a margin.
 * The noise floor falls at once to a quieter frame and rises slowly (faster while the gate is
 * closed), so a steady noise eventually stops counting as speech.
 */
import { DropOldestQueue } from '../base/drop-oldest-queue';

/** Options for {@link VoiceActivityGate}; defaults in brackets. */
export interface VoiceActivityGateOptions {
  /** Frames released before the onset [15 = 300 ms of 20 ms frames]. */
  preRollFrames?: number;
  /** Consecutive speech frames needed to open [2 = 40 ms]: a click does not open the gate. */
  onsetFrames?: number;
  /** Non-speech frames after the last speech frame before closing [25 = 500 ms]. */
  hangoverFrames?: number;
  /** Frames quieter than this (dBFS) are never speech [−50]. */
  minSpeechDbfs?: number;
  /** How far above the noise floor a frame must be to be speech, in dB [10]. */
  marginDb?: number;
  /**
   * Noise floor assumed before any frame [−60]: low, so speech from the very first frame opens
   * the gate; a louder steady noise lifts the floor within a few seconds.
   */
  initialNoiseFloorDbfs?: number;
}

/** What one frame did to the gate. */
export interface GateResult {
  /** Frames to send now, oldest first (the pre-roll and this frame when it opens). */
  frames: Int16Array[];
  /** Whether the gate is open after this frame. */
  open: boolean;
  /** Set on the frame that opened or closed the gate. */
  transition: 'opened' | 'closed' | null;
  /** This frame's RMS level in dBFS (≥ −100). */
  levelDbfs: number;
}

/** Frame RMS in dBFS, full scale = 32768, floored at −100. */
export function frameLevelDbfs(frame: Int16Array): number {
  if (frame.length === 0) return -100;
  let sum = 0;
  for (let i = 0; i < frame.length; i++) {
    const v = (frame[i] ?? 0) / 32768;
    sum += v * v;
  }
  const rms = Math.sqrt(sum / frame.length);
  return rms > 1e-5 ? Math.max(-100, 20 * Math.log10(rms)) : -100;
}

/** Per-frame noise-floor rise rates (fraction of the gap to the frame level). */
const FLOOR_RISE_CLOSED = 0.02; // time constant ~1 s of 20 ms frames
const FLOOR_RISE_OPEN = 0.004; // ~5 s: speech alone should not lift the floor

/** Energy-based voice-activity gate with onset, hangover and pre-roll. */
export class VoiceActivityGate {
  private readonly onsetFrames: number;
  private readonly hangoverFrames: number;
  private readonly minSpeechDbfs: number;
  private readonly marginDb: number;
  private readonly preRoll: DropOldestQueue<Int16Array>;
  private opened = false;
  private onsetCount = 0;
  private hangover = 0;
  private readonly initialFloorDbfs: number;
  private floorDbfs: number;

  constructor(options: VoiceActivityGateOptions = {}) {
    this.onsetFrames = Math.max(1, options.onsetFrames ?? 2);
    this.hangoverFrames = Math.max(0, options.hangoverFrames ?? 25);
    this.minSpeechDbfs = options.minSpeechDbfs ?? -50;
    this.marginDb = options.marginDb ?? 10;
    this.preRoll = new DropOldestQueue(Math.max(1, options.preRollFrames ?? 15));
    this.initialFloorDbfs = options.initialNoiseFloorDbfs ?? -60;
    this.floorDbfs = this.initialFloorDbfs;
  }

  /** Whether frames are currently being passed. */
  get isOpen(): boolean {
    return this.opened;
  }

  /** The adaptive noise floor in dBFS. */
  get noiseFloorDbfs(): number {
    return this.floorDbfs;
  }

  /** Feeds one frame; returns the frames to send and any transition. */
  process(frame: Int16Array): GateResult {
    const levelDbfs = frameLevelDbfs(frame);
    const speech = this.isSpeech(levelDbfs);
    this.trackFloor(levelDbfs);
    if (!this.opened) {
      this.preRoll.push(frame);
      this.onsetCount = speech ? this.onsetCount + 1 : 0;
      if (this.onsetCount < this.onsetFrames) {
        return { frames: [], open: false, transition: null, levelDbfs };
      }
      this.opened = true;
      this.hangover = this.hangoverFrames;
      const frames: Int16Array[] = [];
      for (let f = this.preRoll.shift(); f; f = this.preRoll.shift()) frames.push(f);
      return { frames, open: true, transition: 'opened', levelDbfs };
    }
    if (speech) {
      this.hangover = this.hangoverFrames;
    } else if (--this.hangover < 0) {
      this.opened = false;
      this.onsetCount = 0;
      return { frames: [frame], open: false, transition: 'closed', levelDbfs };
    }
    return { frames: [frame], open: true, transition: null, levelDbfs };
  }

  /** Closes the gate and forgets the pre-roll and noise floor (e.g. when capture restarts). */
  reset(): void {
    this.opened = false;
    this.onsetCount = 0;
    this.hangover = 0;
    this.floorDbfs = this.initialFloorDbfs;
    this.preRoll.clear();
  }

  private isSpeech(levelDbfs: number): boolean {
    return levelDbfs >= this.minSpeechDbfs && levelDbfs >= this.floorDbfs + this.marginDb;
  }

  private trackFloor(levelDbfs: number): void {
    if (levelDbfs < this.floorDbfs) {
      this.floorDbfs = levelDbfs;
      return;
    }
    const rise = this.opened ? FLOOR_RISE_OPEN : FLOOR_RISE_CLOSED;
    this.floorDbfs += (levelDbfs - this.floorDbfs) * rise;
  }
}
