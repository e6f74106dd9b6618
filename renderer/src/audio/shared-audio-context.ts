import { type AudioEnvironment, createAudioContext } from './audio-environment';
import type { PlayerOutput } from './player-output';

/** `AudioContext.setSinkId` (Chromium 110+), not yet in TypeScript's DOM types. */
type SinkSelectable = AudioContext & { setSinkId?(sinkId: string): Promise<void> };

/** Options of {@link SharedAudioContext}. */
export interface SharedAudioContextOptions {
  env: AudioEnvironment;
  player: PlayerOutput;
  /** Player jitter buffer before an item starts, ms. */
  startThresholdMs: number;
  /** Something the user should know (a speaker that cannot be chosen). */
  reportError(message: string): void;
}

/**
 * The one AudioContext of both directions, built on first need with both worklets loaded and
 * the player connected. A failed build is not retried by itself: an explicit ask tries again.
 */
export class SharedAudioContext {
  private context: Promise<AudioContext> | null = null;
  private built: AudioContext | null = null;
  private outputDevice: string | null = null;
  private buildFailed = false;
  /** The current failure was reported (once per build, not per play chunk). */
  private failureReported = false;

  constructor(private readonly options: SharedAudioContextOptions) {}

  /** The context, built now if needed. */
  ensure(): Promise<AudioContext> {
    if (this.context) return this.context;
    this.buildFailed = false;
    this.failureReported = false;
    this.context = this.build().catch((error: unknown) => {
      this.context = null; // let a later explicit ask try again
      this.buildFailed = true;
      throw error;
    });
    return this.context;
  }

  /**
   * Playback wants the context: built unless the last build failed (then play chunks wait for
   * an explicit ask); a failure is reported once.
   */
  ensureForPlayback(): void {
    if (this.buildFailed) return;
    void this.ensure().catch((error: unknown) => {
      if (this.failureReported) return;
      this.failureReported = true;
      this.options.reportError(
        `Audio could not start: ${String((error as Error)?.message ?? error)}`,
      );
    });
  }

  /** The built context, for synchronous snapshots. */
  get live(): AudioContext | null {
    return this.built;
  }

  async setOutputDevice(deviceId: string | null): Promise<void> {
    this.outputDevice = deviceId || null;
    if (this.context) await this.applySink(await this.context, deviceId ?? '');
  }

  async close(): Promise<void> {
    const ctx = await this.context?.catch(() => null);
    await ctx?.close().catch(() => {});
  }

  private async build(): Promise<AudioContext> {
    const { env, player } = this.options;
    const ctx = createAudioContext(env);
    try {
      await Promise.all([
        ctx.audioWorklet.addModule(env.workletUrls.capture),
        ctx.audioWorklet.addModule(env.workletUrls.player),
      ]);
    } catch (error) {
      void ctx.close().catch(() => {});
      throw error;
    }
    const node = env.createWorkletNode(ctx, 'parley-player', {
      numberOfInputs: 0,
      numberOfOutputs: 1,
      outputChannelCount: [1],
      processorOptions: { sourceRate: 24_000, startThresholdMs: this.options.startThresholdMs },
    });
    player.ready(node, ctx.destination, ctx.sampleRate);
    this.built = ctx;
    if (this.outputDevice) await this.applySink(ctx, this.outputDevice);
    void ctx.resume().catch(() => {});
    return ctx;
  }

  private async applySink(ctx: AudioContext, deviceId: string): Promise<void> {
    const sinkable = ctx as SinkSelectable;
    if (typeof sinkable.setSinkId !== 'function') return;
    try {
      await sinkable.setSinkId(deviceId);
    } catch (error) {
      this.options.reportError(`The chosen speaker is not available: ${(error as Error).message}`);
    }
  }
}
