import type { AudioEnvironment } from './audio-environment';
import { describeCaptureError, type MicCapture, openMicCapture } from './mic-capture';

/** Options of {@link CaptureControl}. */
export interface CaptureControlOptions {
  env: AudioEnvironment;
  /** The shared AudioContext, built on first need. */
  context(): Promise<AudioContext>;
  /** One 20 ms frame and its RMS. */
  onFrame(pcm: Int16Array, rms: number): void;
  capturingChanged(on: boolean): void;
  /** The chosen microphone went away; capture goes on with the default. */
  inputLost(): void;
  reportError(message: string): void;
  isDisposed(): boolean;
}

/**
 * The microphone: open, switch, stop, and recovery from a lost device. Starts and stops are
 * serialised, so a quick stop/start cannot leak a microphone.
 */
export class CaptureControl {
  private capture: MicCapture | null = null;
  private wanted = false;
  private inputDevice: string | null = null;
  private ops: Promise<void> = Promise.resolve();

  constructor(private readonly options: CaptureControlOptions) {}

  get capturing(): boolean {
    return this.capture !== null;
  }

  /** Capture from `deviceId` (undefined: the current choice; '' or null: the default). */
  start(deviceId?: string | null): Promise<void> {
    const switching = deviceId !== undefined && (deviceId || null) !== this.inputDevice;
    if (deviceId !== undefined) this.inputDevice = deviceId || null;
    this.wanted = true;
    return this.queue(async () => {
      if (this.options.isDisposed() || (this.capture && !switching)) return;
      this.close();
      try {
        await this.openWithFallback();
      } catch (error) {
        this.wanted = false;
        throw new Error(describeCaptureError(error), { cause: error });
      }
    });
  }

  stop(): void {
    this.wanted = false;
    void this.queue(async () => this.close());
  }

  /** Choose the input; capture restarts on it when running. */
  async setInputDevice(deviceId: string | null): Promise<void> {
    this.inputDevice = deviceId || null;
    if (!this.wanted) return;
    await this.queue(async () => {
      this.close();
      await this.openWithFallback();
    });
  }

  /** Stop for good (the engine is disposed). */
  shutdown(): void {
    this.wanted = false;
    this.close();
  }

  private queue(op: () => Promise<void>): Promise<void> {
    const next = this.ops.then(op, op);
    this.ops = next.catch(() => {});
    return next;
  }

  private close(): void {
    if (!this.capture) return;
    this.capture.stop();
    this.capture = null;
    this.options.capturingChanged(false);
  }

  private async open(deviceId: string | null): Promise<void> {
    const ctx = await this.options.context();
    const opened: MicCapture = await openMicCapture({
      env: this.options.env,
      context: ctx,
      deviceId,
      onFrame: this.options.onFrame,
      onEnded: () => void this.restartAfterLoss(opened),
    });
    if (!this.wanted || this.options.isDisposed()) return opened.stop();
    this.capture?.stop();
    this.capture = opened;
    // Chromium keeps a context made without a user gesture suspended, and a suspended context
    // runs no worklet: a page that is capturing may play, so resume now (no click needed).
    if (ctx.state !== 'running') void ctx.resume().catch(() => {});
    this.options.capturingChanged(true);
  }

  private async openWithFallback(): Promise<void> {
    try {
      await this.open(this.inputDevice);
    } catch (error) {
      const name = (error as { name?: string } | null)?.name;
      if (!this.inputDevice || (name !== 'OverconstrainedError' && name !== 'NotFoundError'))
        throw error;
      this.options.reportError('The chosen microphone is not available; using the default.');
      await this.open(null);
    }
  }

  /** Queued like a switch, so it cannot interleave with one (a replaced capture is left alone). */
  private async restartAfterLoss(lost: MicCapture): Promise<void> {
    await this.queue(async () => {
      if (this.capture !== lost) return;
      this.close();
      if (!this.wanted || this.options.isDisposed()) return;
      this.options.reportError('The microphone was disconnected; switching to the default input.');
      this.inputDevice = null;
      this.options.inputLost();
      await this.open(null);
    }).catch((error) => this.options.reportError(describeCaptureError(error)));
  }
}
