/**
 * The renderer's audio engine: microphone capture and assistant playback on one
 * AudioContext, talking to main in audio-wire messages through `send` / `receive`. Main does the
 * rest (framing to the server, decoding, playback accounting, barge-in).
 */
import {
  decodeAudioMessage,
  encodeAudioMessage,
  isMainToRenderer,
  type RendererToMainAudio,
} from '../../../preload/audio-wire';
import {
  type AudioEnvironment,
  browserAudioEnvironment,
  createAudioContext,
} from './audio-environment';
import { listAudioDevices, watchAudioDevices } from './device-list';
import { describeCaptureError, type MicCapture, openMicCapture } from './mic-capture';
import { createPlayerOutput } from './player-output';
import type { AudioDevices, AudioEngine, AudioEngineEvents } from './types';

/** Options for {@link createAudioEngine}. */
export interface AudioEngineOptions {
  /** Sends one encoded message to main (MessagePort or binary WebSocket). */
  send(data: ArrayBuffer): void;
  /** Browser APIs; the real ones unless a test passes fakes. */
  env?: AudioEnvironment;
  /** Player jitter buffer before an item starts, ms [80]. */
  startThresholdMs?: number;
}

type Listeners = { [K in keyof AudioEngineEvents]: Set<(payload: AudioEngineEvents[K]) => void> };

/** `AudioContext.setSinkId` (Chromium 110+), not yet in TypeScript's DOM types. */
type SinkSelectable = AudioContext & { setSinkId?(sinkId: string): Promise<void> };

