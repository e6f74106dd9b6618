import type { Role, TranscriptEntry } from '../../preload/schemas/conversation';
import type { RealtimeEvent } from '../realtime/realtime-events';
import { splitHeardText } from '../audio/barge-in';
import { appendBounded, tailWithin } from '../realtime/text-bounds';
import { MAX_UTTERANCE_BYTES } from '../realtime/utterance';
import { TypedEmitter } from '../base/typed-emitter';

/** How many entries the feed keeps for a renderer that attaches late. */
export const TRANSCRIPT_FEED_LIMIT = 500;

/** Events of {@link TranscriptFeed}. */
export type TranscriptFeedEvents = {
  /** An entry was added or changed (a copy of the whole entry). */
  entry: TranscriptEntry;
};

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

  /** @param now epoch ms, stamped on each new entry */
  constructor(private readonly now: () => number) {}

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
    const entry =
      known ?? this.open[role] ?? (this.open[role] = this.create(role, '', false, false));
    if (!known && itemId !== null) this.byItem.set(itemId, entry);
    // Bounded like the handoff's transcript: an endless utterance keeps its newest words.
    entry.text = appendBounded(entry.text, delta, MAX_UTTERANCE_BYTES).tail;
    this.publish(entry);
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
