import type { RealtimeEvent } from '../realtime/realtime-events';
import type { SettleDecision, SettlePolicy, SettleReason, SettleRule } from './settle-policy';

/** Tuning of {@link V2TranscriptionEvidence}. */
export interface V2SettleOptions {
  /** Longest a handoff waits for transcriptions. Default 3,000 ms. */
  capMs?: number;
  /** An item not transcribed this long after its commit is given up. Default 3,000 ms. */
  giveUpMs?: number;
  /** An item whose speech started but never committed is given up after this. Default 30 s. */
  maxSpeechMs?: number;
}

interface TrackedItem {
  id: string;
  startedAt: number | null;
  /** Speech stopped: the commit follows at once (its time stands in if the commit never comes). */
  stoppedAt: number | null;
  committedAt: number | null;
  ended: { how: 'completed' | 'failed'; at: number } | null;
}

/** Items remembered; ended ones are forgotten first. */
const MAX_ITEMS = 64;
/** Items given up, with no transcription event ever seen, that mean transcription is off. */
const SILENT_GIVE_UPS = 2;
/** Item ids an outcome lists. */
const MAX_REPORTED_IDS = 8;

/**
 * V2 settles on the transcription of committed user items. The server commits each user
 * item (`input_audio_buffer.committed`) and transcribes it asynchronously, keyed by item id
 * (`…transcription.delta/completed/failed`). A handoff routes at once when no item is waiting
 * for its transcription, else the moment the last one ends; an item not transcribed
 * {@link V2SettleOptions.giveUpMs} after its commit is given up and holds nothing any more (its
 * late text joins the transcript for the next handoff). A speech start (server VAD) makes its
 * item wait too, so a user who goes on talking in the window is waited for.
 */
export class V2TranscriptionEvidence implements SettlePolicy {
  private readonly items = new Map<string, TrackedItem>();
  private readonly capMs: number;
  private readonly giveUpMs: number;
  private readonly maxSpeechMs: number;
  private sawTranscription = false;

  constructor(options: V2SettleOptions = {}) {
    this.capMs = options.capMs ?? 3_000;
    this.giveUpMs = options.giveUpMs ?? 3_000;
    this.maxSpeechMs = options.maxSpeechMs ?? 30_000;
  }

  observe(event: RealtimeEvent, now: number): void {
    switch (event.type) {
      case 'speech_started':
        if (event.itemId !== null) this.speechStarted(event.itemId, now);
        return;
      case 'speech_stopped':
        if (event.itemId !== null) this.item(event.itemId, now).stoppedAt ??= now;
        return;
      case 'input_audio_committed':
        if (event.itemId !== null) this.item(event.itemId, now).committedAt ??= now;
        return;
      case 'input_transcript_delta':
        if (event.itemId !== null) this.sawTranscription = true;
        return;
      case 'input_transcript_done':
        this.end(event.itemId, 'completed', now);
        return;
      case 'input_transcript_failed':
        this.end(event.itemId, 'failed', now);
        return;
      default:
        return;
    }
  }

  openWindow(now: number): SettleRule {
    const openedAt = now;
    const waited = new Set(this.awaiting(now).map((item) => item.id));
    return {
      decide: (at) => this.decide(openedAt, waited, at),
      detail: () => ({ waitedFor: [...waited].slice(0, MAX_REPORTED_IDS), quietGapMs: null }),
    };
  }

  routed(): void {}

  /** Items still waiting for their transcription at `now`. */
  awaiting(now: number): TrackedItem[] {
    const items = [...this.items.values()];
    const givenUp = items.filter((item) => !item.ended && now >= this.giveUpAt(item)).length;
    // A server that never transcribes (transcription off) must not hold every handoff.
    if (!this.sawTranscription && givenUp >= SILENT_GIVE_UPS) return [];
    return items.filter((item) => !item.ended && now < this.giveUpAt(item));
  }

  private decide(openedAt: number, waited: Set<string>, now: number): SettleDecision {
    const pending = this.awaiting(now);
    for (const item of pending) waited.add(item.id);
    if (pending.length === 0) return { route: true, reason: this.endReason(waited) };
    const cap = openedAt + this.capMs;
    if (now >= cap) return { route: true, reason: 'cap' };
    const next = Math.min(cap, ...pending.map((item) => this.giveUpAt(item)));
    return { route: false, wakeAt: next };
  }

  /** Why the last of the waited-for items stopped holding the window. */
  private endReason(waited: ReadonlySet<string>): SettleReason {
    let latest: { at: number; reason: SettleReason } | null = null;
    for (const id of waited) {
      const item = this.items.get(id);
      if (!item) continue;
      const end: { at: number; reason: SettleReason } = item.ended
        ? {
            at: item.ended.at,
            reason: item.ended.how === 'completed' ? 'transcribed' : 'transcription_failed',
          }
        : { at: this.giveUpAt(item), reason: 'given_up' };
      if (!latest || end.at >= latest.at) latest = end;
    }
    return latest?.reason ?? 'nothing_pending';
  }

  private giveUpAt(item: TrackedItem): number {
    const committed = item.committedAt ?? item.stoppedAt;
    if (committed !== null) return committed + this.giveUpMs;
    return (item.startedAt ?? Number.NEGATIVE_INFINITY) + this.maxSpeechMs;
  }

  /** Speech of a new item means the speech of any earlier one has stopped (one at a time). */
  private speechStarted(itemId: string, now: number): void {
    for (const item of this.items.values()) {
      if (item.id !== itemId && item.committedAt === null) item.stoppedAt ??= now;
    }
    this.item(itemId, now).startedAt ??= now;
  }

  private end(itemId: string | null, how: 'completed' | 'failed', now: number): void {
    if (itemId === null) return;
    this.sawTranscription = true;
    const item = this.items.get(itemId);
    if (item && !item.ended) item.ended = { how, at: now };
  }

  private item(id: string, now: number): TrackedItem {
    const known = this.items.get(id);
    if (known) return known;
    const item: TrackedItem = {
      id,
      startedAt: null,
      stoppedAt: null,
      committedAt: null,
      ended: null,
    };
    this.items.set(id, item);
    this.prune(now);
    return item;
  }

  private prune(now: number): void {
    if (this.items.size <= MAX_ITEMS) return;
    for (const item of this.items.values()) {
      if (this.items.size <= MAX_ITEMS) return;
      if (item.ended || now >= this.giveUpAt(item)) this.items.delete(item.id);
    }
    while (this.items.size > MAX_ITEMS) {
      const oldest = this.items.keys().next().value;
      if (oldest === undefined) return;
      this.items.delete(oldest);
    }
  }
}
