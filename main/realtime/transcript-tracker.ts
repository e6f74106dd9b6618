import type { RealtimeEvent } from './realtime-events';
import { containsWords, splitWords } from './transcript-words';
import { MAX_UTTERANCE_BYTES, Utterance, type TranscriptRole } from './utterance';
import { mergeRoutedFragments, reviseLast } from './late-done-merge';

/** One line of what a handoff carries. */
export interface TranscriptLine {
  role: TranscriptRole;
  text: string;
  /** Earlier words of this utterance the size bound cut before they were delivered. */
  cutWords?: number;
}

/** Read-only view of an entry. */
export interface TranscriptEntryView {
  role: TranscriptRole;
  text: string;
  itemId: string | null;
  /** A `done`/`completed` event set the text; no delta came after it. */
  final: boolean;
  /** The words not yet delivered to the delegate ('' when all were). */
  pending: string;
}

/** Options of {@link TranscriptTracker}. */
export interface TranscriptTrackerOptions {
  /** Entries kept; the oldest fully delivered ones go first. Default 200. */
  maxEntries?: number;
  /** Bytes of text one entry keeps (its newest words). Default 8 KB. */
  maxEntryBytes?: number;
}

/**
 * The active transcript, one entry per utterance, and what of it the delegate has seen. Pure:
 * feed it parsed events with {@link apply}; a handoff machine asks {@link peekSinceLastHandoff}
 * what a handoff would carry and commits it with {@link takeSinceLastHandoff}.
 *
 * Which utterance text belongs to: the entry with its item id where the event carries one;
 * otherwise the open (not finalised, not forced) last entry of its role — for the assistant only
 * when no user entry began after it, so a lead-in after the user's turn is a new utterance,
 * while the user's lagging transcription still joins the user's open utterance across an
 * assistant lead-in; else a new entry. A `done` replaces the text of its utterance. A late
 * `done` for a routed utterance updates that entry (by item id; without one, by its words
 * continuing the entry's) and only undelivered words count as new.
 */
export class TranscriptTracker {
  private list: Utterance[] = [];
  private readonly forced: Record<TranscriptRole, boolean> = { user: false, assistant: false };
  private readonly maxEntries: number;
  private readonly maxEntryBytes: number;

  constructor(options: TranscriptTrackerOptions = {}) {
    this.maxEntries = Math.max(1, options.maxEntries ?? 200);
    this.maxEntryBytes = Math.max(64, options.maxEntryBytes ?? MAX_UTTERANCE_BYTES);
  }

  /** Feeds one server event; returns true when an entry's text changed. */
  apply(event: RealtimeEvent): boolean {
    switch (event.type) {
      case 'input_transcript_delta':
        return this.appendDelta('user', event.delta, event.itemId);
      case 'output_transcript_delta':
        return this.appendDelta('assistant', event.delta, event.itemId);
      case 'input_transcript_done':
        return this.applyDone('user', event.transcript, event.itemId);
      case 'output_transcript_done':
        return this.applyDone('assistant', event.transcript, event.itemId);
      case 'speech_started':
        this.beginUserItem(event.itemId);
        return false;
      case 'input_audio_committed':
        if (event.itemId !== null && !this.findByItem('user', event.itemId)) {
          this.beginUserItem(event.itemId);
        }
        return false;
      case 'response_created':
        this.forceNewEntry('assistant');
        return false;
      default:
        return false;
    }
  }

  /** The next text of `role` starts a new entry (e.g. the hold-to-talk key went down). */
  forceNewEntry(role: TranscriptRole): void {
    this.forced[role] = true;
  }

  /** Appends a transcript delta to its utterance (see the class rules). */
  appendDelta(role: TranscriptRole, delta: string, itemId: string | null = null): boolean {
    if (delta === '') return false;
    const entry = this.utteranceFor(role, itemId) ?? this.push(role, itemId);
    entry.append(delta);
    return true;
  }

  /** Applies a final transcript (see the class rules); empty text only finalises. */
  applyDone(role: TranscriptRole, text: string, itemId: string | null = null): boolean {
    const entry = this.utteranceFor(role, itemId);
    if (text.trim() === '') {
      if (entry) entry.final = true;
      return false;
    }
    // Without an id, a routed utterance's late done is recognised by its words continuing it.
    if (itemId === null && this.mergeLate(role, text)) return true;
    if (entry) {
      entry.replace(text);
      return true;
    }
    if (itemId === null && reviseLast(this.lastOf(role), text)) return true;
    this.push(role, itemId).replace(text);
    return true;
  }

