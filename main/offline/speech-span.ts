import { PCM16_RATE } from '../audio/pcm16';
import { resample } from '../audio/resampler';
import { VAD_FRAME_SAMPLES, VAD_SAMPLE_RATE, type VadStream } from './silero-vad';
import { DEFAULT_SEGMENTER_OPTIONS, SpeechSegmenter } from './speech-segmenter';

/** Pauses inside one held turn never end it: the key, not the silence, marks the turn. */
const HELD_TURN_OPTIONS = {
  ...DEFAULT_SEGMENTER_OPTIONS,
  silenceMs: 3_600_000,
  maxSpeechMs: 3_600_000,
};

/**
 * Where the speech is in a buffer the client committed itself (hold to talk): from the first
 * speech start to the last speech end the VAD finds, in ms from the buffer's first sample;
 * null when it finds none. The stream is reset before and after.
 */
export async function findSpeechSpan(
  samples: Int16Array,
  stream: VadStream,
): Promise<{ startMs: number; endMs: number } | null> {
  const floats = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) floats[i] = (samples[i] ?? 0) / 32768;
  const pcm = resample(floats, PCM16_RATE, VAD_SAMPLE_RATE);
  const segmenter = new SpeechSegmenter(HELD_TURN_OPTIONS);
  let startMs: number | null = null;
  stream.reset();
  try {
    for (let at = 0; at + VAD_FRAME_SAMPLES <= pcm.length; at += VAD_FRAME_SAMPLES) {
      const event = segmenter.push(await stream.probability(pcm.slice(at, at + VAD_FRAME_SAMPLES)));
      if (event?.type === 'speech_started') startMs ??= event.startMs;
    }
  } finally {
    stream.reset();
  }
  const end = segmenter.flush();
  if (startMs === null || end?.type !== 'speech_stopped') return null;
  return { startMs, endMs: end.endMs };
}
