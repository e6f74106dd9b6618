import { msToSamples, PCM16_RATE, samplesToMs } from '../audio/pcm16';
import { StreamingResampler } from '../audio/resampler';
import { VAD_FRAME_SAMPLES, VAD_SAMPLE_RATE, type VadStream } from './silero-vad';
import { findSpeechSpan } from './speech-span';
import {
  DEFAULT_SEGMENTER_OPTIONS,
  SpeechSegmenter,
  type SegmentEvent,
  type SegmenterOptions,
} from './speech-segmenter';

/** Audio kept before the detected start, so the first word's onset is not cut. */
export const PRE_ROLL_MS = 300;
/** Audio kept after the detected end (the tail of the last word). */
export const TAIL_MS = 200;

/** Longest uncommitted buffer kept without server VAD. */
export const MAX_BUFFER_MS = 30_000;

/** A user turn's audio, cut from the buffer. */
export interface TurnAudio {
  /** 24 kHz PCM16, pre-roll and tail included. */
  samples: Int16Array;
  /** Where the speech is, in ms of session audio (what the VAD events report). */
  startMs: number;
  endMs: number;
}

/** What the VAD reports to the conversation. */
export interface InputAudioEvents {
  speechStarted(startMs: number): void;
  speechStopped(turn: TurnAudio): void;
}

/**
 * The input audio buffer: 24 kHz PCM16 appended by the client, with times counted from the
 * session's first sample. With server VAD on, it is resampled to 16 kHz for Silero and cut into
 * turns by the {@link SpeechSegmenter}; without, the client's commit takes the whole buffer.
 */
export class InputAudio {
  private chunks: { start: number; samples: Int16Array }[] = [];
  private total = 0;
  /** First sample not yet committed or cleared. */
  private bufferStart = 0;
  private readonly resampler = new StreamingResampler({
    inputRate: PCM16_RATE,
    outputRate: VAD_SAMPLE_RATE,
  });
  private pending = new Float32Array(0);
  private segmenter: SpeechSegmenter;

  constructor(
    private readonly vad: () => Promise<VadStream>,
    private readonly events: InputAudioEvents,
    private segmenterOptions: SegmenterOptions = DEFAULT_SEGMENTER_OPTIONS,
  ) {
    this.segmenter = new SpeechSegmenter(segmenterOptions);
  }

  /** Server VAD with this silence time, or null for client-committed turns. */
  serverVad: { silenceMs: number } | null = { silenceMs: DEFAULT_SEGMENTER_OPTIONS.silenceMs };

  /** Milliseconds of audio in the uncommitted buffer. */
  get bufferedMs(): number {
    return samplesToMs(this.total - this.bufferStart);
  }

  /** Turns server VAD on (with its silence time) or off; a turn in progress is dropped. */
  setServerVad(options: { silenceMs: number } | null): void {
    this.serverVad = options;
    if (options && options.silenceMs !== this.segmenterOptions.silenceMs) {
      this.segmenterOptions = { ...this.segmenterOptions, silenceMs: options.silenceMs };
      this.segmenter = this.restartedSegmenter();
    }
  }

  /** Appends client audio; with server VAD, runs it through the model and segmenter. */
  async append(samples: Int16Array): Promise<void> {
    this.chunks.push({ start: this.total, samples });
    this.total += samples.length;
    if (!this.serverVad) {
      // Client-committed turns: keep at most the newest MAX_BUFFER_MS.
      this.bufferStart = Math.max(this.bufferStart, this.total - msToSamples(MAX_BUFFER_MS));
      this.trimBefore(this.bufferStart);
      return;
    }
    await this.detect(samples);
    if (!this.segmenter.speaking) this.trimBefore(this.total - msToSamples(PRE_ROLL_MS + 700));
  }

  /**
   * The client's commit: the turn in progress, else the buffer trimmed to the speech the VAD
   * finds in it (with the same pre-roll and tail as a detected turn, so the recogniser always
   * sees speech padded alike), else the whole buffer; null when the buffer is empty.
   */
  async commit(): Promise<TurnAudio | null> {
    const stop = this.segmenter.flush();
    if (stop?.type === 'speech_stopped') return this.cut(stop.startMs, stop.endMs);
    if (this.total === this.bufferStart) return null;
    const whole = this.slice(this.bufferStart, this.total);
    const offsetMs = samplesToMs(this.bufferStart);
    const span = await findSpeechSpan(whole, await this.vad());
    const turn = span ? this.cut(offsetMs + span.startMs, offsetMs + span.endMs) : null;
    this.bufferStart = this.total;
    if (turn) return turn;
    return { samples: whole, startMs: offsetMs, endMs: samplesToMs(this.total) };
  }

  /** Drops the uncommitted audio and any turn in progress. */
  clear(): void {
    this.segmenter.flush();
    this.bufferStart = this.total;
    this.trimBefore(this.total);
  }

  private restartedSegmenter(): SpeechSegmenter {
    // Keep the frame clock: event times count from the session's first sample.
    const frames = Math.round(this.segmenter.nowMs / this.segmenterOptions.frameMs);
    return new SpeechSegmenter(this.segmenterOptions, frames);
  }

  private async detect(samples: Int16Array): Promise<void> {
    const floats = new Float32Array(samples.length);
    for (let i = 0; i < samples.length; i++) floats[i] = (samples[i] ?? 0) / 32768;
    const resampled = this.resampler.process(floats);
    const joined = new Float32Array(this.pending.length + resampled.length);
    joined.set(this.pending);
    joined.set(resampled, this.pending.length);
    let at = 0;
    const stream = await this.vad();
    for (; at + VAD_FRAME_SAMPLES <= joined.length; at += VAD_FRAME_SAMPLES) {
      const probability = await stream.probability(joined.slice(at, at + VAD_FRAME_SAMPLES));
      this.onSegment(this.segmenter.push(probability));
    }
    this.pending = joined.slice(at);
  }

  private onSegment(event: SegmentEvent | null): void {
    if (!event) return;
    if (event.type === 'speech_started') this.events.speechStarted(event.startMs);
    else this.events.speechStopped(this.cut(event.startMs, event.endMs));
  }

  /** The turn between the VAD's times, padded, taken out of the buffer. */
  private cut(startMs: number, endMs: number): TurnAudio {
    const from = Math.max(this.bufferStart, msToSamples(startMs - PRE_ROLL_MS));
    const to = Math.min(this.total, msToSamples(endMs + TAIL_MS));
    const samples = this.slice(from, to);
    this.bufferStart = Math.max(this.bufferStart, to);
    return { samples, startMs, endMs };
  }

  private slice(from: number, to: number): Int16Array {
    const out = new Int16Array(Math.max(0, to - from));
    for (const chunk of this.chunks) {
      const a = Math.max(from, chunk.start);
      const b = Math.min(to, chunk.start + chunk.samples.length);
      if (b > a) out.set(chunk.samples.subarray(a - chunk.start, b - chunk.start), a - from);
    }
    return out;
  }

  private trimBefore(sample: number): void {
    this.chunks = this.chunks.filter((c) => c.start + c.samples.length > sample);
  }
}
