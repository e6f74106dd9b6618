/**
 * Server audio → the renderer player: resolves the item each delta belongs to, drops deltas of
 * interrupted items, decodes to 24 kHz mono, counts it in the playback ledger, and tells the
 * player when an item's audio is complete.
 *
 * Item ids: V2 deltas carry one. V1 deltas carry none, so one id is synthesised per reply: a new
 * one for the first delta after the previous reply ended (response events, the assistant item's
 * `item_done`, its transcript's `done`, or the end of a talk turn). After a barge-in the synthetic
 * id stays current until then, so the rest of the interrupted reply is dropped, not played.
 */
import type { MainToRendererAudio } from '../../preload/audio-wire';
import { fitsWireItemId } from '../../preload/audio-wire';
import type { RealtimeEvent } from '../realtime/realtime-events';
import { OutputDecoder } from './output-decoder';
import type { PlaybackLedger } from './playback-ledger';

/** Longest play chunk sent to the renderer (1 s); larger deltas are split. */
export const MAX_PLAY_CHUNK_SAMPLES = 24_000;

type AudioOut = Extract<RealtimeEvent, { type: 'audio_out' }>;

/** Options for {@link AssistantAudio}. */
export interface AssistantAudioOptions {
  ledger: PlaybackLedger;
  /** Whether deltas of this item must be dropped (its playback was interrupted). */
  isInterrupted(itemId: string): boolean;
  toRenderer(msg: MainToRendererAudio): void;
  /** A delta could not be used (bad rate, channels or item id). */
  onRejected(reason: string): void;
}

/** Counters, for diagnostics. */
export interface AssistantAudioCounts {
  /** Deltas decoded and forwarded to the player. */
  deltasPlayed: number;
  /** Deltas dropped because their item was interrupted (late deltas). */
  deltasDropped: number;
  /** Deltas rejected as malformed. */
  deltasRejected: number;
}

/** The output half of the audio pipeline. */
export class AssistantAudio {
  private readonly decoder = new OutputDecoder();
  /** Items with audio received and no end yet, in arrival order. */
  private readonly open = new Set<string>();
  private synthetic: string | null = null;
  private syntheticCount = 0;
  readonly counts: AssistantAudioCounts = { deltasPlayed: 0, deltasDropped: 0, deltasRejected: 0 };

  constructor(private readonly options: AssistantAudioOptions) {}

  /** One `audio_out` event. */
  onAudio(event: AudioOut): void {
    const itemId = event.itemId ?? this.syntheticId();
    if (!fitsWireItemId(itemId)) return this.reject('item id too long');
    if (this.options.isInterrupted(itemId)) {
      this.counts.deltasDropped++;
      return;
    }
    const pcm = this.decoder.decode(itemId, event);
    if ('rejected' in pcm) return this.reject(pcm.rejected);
    this.open.add(itemId);
    this.counts.deltasPlayed++;
    this.forward(itemId, pcm);
  }

  /** Ends items on the server events that close a reply. */
  onEvent(event: RealtimeEvent): void {
    switch (event.type) {
      case 'response_created':
      case 'response_done':
      case 'response_cancelled':
        this.endAll();
        break;
      case 'item_done':
        if (event.item.id !== null && this.open.has(event.item.id)) this.endItem(event.item.id);
        else if (event.item.role === 'assistant') this.endSynthetic();
        break;
      case 'output_transcript_done':
        if (event.itemId !== null && this.open.has(event.itemId)) this.endItem(event.itemId);
        else this.endSynthetic();
        break;
      default:
        break;
    }
  }

  /** A talk turn ended: audio from now on belongs to the next reply. */
  onTurnEnded(): void {
    this.endSynthetic();
  }

  /** Playback of these items was cut off: forget their decoder state; they end without output. */
  onInterrupted(itemIds: readonly string[]): void {
    for (const id of itemIds) {
      this.decoder.drop(id);
      if (this.open.delete(id)) this.options.ledger.markReceiveEnded(id);
    }
  }

  /** Forgets everything (a new session): old item ids are void. */
  reset(): void {
    this.decoder.clear();
    this.open.clear();
    this.synthetic = null;
  }

  private syntheticId(): string {
    this.synthetic ??= `parley-audio-${++this.syntheticCount}`;
    return this.synthetic;
  }

  private endSynthetic(): void {
    if (this.synthetic !== null && this.open.has(this.synthetic)) this.endItem(this.synthetic);
    this.synthetic = null;
  }

  private endAll(): void {
    for (const id of [...this.open]) this.endItem(id);
    this.synthetic = null;
  }

  private endItem(itemId: string): void {
    this.open.delete(itemId);
    const tail = this.decoder.end(itemId);
    if (tail) this.forward(itemId, tail);
    this.options.ledger.markReceiveEnded(itemId);
    this.options.toRenderer({ kind: 'item_end', itemId });
  }

  private forward(itemId: string, pcm: Int16Array): void {
    this.options.ledger.addReceived(itemId, pcm.length);
    for (let at = 0; at < pcm.length; at += MAX_PLAY_CHUNK_SAMPLES) {
      const part = pcm.subarray(at, at + MAX_PLAY_CHUNK_SAMPLES);
      this.options.toRenderer({ kind: 'play', itemId, pcm: part });
    }
  }

  private reject(reason: string): void {
    this.counts.deltasRejected++;
    this.options.onRejected(reason);
  }
}
