import type { Clock, TimerHandle } from '../base/clock';

/** 20 ms of PCM16 mono silence at 24 kHz (480 zero samples = 960 zero bytes), base64. */
export const SILENCE_FRAME_BASE64 = 'A'.repeat(1280);

/** Options of {@link SilencePacer}. */
export interface SilencePacerOptions {
  clock: Clock;
  /** Sends one base64 PCM16 frame. */
  send(base64Frame: string): void;
  /** Length of one frame [20 ms]. */
  frameMs?: number;
  /** Microphone frames count as flowing until this long after the last one [200 ms]. */
  idleAfterMs?: number;
  /** After a stall (a late timer), send at most this many frames at once [3]. */
  maxCatchUpFrames?: number;
}

/**
 * Keeps a Live session's input audio streaming when the microphone is silent on the wire
 * (headless, muted, hold-to-talk released): the Live timeline advances only while input audio
 * arrives, and appended results are placed only on a moving timeline. While running and no
 * real frame came for {@link SilencePacerOptions.idleAfterMs}, it sends silence frames at real-time
 * pace; a stall is not made up beyond a few frames, so the server never gets a burst. The
 * first real frame stops the silence at once. Pure: time and timers from the clock.
 */
export class SilencePacer {
  private readonly frameMs: number;
  private readonly idleAfterMs: number;
  private readonly maxCatchUp: number;
  private running = false;
  private lastRealAt: number | null = null;
  /** Start of the current silence run, and frames sent in it. */
  private anchorAt = 0;
  private sentInRun = 0;
  private silent = false;
  private timer: TimerHandle | null = null;
  private sent = 0;

  constructor(private readonly options: SilencePacerOptions) {
    this.frameMs = options.frameMs ?? 20;
    this.idleAfterMs = options.idleAfterMs ?? 200;
    this.maxCatchUp = Math.max(1, options.maxCatchUpFrames ?? 3);
  }

  /** Whether the pacer is started (it may still be waiting for the microphone to go quiet). */
  get isRunning(): boolean {
    return this.running;
  }

  /** Whether silence is being sent right now. */
  get isSendingSilence(): boolean {
    return this.running && this.silent;
  }

  /** Silence frames sent since construction. */
  get silenceFrames(): number {
    return this.sent;
  }

  /** The session can take audio: send silence whenever the microphone is quiet. Idempotent. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.scheduleResume();
  }

  /** No session to stream to: send nothing until the next {@link start}. Idempotent. */
  stop(): void {
    this.running = false;
    this.silent = false;
    this.clearTimer();
  }

  /** A real microphone frame went out: silence stops now and resumes once frames stop. */
  noteRealFrame(): void {
    this.lastRealAt = this.options.clock.now();
    if (!this.running) return;
    if (this.silent) {
      this.silent = false;
      this.clearTimer();
    }
    // One timer per quiet period, not per frame: it re-checks when it fires.
    this.timer ??= this.options.clock.setTimeout(() => this.onIdleCheck(), this.idleAfterMs);
  }

  /** Same as {@link stop}. */
  dispose(): void {
    this.stop();
  }

  private scheduleResume(): void {
    const now = this.options.clock.now();
    const quietFor = this.lastRealAt === null ? Infinity : now - this.lastRealAt;
    if (quietFor >= this.idleAfterMs) return this.beginSilence(now);
    this.clearTimer();
    this.timer = this.options.clock.setTimeout(
      () => this.onIdleCheck(),
      this.idleAfterMs - quietFor,
    );
  }

  private onIdleCheck(): void {
    this.timer = null;
    if (this.running && !this.silent) this.scheduleResume();
  }

  private beginSilence(now: number): void {
    this.silent = true;
    this.anchorAt = now;
    this.sentInRun = 0;
    this.tick();
  }

  /** Sends the frames due by now (at most a few after a stall), then waits for the next one. */
  private tick(): void {
    this.timer = null;
    if (!this.running || !this.silent) return;
    const now = this.options.clock.now();
    let due = Math.floor((now - this.anchorAt) / this.frameMs) + 1 - this.sentInRun;
    if (due > this.maxCatchUp) {
      // Too late to make up: move the run's start so only a few frames go out now.
      this.anchorAt = now - (this.sentInRun + this.maxCatchUp - 1) * this.frameMs;
      due = this.maxCatchUp;
    }
    for (let i = 0; i < due; i++) {
      this.sentInRun++;
      this.sent++;
      this.options.send(SILENCE_FRAME_BASE64);
      // A send may report a real frame or stop the pacer re-entrantly.
      if (!this.running || !this.silent) return;
    }
    const nextAt = this.anchorAt + this.sentInRun * this.frameMs;
    this.timer = this.options.clock.setTimeout(() => this.tick(), Math.max(0, nextAt - now));
  }

  private clearTimer(): void {
    if (this.timer !== null) this.options.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
