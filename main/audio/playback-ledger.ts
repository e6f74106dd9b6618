/**
 * Playback accounting per assistant item: samples received from the server (and forwarded to the
 * renderer player) and samples the player reports as actually played. This, not the server's
 * response state, says what the user has heard.
 */
import type { Clock } from '../base/clock';
import { PCM16_RATE, samplesToMs } from './pcm16';

/** The renderer player's report: cumulative samples of `itemId` played so far. */
export interface PlayedReport {
  itemId: string;
  playedSamples: number;
}

/** Options for {@link PlaybackLedger}. */
export interface PlaybackLedgerOptions {
  /** Time source for extrapolating between player reports. */
  clock: Clock;
  /** Rate of the audio the player is given; 24000 unless told. */
  sampleRate?: number;
  /**
   * How far past the last report {@link PlaybackLedger.estimatedPlayedSamples} may extrapolate
   * while an item is advancing; a little over the player's ~50 ms report interval. Default 60.
   */
  maxExtrapolationMs?: number;
  /** Finished items kept for queries before the oldest are forgotten; default 64. */
  retainFinished?: number;
}

interface Entry {
  received: number;
  played: number;
  receiveEnded: boolean;
  stopped: boolean;
  /** Clock time of the last report that moved `played` forward, while still advancing. */
  advancingSince: number | null;
}

/** Per-item received/played sample counts, in arrival order. */
export class PlaybackLedger {
  /** Sample rate all counts are in. */
  readonly sampleRate: number;
  private readonly clock: Clock;
  private readonly maxExtrapolationMs: number;
  private readonly retainFinished: number;
  private readonly items = new Map<string, Entry>();

  constructor(options: PlaybackLedgerOptions) {
    this.clock = options.clock;
    this.sampleRate = options.sampleRate ?? PCM16_RATE;
    this.maxExtrapolationMs = options.maxExtrapolationMs ?? 60;
    this.retainFinished = options.retainFinished ?? 64;
  }

  /** Records `samples` more audio of `itemId` handed to the player (creates the item). */
  addReceived(itemId: string, samples: number): void {
    const entry = this.items.get(itemId);
    if (entry) {
      entry.received += Math.max(0, samples);
      return;
    }
    this.items.set(itemId, {
      received: Math.max(0, samples),
      played: 0,
      receiveEnded: false,
      stopped: false,
      advancingSince: null,
    });
    this.prune();
  }

  /** The server finished sending this item's audio (`output_audio.done`). */
  markReceiveEnded(itemId: string): void {
    const entry = this.items.get(itemId);
    if (entry) entry.receiveEnded = true;
  }

  /**
   * Applies a cumulative player report. Counts never go backwards; reports for unknown (or
   * forgotten) items are ignored and return false.
   */
  recordPlayed(report: PlayedReport): boolean {
    const entry = this.items.get(report.itemId);
    if (!entry || !Number.isFinite(report.playedSamples)) return false;
    if (report.playedSamples > entry.played) {
      entry.played = report.playedSamples;
      entry.advancingSince = entry.stopped ? null : this.clock.now();
    } else {
      entry.advancingSince = null; // a report without progress: stalled (underrun) or finished
    }
    return true;
  }

  /** Playback of these items was stopped (barge-in): they are finished, nothing extrapolates. */
  markPlaybackStopped(itemIds: readonly string[]): void {
    for (const id of itemIds) {
      const entry = this.items.get(id);
      if (!entry) continue;
      entry.stopped = true;
      entry.advancingSince = null;
    }
  }

  /** Whether the ledger knows `itemId`. */
  has(itemId: string): boolean {
    return this.items.has(itemId);
  }

  /** Samples of `itemId` received so far (0 if unknown). */
  receivedSamples(itemId: string): number {
    return this.items.get(itemId)?.received ?? 0;
  }

  /** Samples of `itemId` the player reported played, clamped to what was received. */
  playedSamples(itemId: string): number {
    const entry = this.items.get(itemId);
    return entry ? Math.min(entry.played, entry.received) : 0;
  }

  /**
   * Played samples now: the last report plus the time since it at the sample rate while the
   * item was advancing (at most `maxExtrapolationMs`), clamped to what was received.
   */
  estimatedPlayedSamples(itemId: string): number {
    const entry = this.items.get(itemId);
    if (!entry) return 0;
    let played = entry.played;
    if (entry.advancingSince !== null) {
      const elapsed = Math.min(this.clock.now() - entry.advancingSince, this.maxExtrapolationMs);
      played += Math.max(0, Math.floor((elapsed * this.sampleRate) / 1000));
    }
    return Math.min(played, entry.received);
  }

  /** Milliseconds of `itemId` received. */
  receivedMs(itemId: string): number {
    return samplesToMs(this.receivedSamples(itemId), this.sampleRate);
  }

  /** Milliseconds of `itemId` reported played, clamped to received. */
  playedMs(itemId: string): number {
    return samplesToMs(this.playedSamples(itemId), this.sampleRate);
  }

  /** Milliseconds of `itemId` played now, see {@link estimatedPlayedSamples}. */
  estimatedPlayedMs(itemId: string): number {
    return samplesToMs(this.estimatedPlayedSamples(itemId), this.sampleRate);
  }

  /**
   * Items still audible or about to be, in arrival (= playback) order: not stopped, and not
   * fully played once their audio is complete. An item's audio counts as complete when the
   * server said so or a later item has started arriving (the server sends items in order).
   */
  liveItems(): string[] {
    const live: string[] = [];
    let index = 0;
    for (const [id, entry] of this.items) if (this.isLive(entry, index++)) live.push(id);
    return live;
  }

  /** The item playing (or next to play) now: the oldest live item; null when silent. */
  currentItem(): string | null {
    // Asked on every server event and player report: no list is built.
    let index = 0;
    for (const [id, entry] of this.items) if (this.isLive(entry, index++)) return id;
    return null;
  }

  private isLive(entry: Entry, index: number): boolean {
    if (entry.stopped) return false;
    const complete = entry.receiveEnded || index < this.items.size - 1;
    return !(complete && entry.played >= entry.received);
  }

  /** Playback ended for good (player gone, session reset): stops and forgets every live item. */
  dropLiveItems(): boolean {
    const live = this.liveItems();
    this.markPlaybackStopped(live);
    for (const id of live) this.forget(id);
    return live.length > 0;
  }

  /** Removes an item (e.g. deleted from the conversation); its later reports are ignored. */
  forget(itemId: string): void {
    this.items.delete(itemId);
  }

  /** Keeps memory bounded: forgets the oldest finished items beyond `retainFinished`. */
  private prune(): void {
    const live = new Set(this.liveItems());
    let finished = this.items.size - live.size;
    for (const id of this.items.keys()) {
      if (finished <= this.retainFinished) break;
      if (live.has(id)) continue;
      this.items.delete(id);
      finished--;
    }
  }
}
