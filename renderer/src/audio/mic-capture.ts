/**
 * Microphone in: `getUserMedia` with echo cancellation, noise suppression and auto gain, into the
 * 'parley-capture' worklet (mono, 24 kHz PCM16, 20 ms frames + RMS). The node has no outputs: it
 * gets `process()` calls without being connected to the destination.
 */
import type { AudioEnvironment } from './audio-environment';

export interface MicCapture {
  /** The device actually opened ('' when unknown). */
  readonly deviceId: string;
  /** Stops the track and disconnects the nodes. Idempotent. */
  stop(): void;
}

export interface MicCaptureOptions {
  env: AudioEnvironment;
  context: AudioContext;
  /** A device id, or null for the system default. */
  deviceId: string | null;
  /** One 20 ms frame (480 samples, 24 kHz) and its RMS (0…1). */
  onFrame(pcm: Int16Array, rms: number): void;
  /** The track ended by itself (device unplugged, permission revoked). */
  onEnded(): void;
}

/** What getUserMedia asks for. */
export function captureConstraints(deviceId: string | null): MediaStreamConstraints {
  return {
    audio: {
      ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
      echoCancellation: true,
      noiseSuppression: true,
      autoGainControl: true,
      channelCount: 1,
    },
    video: false,
  };
}

/** A sentence for the user from a getUserMedia failure. */
export function describeCaptureError(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Microphone permission was denied.';
    case 'NotFoundError':
      return 'No microphone was found.';
    case 'OverconstrainedError':
      return 'The chosen microphone is not available.';
    case 'NotReadableError':
      return 'The microphone could not be opened (is another application using it?).';
    default:
      return `The microphone could not be opened: ${String((error as Error)?.message ?? error)}`;
  }
}

/** Opens the microphone and starts the capture worklet. Rejects with the getUserMedia error. */
export async function openMicCapture(options: MicCaptureOptions): Promise<MicCapture> {
  const { env, context } = options;
  if (!env.mediaDevices?.getUserMedia) throw new Error('This browser cannot capture audio.');
  const stream = await env.mediaDevices.getUserMedia(captureConstraints(options.deviceId));
  const track = stream.getAudioTracks()[0];
  let stopped = false;
  const onEnded = (): void => {
    if (!stopped) options.onEnded();
  };
  track?.addEventListener('ended', onEnded);
  let node: AudioWorkletNode | null = null;
  let source: MediaStreamAudioSourceNode | null = null;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    track?.removeEventListener('ended', onEnded);
    for (const t of stream.getTracks()) t.stop();
    if (node) node.port.onmessage = null;
    source?.disconnect();
    node?.disconnect();
  };
  try {
    source = context.createMediaStreamSource(stream);
    node = env.createWorkletNode(context, 'parley-capture', {
      numberOfInputs: 1,
      numberOfOutputs: 0,
      channelCount: 1,
      channelCountMode: 'explicit',
    });
    node.port.onmessage = (event: MessageEvent) => {
      const data = event.data as { type?: unknown; pcm?: unknown; rms?: unknown };
      if (data?.type !== 'frame' || !(data.pcm instanceof ArrayBuffer)) return;
      options.onFrame(new Int16Array(data.pcm), typeof data.rms === 'number' ? data.rms : 0);
    };
    source.connect(node);
  } catch (error) {
    stop();
    throw error;
  }
  return { deviceId: track?.getSettings().deviceId ?? '', stop };
}