  /**
   * The lines a handoff routed now would carry: every entry's undelivered words, in order,
   * then `inputTranscript` as a user line when it is non-empty and not already present.
   * Changes nothing.
   */
  peekSinceLastHandoff(inputTranscript = ''): TranscriptLine[] {
    const lines: TranscriptLine[] = [];
    for (const entry of this.list) {
      const { text, cutWords } = entry.pending();
      if (text === '') continue;
      lines.push(cutWords > 0 ? { role: entry.role, text, cutWords } : { role: entry.role, text });
    }
    const input = this.missingInput(inputTranscript);
    if (input !== null) lines.push({ role: 'user', text: input });
    return lines;
  }

  /**
   * Routes a handoff: appends its input transcript as a user entry (trimmed, when non-empty
   * and not already present), returns what {@link peekSinceLastHandoff} would, marks all of
   * it delivered, and forces new entries for both roles.
   */
  takeSinceLastHandoff(inputTranscript = ''): TranscriptLine[] {
    const input = this.missingInput(inputTranscript);
    if (input !== null) this.push('user', null).replace(input);
    const lines = this.peekSinceLastHandoff();
    for (const entry of this.list) entry.markDelivered();
    this.forced.user = true;
    this.forced.assistant = true;
    this.prune();
    return lines;
  }

  /** True when some entry has words the delegate has not seen. */
  hasPending(): boolean {
    return this.list.some((entry) => entry.pending().text !== '');
  }

  /** Whether the last entry of `role` exists and was finalised by a `done`. */
  isLastFinal(role: TranscriptRole): boolean {
    return this.lastOf(role)?.final ?? false;
  }

  /** The entries with text, oldest first. */
  entries(): TranscriptEntryView[] {
    return this.list
      .filter((entry) => entry.text !== '')
      .map((entry) => ({
        role: entry.role,
        text: entry.text,
        itemId: entry.itemId,
        final: entry.final,
        pending: entry.pending().text,
      }));
  }

  /** Forgets everything (a new conversation). */
  clear(): void {
    this.list = [];
    this.forced.user = false;
    this.forced.assistant = false;
  }

  /** A user utterance began: with an item id it gets its entry now, so it keeps its place. */
  private beginUserItem(itemId: string | null): void {
    if (itemId === null) {
      this.forceNewEntry('user');
      return;
    }
    if (!this.findByItem('user', itemId)) this.push('user', itemId);
  }

  /** The utterance text of `role` (and `itemId`) belongs to, if it has one yet. */
  private utteranceFor(role: TranscriptRole, itemId: string | null): Utterance | undefined {
    if (itemId !== null) {
      const known = this.findByItem(role, itemId);
      if (known) return known;
      const open = this.openUtterance(role);
      // An utterance begun without an id (speech started, or the talk key) takes its first id.
      if (open && open.itemId === null) open.itemId = itemId;
      return open?.itemId === itemId ? open : undefined;
    }
    return this.openUtterance(role);
  }

  /** The last entry of `role` while new text may still join it. */
  private openUtterance(role: TranscriptRole): Utterance | undefined {
    if (this.forced[role]) return undefined;
    const index = this.list.findLastIndex((entry) => entry.role === role);
    const last = this.list[index];
    if (!last || last.final) return undefined;
    if (role === 'assistant' && this.list.slice(index + 1).some((e) => e.role === 'user')) {
      return undefined;
    }
    return last;
  }

  private mergeLate(role: TranscriptRole, text: string): boolean {
    const merged = mergeRoutedFragments(this.list, role, text);
    if (merged) this.list = merged;
    return merged !== null;
  }

  private push(role: TranscriptRole, itemId: string | null): Utterance {
    const entry = new Utterance(role, itemId, this.maxEntryBytes);
    this.list.push(entry);
    this.forced[role] = false;
    this.prune();
    return entry;
  }

  private missingInput(inputTranscript: string): string | null {
    const input = inputTranscript.trim();
    const needle = splitWords(input).map((w) => w.norm);
    if (needle.length === 0) return null;
    // Present anywhere in a user entry, delivered or not: the delegation's <input> carries it
    // anyway, so adding it again would only duplicate the user's words.
    const present = this.list.some(
      (entry) => entry.role === 'user' && containsWords(entry.norms(), needle),
    );
    return present ? null : input;
  }

  private lastOf(role: TranscriptRole): Utterance | undefined {
    return this.list.findLast((entry) => entry.role === role);
  }

  private findByItem(role: TranscriptRole, itemId: string): Utterance | undefined {
    return this.list.findLast((entry) => entry.role === role && entry.itemId === itemId);
  }

  /** Keeps {@link maxEntries}: the oldest entry with nothing pending goes first, never the newest. */
  private prune(): void {
    while (this.list.length > this.maxEntries) {
      const index = this.list.findIndex(
        (entry, i) => i < this.list.length - 1 && entry.pending().text === '',
      );
      this.list.splice(index >= 0 ? index : 0, 1);
    }
  }
}