/** Creates the engine; nothing is opened until capture starts or audio arrives. */
export function createAudioEngine(options: AudioEngineOptions): AudioEngine {
  const env = options.env ?? browserAudioEnvironment();
  const listeners: Listeners = {
    level: new Set(),
    capturing: new Set(),
    devices: new Set(),
    inputLost: new Set(),
    error: new Set(),
  };
  const emit = <K extends keyof AudioEngineEvents>(event: K, payload: AudioEngineEvents[K]) => {
    for (const listener of [...listeners[event]]) listener(payload);
  };
  const send = (msg: RendererToMainAudio): void => options.send(encodeAudioMessage(msg));
  const player = createPlayerOutput(send);
  const unwatch = watchAudioDevices(env.mediaDevices, (devices) => emit('devices', devices));

  let context: Promise<AudioContext> | null = null;
  /** The built context, for the synchronous diagnostics snapshot. */
  let liveContext: AudioContext | null = null;
  let framesSent = 0;
  let capture: MicCapture | null = null;
  let captureWanted = false;
  let inputDevice: string | null = null;
  let outputDevice: string | null = null;
  let muted = false;
  let disposed = false;
  /** Serialises capture starts and stops, so a quick stop/start cannot leak a microphone. */
  let captureOps: Promise<void> = Promise.resolve();

  /** The last build failed: play chunks wait for `resume()` or a capture start to try again. */
  let contextFailed = false;
  /** The current failure was reported (once, not per play chunk). */
  let failureReported = false;

  /** One context for both directions, with both worklets loaded and the player connected. */
  function ensureContext(): Promise<AudioContext> {
    if (context) return context;
    contextFailed = false;
    failureReported = false;
    context = buildContext().catch((error: unknown) => {
      context = null; // let a later explicit ask try again
      contextFailed = true;
      throw error;
    });
    return context;
  }

  function reportOutputFailure(error: unknown): void {
    if (failureReported || disposed) return;
    failureReported = true;
    emit('error', `Audio could not start: ${String((error as Error)?.message ?? error)}`);
  }

  async function buildContext(): Promise<AudioContext> {
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
      processorOptions: { sourceRate: 24_000, startThresholdMs: options.startThresholdMs ?? 80 },
    });
    player.ready(node, ctx.destination, ctx.sampleRate);
    liveContext = ctx;
    if (outputDevice) await applySink(ctx, outputDevice);
    void ctx.resume().catch(() => {});
    return ctx;
  }

  async function applySink(ctx: AudioContext, deviceId: string): Promise<void> {
    const sinkable = ctx as SinkSelectable;
    if (typeof sinkable.setSinkId !== 'function') return;
    try {
      await sinkable.setSinkId(deviceId);
    } catch (error) {
      emit('error', `The chosen speaker is not available: ${(error as Error).message}`);
    }
  }

  function onFrame(pcm: Int16Array, rms: number): void {
    emit('level', rms);
    if (muted || disposed) return;
    framesSent++;
    send({ kind: 'capture', pcm });
  }

  async function open(deviceId: string | null): Promise<void> {
    const ctx = await ensureContext();
    const opened: MicCapture = await openMicCapture({
      env,
      context: ctx,
      deviceId,
      onFrame,
      onEnded: () => void restartAfterLoss(opened),
    });
    if (!captureWanted || disposed) return opened.stop();
    capture?.stop();
    capture = opened;
    // Chromium keeps a context made without a user gesture suspended (the resume in
    // buildContext waits), and a suspended context runs no worklet: no frame would flow while
    // the UI shows the microphone on. A page that is capturing may play, so resume now: with
    // listen-on-start, capture then needs no click.
    if (ctx.state !== 'running') void ctx.resume().catch(() => {});
    emit('capturing', true);
  }

  async function openWithFallback(): Promise<void> {
    try {
      await open(inputDevice);
    } catch (error) {
      const name = (error as { name?: string } | null)?.name;
      if (!inputDevice || (name !== 'OverconstrainedError' && name !== 'NotFoundError'))
        throw error;
      emit('error', 'The chosen microphone is not available; using the default.');
      await open(null);
    }
  }

  function closeCapture(): void {
    if (!capture) return;
    capture.stop();
    capture = null;
    emit('capturing', false);
  }

  function queue(op: () => Promise<void>): Promise<void> {
    const next = captureOps.then(op, op);
    captureOps = next.catch(() => {});
    return next;
  }

  /** Queued like a switch, so it cannot interleave with one (a replaced capture is left alone). */
  async function restartAfterLoss(lost: MicCapture): Promise<void> {
    await queue(async () => {
      if (capture !== lost) return;
      closeCapture();
      if (!captureWanted || disposed) return;
      emit('error', 'The microphone was disconnected; switching to the default input.');
      inputDevice = null;
      emit('inputLost', undefined);
      await open(null);
    }).catch((error) => emit('error', describeCaptureError(error)));
  }

  return {
    receive(data) {
      if (disposed) return;
      const msg = decodeAudioMessage(data);
      if (msg.kind === 'error' || !isMainToRenderer(msg)) return;
      if (msg.kind === 'play' && !contextFailed) void ensureContext().catch(reportOutputFailure);
      player.handle(msg);
    },
    startCapture(deviceId) {
      const switching = deviceId !== undefined && (deviceId || null) !== inputDevice;
      if (deviceId !== undefined) inputDevice = deviceId || null;
      captureWanted = true;
      return queue(async () => {
        if (disposed || (capture && !switching)) return;
        closeCapture();
        try {
          await openWithFallback();
        } catch (error) {
          captureWanted = false;
          throw new Error(describeCaptureError(error), { cause: error });
        }
      });
    },
    stopCapture() {
      captureWanted = false;
      void queue(async () => closeCapture());
    },
    get capturing() {
      return capture !== null;
    },
    setMuted(next) {
      muted = next;
    },
    get muted() {
      return muted;
    },
    async setInputDevice(deviceId) {
      inputDevice = deviceId || null;
      if (!captureWanted) return;
      await queue(async () => {
        closeCapture();
        await openWithFallback();
      });
    },
    async setOutputDevice(deviceId) {
      outputDevice = deviceId || null;
      if (context) await applySink(await context, deviceId ?? '');
    },
    get canSelectOutput() {
      return env.canSetSinkId;
    },
    listDevices: (): Promise<AudioDevices> => listAudioDevices(env.mediaDevices),
    async resume() {
      const ctx = await ensureContext();
      if (ctx.state !== 'running') await ctx.resume();
    },
    diagnostics() {
      const ctx = liveContext;
      return {
        context: ctx
          ? { state: ctx.state, sampleRate: ctx.sampleRate, currentTime: ctx.currentTime }
          : null,
        capturing: capture !== null,
        framesSent,
        player: player.diagnostics(),
      };
    },
    on(event, listener) {
      if (disposed) return () => {};
      const set = listeners[event] as Set<typeof listener>;
      set.add(listener);
      return () => set.delete(listener);
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      captureWanted = false;
      unwatch();
      closeCapture();
      player.dispose();
      for (const set of Object.values(listeners)) set.clear();
      const ctx = await context?.catch(() => null);
      await ctx?.close().catch(() => {});
    },
  };
}
