import type { Clock, TimerHandle } from '../base/clock';
import type { RealtimeEvent } from '../realtime/realtime-events';

/** Options of {@link DeliveryGate}. */
export interface DeliveryGateOptions {
  /**
   * A turn whose end the server never reports must not hold results forever: after this long
   * the server's turn counts as over (the key and the connection still hold). Default 15 s.
   */
  maxHoldMs?: number;
}

/**
 * Holds task results while the user is speaking or no socket is up. The user speaks from `speech_started` (or the
 * hold-to-talk key) until the end of the turn: `speech_stopped`, the input transcript's `done`,
 * or `response_created`. Held work runs in order as soon as the gate opens.
 */
export class DeliveryGate {
  private serverSpeaking = false;
  private keySpeaking = false;
  private connected = true;
  private queue: { work: () => void; onDrop: (() => void) | undefined }[] = [];
  private timer: TimerHandle | null = null;
  private disposed = false;
  private readonly maxHoldMs: number;

  constructor(
    private readonly clock: Clock,
    options: DeliveryGateOptions = {},
  ) {
    this.maxHoldMs = options.maxHoldMs ?? 15_000;
  }

  /** True when work submitted now runs at once. */
  get isOpen(): boolean {
    return this.connected && !this.serverSpeaking && !this.keySpeaking;
  }

  /** False between a lost socket and its replacement. */
  get isConnected(): boolean {
    return this.connected;
  }

  /** Work waiting for the gate. */
  get held(): number {
    return this.queue.length;
  }

  /** Tracks the user's turn from server events. */
  observe(event: RealtimeEvent): void {
    if (event.type === 'speech_started') this.serverSpeaking = true;
    else if (
      event.type === 'speech_stopped' ||
      event.type === 'input_transcript_done' ||
      event.type === 'response_created'
    ) {
      this.setServerSpeaking(false);
    }
  }

  /** The hold-to-talk key (or another local signal) says whether the user is speaking. */
  setUserSpeaking(speaking: boolean): void {
    this.keySpeaking = speaking;
    this.flush();
  }

  /** Whether a socket is up to deliver on; the server's view of the turn resets with it. */
  setConnected(connected: boolean): void {
    this.connected = connected;
    if (connected) this.serverSpeaking = false;
    this.flush();
  }

  /**
   * Runs `work` now when the gate is open, else when it opens; `onDrop` runs instead if the
   * gate is disposed first, so the owner can keep what would otherwise be lost.
   */
  submit(work: () => void, onDrop?: () => void): void {
    if (this.disposed) {
      onDrop?.();
      return;
    }
    if (this.isOpen && this.queue.length === 0) {
      work();
      return;
    }
    this.queue.push({ work, onDrop });
    this.armMaxHold();
  }

  /** Drops held work (telling each its `onDrop`) and the timer. Idempotent. */
  dispose(): void {
    this.disposed = true;
    const dropped = this.queue;
    this.queue = [];
    this.clearTimer();
    for (const item of dropped) item.onDrop?.();
  }

  private setServerSpeaking(speaking: boolean): void {
    this.serverSpeaking = speaking;
    this.flush();
  }

  private flush(): void {
    if (!this.isOpen) return;
    this.clearTimer();
    this.runQueue();
  }

  private runQueue(): void {
    const work = this.queue;
    this.queue = [];
    for (const item of work) item.work();
  }

  private armMaxHold(): void {
    if (this.timer !== null) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      if (this.disposed) return;
      // The server never reported the turn's end: treat it as over rather than keep results
      // back. The hold-to-talk key and the connection are reliable, so they still hold them.
      this.serverSpeaking = false;
      this.flush();
    }, this.maxHoldMs);
  }

  private clearTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
