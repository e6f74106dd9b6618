/**
 * Which microphone frames go to the server. Three modes:
 * - `stream`: every frame (hands-free with server turn detection);
 * - `gated`: frames pass the local {@link VoiceActivityGate} (background listening: silence is
 *   not streamed, speech keeps a ~300 ms pre-roll);
 * - `hold`: frames pass only while the talk key is held, plus a short pre-roll of the frames
 *   just before the press (the key and the first word come together, and frames lag the key by
 *   the capture latency). Where the server decides turns itself (V1), released frames go out as
 *   silence instead, one pre-roll later, so the server hears the user stop and the stream keeps
 *   its timing.
 */
import { DropOldestQueue } from '../base/drop-oldest-queue';
import { VoiceActivityGate, type VoiceActivityGateOptions } from './voice-activity-gate';

/** How captured frames are chosen for sending. */
export type InputMode = 'stream' | 'gated' | 'hold';

/** Options for {@link CaptureInput}. */
export interface CaptureInputOptions {
  /** Sends one frame to the server. */
  send(frame: Int16Array): void;
  /** The gate opened or closed (`gated` mode). */
  onGateChange?(open: boolean): void;
  /** Gate tuning for `gated` mode. */
  gate?: VoiceActivityGateOptions;
  /** Frames before a talk-key press sent in `hold` mode [5 = 100 ms]. */
  holdPreRollFrames?: number;
  /** `hold` mode: send silence in place of frames while the key is up (else send nothing). */
  silenceWhileReleased?(): boolean;
}

/** Counters, for diagnostics. */
export interface CaptureInputCounts {
  /** Frames received from the renderer. */
  framesIn: number;
  /** Frames handed to `send`. */
  framesSent: number;
  /** Frames received but not sent: gated out, or outside a hold (net of pre-roll sent later). */
  framesWithheld: number;
}

/** Routes capture frames according to the input mode. */
export class CaptureInput {
  private modeValue: InputMode = 'stream';
  private held = false;
  private readonly gate: VoiceActivityGate;
  private readonly holdPreRoll: DropOldestQueue<Int16Array>;
  private sinceMark = 0;
  private framesIn = 0;
  private framesSent = 0;

  constructor(private readonly options: CaptureInputOptions) {
    this.gate = new VoiceActivityGate(options.gate);
    this.holdPreRoll = new DropOldestQueue(Math.max(1, options.holdPreRollFrames ?? 5));
  }

  get mode(): InputMode {
    return this.modeValue;
  }

  /** Counters, for diagnostics. */
  get counts(): CaptureInputCounts {
    const { framesIn, framesSent } = this;
    return { framesIn, framesSent, framesWithheld: Math.max(0, framesIn - framesSent) };
  }

  /** Whether the gate is open (`gated` mode only; false otherwise). */
  get gateOpen(): boolean {
    return this.modeValue === 'gated' && this.gate.isOpen;
  }

  /** Frames sent since the last {@link markTurnStart} (to tell an empty turn from a real one). */
  get framesSinceMark(): number {
    return this.sinceMark;
  }

  /** Switches mode; the gate and the hold pre-roll start afresh. */
  setMode(mode: InputMode): void {
    if (mode === this.modeValue) return;
    const wasOpen = this.gateOpen;
    this.modeValue = mode;
    this.gate.reset();
    this.holdPreRoll.clear();
    if (wasOpen) this.options.onGateChange?.(false);
  }

  /** `hold` mode: the key went down (true) or the turn ended (false). */
  setHeld(held: boolean): void {
    if (held === this.held) return;
    this.held = held;
    if (held && this.modeValue === 'hold') {
      for (let f = this.holdPreRoll.shift(); f; f = this.holdPreRoll.shift()) this.emit(f);
    }
  }

  /** A new turn starts now (after `input_audio_buffer.clear`). */
  markTurnStart(): void {
    this.sinceMark = 0;
  }

  /** One 20 ms PCM16 frame from the microphone. */
  push(frame: Int16Array): void {
    this.framesIn++;
    switch (this.modeValue) {
      case 'stream':
        this.emit(frame);
        return;
      case 'hold':
        if (this.held) this.emit(frame);
        else this.pushReleased(frame);
        return;
      case 'gated':
        this.pushGated(frame);
    }
  }

  /** Forgets gate and pre-roll state (capture restarted, session replaced). */
  reset(): void {
    const wasOpen = this.gateOpen;
    this.gate.reset();
    this.holdPreRoll.clear();
    this.held = false;
    this.sinceMark = 0;
    if (wasOpen) this.options.onGateChange?.(false);
  }

  private pushReleased(frame: Int16Array): void {
    const full = this.holdPreRoll.size >= this.holdPreRoll.capacity;
    if (full && this.options.silenceWhileReleased?.()) {
      const oldest = this.holdPreRoll.shift();
      if (oldest) this.emit(new Int16Array(oldest.length));
    }
    this.holdPreRoll.push(frame);
  }

  private pushGated(frame: Int16Array): void {
    const result = this.gate.process(frame);
    for (const f of result.frames) this.emit(f);
    if (result.transition) this.options.onGateChange?.(result.transition === 'opened');
  }

  private emit(frame: Int16Array): void {
    this.framesSent++;
    this.sinceMark++;
    this.options.send(frame);
  }
}
