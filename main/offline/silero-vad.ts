import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';

/** Silero v5 at 16 kHz reads 512 new samples per frame (32 ms) … */
export const VAD_FRAME_SAMPLES = 512;
/** … plus the last 64 samples of the previous frame as context. */
const CONTEXT_SAMPLES = 64;
/** The model's input rate. */
export const VAD_SAMPLE_RATE = 16_000;
/** Shape of the recurrent state: [2, batch 1, 128]. */
const STATE_SHAPE = [2, 1, 128];

/** The Silero v5 model shipped inside `@ricky0123/vad-web`. */
export function sileroModelPath(): string {
  const main = createRequire(import.meta.url).resolve('@ricky0123/vad-web');
  return join(dirname(main), 'silero_vad_v5.onnx');
}

/** One audio stream's view of the model: its own recurrent state and context. */
export interface VadStream {
  /** Speech probability (0–1) of the next {@link VAD_FRAME_SAMPLES} samples at 16 kHz. */
  probability(frame: Float32Array): Promise<number>;
  /** Forgets the stream's history (a new turn or a cleared buffer). */
  reset(): void;
}

/** The loaded model; streams share it. */
export interface SileroVad {
  createStream(): VadStream;
  release(): Promise<void>;
}

/** Loads Silero VAD into onnxruntime-node (CPU, one thread: it is tiny). */
export async function loadSileroVad(modelPath = sileroModelPath()): Promise<SileroVad> {
  const session = await ort.InferenceSession.create(modelPath, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
  });
  const sampleRate = new ort.Tensor('int64', BigInt64Array.from([BigInt(VAD_SAMPLE_RATE)]));
  return {
    createStream: () => createStream(session, sampleRate),
    release: () => session.release(),
  };
}

function createStream(session: ort.InferenceSession, sampleRate: ort.Tensor): VadStream {
  const zeroState = (): ort.Tensor =>
    new ort.Tensor('float32', new Float32Array(2 * 128), STATE_SHAPE);
  let state = zeroState();
  let context = new Float32Array(CONTEXT_SAMPLES);
  return {
    async probability(frame) {
      if (frame.length !== VAD_FRAME_SAMPLES) {
        throw new Error(`A VAD frame has ${VAD_FRAME_SAMPLES} samples, not ${frame.length}.`);
      }
      const input = new Float32Array(CONTEXT_SAMPLES + VAD_FRAME_SAMPLES);
      input.set(context);
      input.set(frame, CONTEXT_SAMPLES);
      context = frame.slice(VAD_FRAME_SAMPLES - CONTEXT_SAMPLES);
      const out = await session.run({
        input: new ort.Tensor('float32', input, [1, input.length]),
        state,
        sr: sampleRate,
      });
      const next = out['stateN'];
      const speech = out['output']?.data[0];
      if (!next || typeof speech !== 'number') throw new Error('Silero VAD gave no output.');
      state = next;
      return speech;
    },
    reset() {
      state = zeroState();
      context = new Float32Array(CONTEXT_SAMPLES);
    },
  };
}
