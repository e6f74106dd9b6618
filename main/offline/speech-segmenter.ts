/** Tuning of {@link SpeechSegmenter}; times in milliseconds of audio. */
export interface SegmenterOptions {
  /** Duration of one probability frame (Silero at 16 kHz: 512 samples = 32 ms). */
  frameMs: number;
  /** A frame at or above this starts (or confirms) speech. */
  startThreshold: number;
  /** Below this a frame counts as silence; between the two thresholds speech goes on. */
  endThreshold: number;
  /** Speech must last this long before it counts, so a click or a cough does not. */
  minSpeechMs: number;
  /** This much silence ends the speech (the session's `silence_duration_ms`). */
  silenceMs: number;
  /** A turn longer than this is ended anyway, so a noisy room cannot hold the turn forever. */
  maxSpeechMs: number;
}

export const DEFAULT_SEGMENTER_OPTIONS: SegmenterOptions = {
  frameMs: 32,
  startThreshold: 0.5,
  // Low, so the weak fricative that ends many words ("tests") stays inside the speech.
  endThreshold: 0.15,
  minSpeechMs: 96,
  silenceMs: 500,
  maxSpeechMs: 15_000,
};

/** A change of the user's speaking state, at audio times. */
export type SegmentEvent =
  | { type: 'speech_started'; startMs: number }
  | { type: 'speech_stopped'; startMs: number; endMs: number };

type State =
  | { kind: 'silence' }
  | { kind: 'onset'; startFrame: number; speechFrames: number }
  | { kind: 'speech'; startFrame: number; lastSpeechFrame: number; silentFrames: number };

/**
 * Turns per-frame speech probabilities into speech start/stop events with hysteresis: speech
 * starts at the first frame over `startThreshold` once `minSpeechMs` of speech followed it, and
 * stops at the end of the last speech frame once `silenceMs` of silence followed. Pure: time is
 * the frame count.
 */
export class SpeechSegmenter {
  private state: State = { kind: 'silence' };
  private frame: number;

  /** `startFrame`: frames already elapsed, so a replacement segmenter keeps the audio clock. */
  constructor(
    private readonly options: SegmenterOptions = DEFAULT_SEGMENTER_OPTIONS,
    startFrame = 0,
  ) {
    this.frame = startFrame;
    if (options.endThreshold > options.startThreshold) {
      throw new Error('endThreshold must not be above startThreshold');
    }
  }

  /** True while the user is speaking (after `speech_started`, before `speech_stopped`). */
  get speaking(): boolean {
    return this.state.kind === 'speech';
  }

  /** Audio time after the last frame pushed. */
  get nowMs(): number {
    return this.frame * this.options.frameMs;
  }

  /** Feeds one frame's speech probability; returns what changed (at most one event). */
  push(probability: number): SegmentEvent | null {
    const index = this.frame++;
    const { startThreshold, endThreshold } = this.options;
    const state = this.state;
    switch (state.kind) {
      case 'silence':
        if (probability >= startThreshold) this.state = this.onset(index, 1);
        return this.confirmOnset();
      case 'onset':
        if (probability < endThreshold) {
          this.state = { kind: 'silence' };
          return null;
        }
        state.speechFrames++;
        return this.confirmOnset();
      case 'speech':
        return this.continueSpeech(state, index, probability);
    }
  }

  /** Ends speech in progress now (a commit or the end of the stream). */
  flush(): SegmentEvent | null {
    const state = this.state;
    this.state = { kind: 'silence' };
    if (state.kind !== 'speech') return null;
    return this.stopped(state.startFrame, state.lastSpeechFrame);
  }

  /** Forgets everything, including the frame count (a cleared buffer starts at 0 again). */
  reset(): void {
    this.state = { kind: 'silence' };
    this.frame = 0;
  }

  private onset(startFrame: number, speechFrames: number): State {
    return { kind: 'onset', startFrame, speechFrames };
  }

  private confirmOnset(): SegmentEvent | null {
    const state = this.state;
    if (state.kind !== 'onset') return null;
    if (state.speechFrames * this.options.frameMs < this.options.minSpeechMs) return null;
    this.state = {
      kind: 'speech',
      startFrame: state.startFrame,
      lastSpeechFrame: state.startFrame + state.speechFrames - 1,
      silentFrames: 0,
    };
    return { type: 'speech_started', startMs: state.startFrame * this.options.frameMs };
  }

  private continueSpeech(
    state: Extract<State, { kind: 'speech' }>,
    index: number,
    probability: number,
  ): SegmentEvent | null {
    const { frameMs, endThreshold, silenceMs, maxSpeechMs } = this.options;
    if (probability >= endThreshold) {
      state.lastSpeechFrame = index;
      state.silentFrames = 0;
    } else {
      state.silentFrames++;
    }
    const tooLong = (index + 1 - state.startFrame) * frameMs >= maxSpeechMs;
    if (state.silentFrames * frameMs < silenceMs && !tooLong) return null;
    this.state = { kind: 'silence' };
    return this.stopped(state.startFrame, state.lastSpeechFrame);
  }

  private stopped(startFrame: number, lastSpeechFrame: number): SegmentEvent {
    const { frameMs } = this.options;
    return {
      type: 'speech_stopped',
      startMs: startFrame * frameMs,
      endMs: (lastSpeechFrame + 1) * frameMs,
    };
  }
}
