import type { Clock, TimerHandle } from '../base/clock';
import { encodePcm16Base64, PCM16_RATE, samplesToMs } from '../audio/pcm16';

/** Pacing of the voice: sent ahead of real time, but not all at once, so barge-in can stop it. */
export interface ReplyPacing {
  /** Audio in one `response.output_audio.delta`. */
  chunkMs: number;
  /** Audio sent at once before pacing starts (what the client plays while the rest comes). */
  leadMs: number;
  /** Send rate as a multiple of real time (> 1: ahead of the player). */
  speedup: number;
}

export const DEFAULT_REPLY_PACING: ReplyPacing = { chunkMs: 100, leadMs: 300, speedup: 2 };

/** Identity of the item being spoken. */
export interface ReplyItem {
  responseId: string;
  itemId: string;
  outputIndex: number;
}

/**
 * Streams one spoken reply: 24 kHz PCM16 as `response.output_audio.delta` chunks, with the
 * transcript as `response.output_audio_transcript.delta` words released in step with the audio.
 * `stop()` (barge-in, cancel) ends it at once: no further audio is sent.
 */
export class ReplyStream {
  private sentSamples = 0;
  private sentWords = 0;
  private timer: TimerHandle | null = null;
  private finished = false;
  private readonly words: string[];
  private readonly chunkSamples: number;

  constructor(
    private readonly item: ReplyItem,
    private readonly pcm: Int16Array,
    private readonly transcript: string,
    private readonly deps: { clock: Clock; send: (event: object) => void; onEnd: () => void },
    private readonly pacing: ReplyPacing = DEFAULT_REPLY_PACING,
  ) {
    this.words = transcript.split(/(?<=\s)/).filter((w) => w !== '');
    this.chunkSamples = Math.max(1, Math.round((pacing.chunkMs * PCM16_RATE) / 1000));
  }

  /** Milliseconds of audio sent so far. */
  get sentMs(): number {
    return samplesToMs(this.sentSamples);
  }

  /** True once every chunk went out or the stream was stopped. */
  get done(): boolean {
    return this.finished;
  }

  /** Sends the lead at once, then the rest on the clock. */
  start(): void {
    const leadChunks = Math.max(1, Math.ceil(this.pacing.leadMs / this.pacing.chunkMs));
    for (let i = 0; i < leadChunks && !this.finished; i++) this.sendChunk();
    this.schedule();
  }

  /** Stops now; nothing more is sent, not even the closing events. */
  stop(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.finished) return;
    const delay = this.pacing.chunkMs / this.pacing.speedup;
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = null;
      this.sendChunk();
      this.schedule();
    }, delay);
  }

  private sendChunk(): void {
    if (this.finished) return;
    const { responseId, itemId, outputIndex } = this.item;
    const end = Math.min(this.pcm.length, this.sentSamples + this.chunkSamples);
    if (end > this.sentSamples) {
      this.deps.send({
        type: 'response.output_audio.delta',
        response_id: responseId,
        item_id: itemId,
        output_index: outputIndex,
        content_index: 0,
        delta: encodePcm16Base64(this.pcm.subarray(this.sentSamples, end)),
      });
      this.sentSamples = end;
    }
    this.releaseWords();
    if (this.sentSamples >= this.pcm.length) this.finish();
  }

  /** Words go out in proportion to the audio sent, so the text never runs ahead of the voice. */
  private releaseWords(): void {
    const share = this.pcm.length === 0 ? 1 : this.sentSamples / this.pcm.length;
    const due = Math.ceil(share * this.words.length);
    if (due <= this.sentWords) return;
    const delta = this.words.slice(this.sentWords, due).join('');
    this.sentWords = due;
    const { responseId, itemId, outputIndex } = this.item;
    this.deps.send({
      type: 'response.output_audio_transcript.delta',
      response_id: responseId,
      item_id: itemId,
      output_index: outputIndex,
      content_index: 0,
      delta,
    });
  }

  private finish(): void {
    this.stop();
    const { responseId, itemId, outputIndex } = this.item;
    const ids = { response_id: responseId, item_id: itemId, output_index: outputIndex };
    this.deps.send({ type: 'response.output_audio.done', ...ids, content_index: 0 });
    this.deps.send({
      type: 'response.output_audio_transcript.done',
      ...ids,
      content_index: 0,
      transcript: this.transcript,
    });
    this.deps.onEnd();
  }
}
