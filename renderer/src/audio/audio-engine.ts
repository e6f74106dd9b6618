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
import { TypedEmitter } from '../../../main/base/typed-emitter';
import { type AudioEnvironment, browserAudioEnvironment } from './audio-environment';
import { CaptureControl } from './capture-control';
import { listAudioDevices, watchAudioDevices } from './device-list';
import { createPlayerOutput, type PlayerOutput } from './player-output';
import { SharedAudioContext } from './shared-audio-context';
import type { AudioDevices, AudioDiagnostics, AudioEngine, AudioEngineEvents } from './types';

/** Options for {@link createAudioEngine}. */
export interface AudioEngineOptions {
  /** Sends one encoded message to main (MessagePort or binary WebSocket). */
  send(data: ArrayBuffer): void;
  /** Browser APIs; the real ones unless a test passes fakes. */
  env?: AudioEnvironment;
  /** Player jitter buffer before an item starts, ms [80]. */
  startThresholdMs?: number;
}

/** Creates the engine; nothing is opened until capture starts or audio arrives. */
export function createAudioEngine(options: AudioEngineOptions): AudioEngine {
  return new WebAudioEngine(options);
}

class WebAudioEngine implements AudioEngine {
  private readonly env: AudioEnvironment;
  private readonly events = new TypedEmitter<AudioEngineEvents>();
  private readonly player: PlayerOutput;
  private readonly context: SharedAudioContext;
  private readonly capture: CaptureControl;
  private readonly unwatch: () => void;
  private disposed = false;
  private framesSent = 0;
  muted = false;

  constructor(private readonly options: AudioEngineOptions) {
    const env = (this.env = options.env ?? browserAudioEnvironment());
    const reportError = (message: string): void => {
      if (!this.disposed) this.events.emit('error', message);
    };
    this.player = createPlayerOutput((msg) => this.send(msg));
    this.context = new SharedAudioContext({
      env,
      player: this.player,
      startThresholdMs: options.startThresholdMs ?? 80,
      reportError,
    });
    this.capture = new CaptureControl({
      env,
      context: () => this.context.ensure(),
      onFrame: (pcm, rms) => this.onFrame(pcm, rms),
      capturingChanged: (on) => this.events.emit('capturing', on),
      inputLost: () => this.events.emit('inputLost', undefined),
      reportError,
      isDisposed: () => this.disposed,
    });
    this.unwatch = watchAudioDevices(env.mediaDevices, (devices) =>
      this.events.emit('devices', devices),
    );
  }

  receive(data: ArrayBuffer): void {
    if (this.disposed) return;
    const msg = decodeAudioMessage(data);
    if (msg.kind === 'error' || !isMainToRenderer(msg)) return;
    if (msg.kind === 'play') this.context.ensureForPlayback();
    this.player.handle(msg);
  }

  startCapture(deviceId?: string | null): Promise<void> {
    return this.capture.start(deviceId);
  }

  stopCapture(): void {
    this.capture.stop();
  }

  get capturing(): boolean {
    return this.capture.capturing;
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
  }

  setInputDevice(deviceId: string | null): Promise<void> {
    return this.capture.setInputDevice(deviceId);
  }

  setOutputDevice(deviceId: string | null): Promise<void> {
    return this.context.setOutputDevice(deviceId);
  }

  get canSelectOutput(): boolean {
    return this.env.canSetSinkId;
  }

  listDevices(): Promise<AudioDevices> {
    return listAudioDevices(this.env.mediaDevices);
  }

  async resume(): Promise<void> {
    const ctx = await this.context.ensure();
    if (ctx.state !== 'running') await ctx.resume();
  }

  diagnostics(): AudioDiagnostics {
    const ctx = this.context.live;
    return {
      context: ctx
        ? { state: ctx.state, sampleRate: ctx.sampleRate, currentTime: ctx.currentTime }
        : null,
      capturing: this.capture.capturing,
      framesSent: this.framesSent,
      player: this.player.diagnostics(),
    };
  }

  on<K extends keyof AudioEngineEvents>(
    event: K,
    listener: (payload: AudioEngineEvents[K]) => void,
  ): () => void {
    return this.events.on(event, listener);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.unwatch();
    this.capture.shutdown();
    this.player.dispose();
    this.events.dispose();
    await this.context.close();
  }

  private send(msg: RendererToMainAudio): void {
    this.options.send(encodeAudioMessage(msg));
  }

  private onFrame(pcm: Int16Array, rms: number): void {
    this.events.emit('level', rms);
    if (this.muted || this.disposed) return;
    this.framesSent++;
    this.send({ kind: 'capture', pcm });
  }
}
