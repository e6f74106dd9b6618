import type { Role, TranscriptDelta, TranscriptEntry } from '../../preload/schemas/conversation';
import type { RealtimeEvent } from '../realtime/realtime-events';
import { splitHeardText } from '../audio/barge-in';
import { appendBounded, tailWithin } from '../realtime/text-bounds';
import { MAX_UTTERANCE_BYTES } from '../realtime/utterance';
import { TypedEmitter } from '../base/typed-emitter';

/** How many entries the feed keeps for a renderer that attaches late. */
export const TRANSCRIPT_FEED_LIMIT = 500;

/**
 * How much of an entry's text before a delta is checked with it for a secret split across the
 * seam: more than any key shape needs to be recognised, and any known key up to 1 KB.
 */
export const SEAM_CHARS = 1024;

/** Events of {@link TranscriptFeed}. */
export type TranscriptFeedEvents = {
  /** An entry was added or changed other than by appending (a copy of the whole entry). */
  entry: TranscriptEntry;
  /** Text was appended to an entry already published: the delta, and a copy of the entry. */
  appended: { delta: TranscriptDelta; entry: TranscriptEntry };
};

/** Options of {@link TranscriptFeed}. */
export interface TranscriptFeedOptions {
  /**
   * Whether a text holds nothing redaction would change. A delta goes out alone only when the
   * text around its seam is clean; otherwise (and from then on for that entry) the whole entry
   * goes, so the one redaction sees a secret whole, never in pieces. Default: every text is.
   */
  isSecretFree?: (text: string) => boolean;
}

/**
 * The transcript as the user sees it: one entry per utterance, streamed from deltas, replaced
 * by the final text, marked when barge-in cut the assistant off. Display only: what is sent to
 * the delegate is decided by the handoff machine's own tracker.
 */
export class TranscriptFeed {
  private entries: TranscriptEntry[] = [];
  private open: Partial<Record<Role, TranscriptEntry>> = {};
  /** Entry of each server item id, so late events of an utterance land in its own entry. */
  private readonly byItem = new Map<string, TranscriptEntry>();
  private nextId = 1;
  private conversationId = '';
  private readonly emitter = new TypedEmitter<TranscriptFeedEvents>();
  /** Entries whose text held something secret-shaped: they are always published whole. */
  private readonly wholeOnly = new WeakSet<TranscriptEntry>();
  private readonly isSecretFree: (text: string) => boolean;

  /** @param now epoch ms, stamped on each new entry */
  constructor(
    private readonly now: () => number,
    options: TranscriptFeedOptions = {},
  ) {
    this.isSecretFree = options.isSecretFree ?? (() => true);
  }

  on<K extends keyof TranscriptFeedEvents>(
    event: K,
    listener: (payload: TranscriptFeedEvents[K]) => void,
  ): () => void {
    return this.emitter.on(event, listener);
  }

  list(): TranscriptEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  apply(event: RealtimeEvent): void {
    switch (event.type) {
      case 'speech_started':
        this.close('user');
        break;
      case 'response_created':
        this.close('assistant');
        break;
      case 'input_transcript_delta':
        this.append('user', event.delta, event.itemId);
        break;
      case 'output_transcript_delta':
        this.append('assistant', event.delta, event.itemId);
        break;
      case 'input_transcript_done':
        this.finish('user', event.transcript, event.itemId);
        break;
      case 'output_transcript_done':
        this.finish('assistant', event.transcript, event.itemId);
        break;
      default:
        break;
    }
  }

  /** A new conversation starts: what was open ends, new entries belong to `conversationId`. */
  beginConversation(conversationId: string): void {
    this.close('user');
    this.close('assistant');
    this.byItem.clear();
    this.conversationId = conversationId;
  }

  /** Text the user typed: a final user entry of its own. */
  addTyped(text: string): void {
    this.close('user');
    this.publish(this.create('user', text, true, true));
  }

  /** Barge-in cut the assistant off after `playedMs` of `receivedMs`: mark the unheard words. */
  markInterruptedAt(playedMs: number, receivedMs: number): void {
    const entry = this.open.assistant ?? this.lastOf('assistant');
    if (!entry) return;
    this.markInterrupted(splitHeardText(entry.text, playedMs, receivedMs).heard.length);
  }

  /** Barge-in cut the assistant's latest entry after `heardChars` characters. */
  markInterrupted(heardChars: number): void {
    const entry = this.open.assistant ?? this.lastOf('assistant');
    if (!entry) return;
    entry.heardChars = Math.max(0, Math.min(heardChars, entry.text.length));
    this.publish(entry);
  }

  dispose(): void {
    this.emitter.dispose();
  }

  private append(role: Role, delta: string, itemId: string | null): void {
    if (!delta) return;
    const known = itemId === null ? undefined : this.byItem.get(itemId);
    const existing = known ?? this.open[role];
    const entry = existing ?? (this.open[role] = this.create(role, '', false, false));
    if (!known && itemId !== null) this.byItem.set(itemId, entry);
    const before = entry.text;
    // Bounded like the handoff's transcript: an endless utterance keeps its newest words.
    entry.text = appendBounded(before, delta, MAX_UTTERANCE_BYTES).tail;
    const appendedOnly =
      existing !== undefined && entry.text.length === before.length + delta.length;
    if (appendedOnly && this.seamIsClean(entry, before, delta)) {
      const change = { id: entry.id, at: before.length, delta };
      this.emitter.emit('appended', { delta: change, entry: { ...entry } });
    } else this.publish(entry);
  }

  /** Whether `delta` may go out alone (see {@link TranscriptFeedOptions.isSecretFree}). */
  private seamIsClean(entry: TranscriptEntry, before: string, delta: string): boolean {
    if (this.wholeOnly.has(entry)) return false;
    if (this.isSecretFree(before.slice(-SEAM_CHARS) + delta)) return true;
    this.wholeOnly.add(entry);
    return false;
  }

  private finish(role: Role, text: string, itemId: string | null): void {
    const known = itemId === null ? undefined : this.byItem.get(itemId);
    if (!text.trim() && !known && !this.open[role]) return;
    const entry = known ?? this.open[role] ?? this.create(role, '', false, false);
    if (text.trim()) entry.text = tailWithin(text, MAX_UTTERANCE_BYTES).tail;
    entry.final = true;
    if (this.open[role] === entry) delete this.open[role];
    if (itemId !== null) this.byItem.set(itemId, entry);
    this.publish(entry);
  }

  private close(role: Role): void {
    const entry = this.open[role];
    if (!entry) return;
    delete this.open[role];
    entry.final = true;
    this.publish(entry);
  }

  private create(role: Role, text: string, final: boolean, typed: boolean): TranscriptEntry {
    const entry: TranscriptEntry = {
      id: `t${this.nextId++}`,
      conversationId: this.conversationId,
      role,
      text,
      final,
      at: this.now(),
      typed,
      heardChars: null,
    };
    this.entries.push(entry);
    if (this.entries.length > TRANSCRIPT_FEED_LIMIT) {
      const dropped = this.entries.shift()!;
      for (const [id, e] of this.byItem) if (e === dropped) this.byItem.delete(id);
    }
    return entry;
  }

  private lastOf(role: Role): TranscriptEntry | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      if (this.entries[i]!.role === role) return this.entries[i];
    }
    return undefined;
  }

  private publish(entry: TranscriptEntry): void {
    this.emitter.emit('entry', { ...entry });
  }
}
