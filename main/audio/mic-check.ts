import type { MicCheck } from '../../preload/schemas/checks';
import type { Clock, TimerHandle } from '../base/clock';
import { err, ok, type Result, type TaggedError } from '../base/result';

/** Samples per second of all of Parley's audio. */
const RATE = 24_000;
/** Samples per play chunk sent back (200 ms). */
const CHUNK = 4_800;

/** Why a check did not run to its end. */
export type MicCheckError = TaggedError<'busy' | 'cancelled'>;

/** How the recording goes back to the player. */
export interface MicCheckEffects {
  clock: Clock;
  /** Send one play chunk of `itemId` to the renderer's player. */
  play(itemId: string, pcm: Int16Array): void;
  /** No more audio of `itemId` will come. */
  end(itemId: string): void;
}

/** RMS of one PCM16 frame, 0…1. */
function rms(pcm: Int16Array): number {
  let sum = 0;
  for (const sample of pcm) sum += sample * sample;
  return pcm.length ? Math.sqrt(sum / pcm.length) / 32768 : 0;
}

/**
 * The microphone check of the first-run guide: records what the microphone sends for a moment,
 * then plays it back through the same player a conversation uses, so the user hears the whole
 * path (capture → main → playback). One check at a time.
 */
export class MicCheckRecorder {
  private current: {
    frames: Int16Array[];
    timer: TimerHandle;
    done: (result: Result<MicCheck, MicCheckError>) => void;
  } | null = null;
  private runs = 0;

  constructor(private readonly effects: MicCheckEffects) {}

  /** Whether a recording is in progress. */
  get recording(): boolean {
    return this.current !== null;
  }

  /** A captured frame; kept only while recording. */
  push(pcm: Int16Array): void {
    this.current?.frames.push(pcm.slice());
  }

  /** Record for `durationMs`, then play it back; `busy` when a check is already running. */
  run(durationMs: number): Promise<Result<MicCheck, MicCheckError>> {
    if (this.current) return Promise.resolve(err('busy', 'A microphone check is already running.'));
    return new Promise((done) => {
      const frames: Int16Array[] = [];
      const timer = this.effects.clock.setTimeout(() => {
        this.current = null;
        done(ok(this.playBack(frames)));
      }, durationMs);
      this.current = { frames, timer, done };
    });
  }

  /** Stop a recording in progress: nothing is played back (a conversation is starting). */
  cancel(): void {
    const current = this.current;
    if (!current) return;
    this.current = null;
    this.effects.clock.clearTimeout(current.timer);
    current.done(err('cancelled', 'The microphone check stopped because a conversation started.'));
  }

  private playBack(frames: Int16Array[]): MicCheck {
    const total = frames.reduce((n, f) => n + f.length, 0);
    const all = new Int16Array(total);
    let offset = 0;
    let peak = 0;
    for (const frame of frames) {
      all.set(frame, offset);
      offset += frame.length;
      peak = Math.max(peak, rms(frame));
    }
    const itemId = `mic-check-${++this.runs}`;
    for (let start = 0; start < total; start += CHUNK) {
      this.effects.play(itemId, all.subarray(start, Math.min(total, start + CHUNK)));
    }
    if (total > 0) this.effects.end(itemId);
    const ms = Math.round((total / RATE) * 1000);
    return { recordedMs: ms, peak: Math.round(peak * 1000) / 1000, playedBackMs: ms };
  }
}
