import type { RealtimeEvent } from './realtime-events';
import { containsWords, isWordPrefix, sharesWordPrefix, splitWords } from './transcript-words';

/** Who said an entry. */
export type TranscriptRole = 'user' | 'assistant';

/** One line of what a handoff carries. */
export interface TranscriptLine {
  role: TranscriptRole;
  text: string;
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

interface Entry {
  role: TranscriptRole;
  text: string;
  itemId: string | null;
  final: boolean;
  /** Normalised words already delivered, counted from the start of `text`. */
  delivered: string[];
}

/** Options of {@link TranscriptTracker}. */
export interface TranscriptTrackerOptions {
  /** Entries kept; the oldest fully delivered ones go first. Default 200. */
  maxEntries?: number;
}

/** Longest run of same-role fragments a late `done` may merge back into one entry. */
const MAX_MERGE_RUN = 3;

/**
 * The active transcript and what of it the delegate has seen. Pure: feed it
 * parsed events with {@link apply}; a handoff machine asks {@link peekSinceLastHandoff} what a
 * handoff would carry and commits it with {@link takeSinceLastHandoff}.
 *
 * Rules: a delta appends to the last same-role entry (or the entry with its item id) unless a
 * new entry was forced or that entry was finalised by a `done`; a `done` replaces the text of
 * the last same-role entry; empty text is ignored; `SpeechStarted`/`ResponseCreated` and each
 * routed handoff force new entries. A late `done` whose text begins with (or equals) text
 * already delivered updates that entry, merging fragments that late deltas split off, and only
 * the undelivered words count as new — no word is delivered twice.
 */
export class TranscriptTracker {
  private list: Entry[] = [];
  private readonly forced: Record<TranscriptRole, boolean> = { user: false, assistant: false };
  private readonly maxEntries: number;

  constructor(options: TranscriptTrackerOptions = {}) {
    this.maxEntries = Math.max(1, options.maxEntries ?? 200);
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
        this.forceNewEntry('user');
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

  /** Appends a transcript delta (see the class rules). */
  appendDelta(role: TranscriptRole, delta: string, itemId: string | null = null): boolean {
    if (delta === '') return false;
    const byItem = this.findByItem(role, itemId);
    const last = byItem ?? this.lastOf(role);
    if (!byItem && (!last || this.forced[role] || last.final || conflicts(last, itemId))) {
      this.push(role, delta, itemId, false);
      return true;
    }
    if (!last) return false;
    last.text += delta;
    last.final = false;
    last.itemId ??= itemId;
    return true;
  }

  /** Applies a final transcript (see the class rules and the late-done rule). */
  applyDone(role: TranscriptRole, text: string, itemId: string | null = null): boolean {
    if (text.trim() === '') return false;
    const target = this.findByItem(role, itemId);
    if (target) return this.replace(target, text, itemId);
    const last = this.lastOf(role);
    if (!last || conflicts(last, itemId)) {
      this.push(role, text, itemId, true);
      return true;
    }
    if (this.mergeLateTail(role, text, itemId)) return true;
    const open = !this.forced[role] && !last.final;
    if (open || sharesWordPrefix(normsOf(last.text), normsOf(text))) {
      return this.replace(last, text, itemId);
    }
    this.push(role, text, itemId, true);
    return true;
  }

  /**
   * The lines a handoff routed now would carry: every entry's undelivered words, in order,
   * then `inputTranscript` as a user line when it is non-empty and not already present.
   * Changes nothing.
   */
  peekSinceLastHandoff(inputTranscript = ''): TranscriptLine[] {
    const lines = this.list
      .map((entry) => ({ role: entry.role, text: pendingText(entry) }))
      .filter((line) => line.text !== '');
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
    if (input !== null) this.push('user', input, null, true);
    const lines = this.peekSinceLastHandoff();
    for (const entry of this.list) entry.delivered = normsOf(entry.text);
    this.forced.user = true;
    this.forced.assistant = true;
    this.prune();
    return lines;
  }

  /** True when some entry has words the delegate has not seen. */
  hasPending(): boolean {
    return this.list.some((entry) => pendingText(entry) !== '');
  }

  /** Whether the last entry of `role` exists and was finalised by a `done`. */
  isLastFinal(role: TranscriptRole): boolean {
    return this.lastOf(role)?.final ?? false;
  }

  /** The entries, oldest first. */
  entries(): TranscriptEntryView[] {
    return this.list.map((entry) => ({
      role: entry.role,
      text: entry.text,
      itemId: entry.itemId,
      final: entry.final,
      pending: pendingText(entry),
    }));
  }

  /** Forgets everything (a new conversation). */
  clear(): void {
    this.list = [];
    this.forced.user = false;
    this.forced.assistant = false;
  }

  /**
   * Late deltas of a routed utterance start a new entry (a new one was forced); when the
   * utterance's `done` then arrives, its text begins with the routed entry followed by those
   * fragments. Merge them back into the routed entry so only undelivered words are new.
   */
  private mergeLateTail(role: TranscriptRole, text: string, itemId: string | null): boolean {
    const norms = normsOf(text);
    const run = this.list.filter((entry) => entry.role === role).slice(-MAX_MERGE_RUN);
    for (let n = 2; n <= run.length; n++) {
      const fragments = run.slice(-n);
      const [first] = fragments;
      if (!first || first.delivered.length === 0) continue;
      if (fragments.some((entry) => conflicts(entry, itemId))) continue;
      const joined = fragments.flatMap((entry) => normsOf(entry.text));
      if (!isWordPrefix(joined, norms)) continue;
      const delivered = deliveredPrefixLength(fragments);
      first.text = text;
      first.final = true;
      first.itemId ??= itemId;
      first.delivered = norms.slice(0, Math.min(delivered, norms.length));
      const dropped = new Set(fragments.slice(1));
      this.list = this.list.filter((entry) => !dropped.has(entry));
      return true;
    }
    return false;
  }

  private replace(entry: Entry, text: string, itemId: string | null): boolean {
    entry.text = text;
    entry.final = true;
    entry.itemId ??= itemId;
    return true;
  }

  private push(role: TranscriptRole, text: string, itemId: string | null, final: boolean): void {
    this.list.push({ role, text, itemId, final, delivered: [] });
    this.forced[role] = false;
    this.prune();
  }

  private missingInput(inputTranscript: string): string | null {
    const input = inputTranscript.trim();
    const needle = normsOf(input);
    if (needle.length === 0) return null;
    // Present anywhere in a user entry, delivered or not: the delegation's <input> carries it
    // anyway, so adding it again would only duplicate the user's words.
    const present = this.list.some(
      (entry) => entry.role === 'user' && containsWords(normsOf(entry.text), needle),
    );
    return present ? null : input;
  }

  private lastOf(role: TranscriptRole): Entry | undefined {
    return this.list.findLast((entry) => entry.role === role);
  }

  private findByItem(role: TranscriptRole, itemId: string | null): Entry | undefined {
    if (itemId === null) return undefined;
    return this.list.findLast((entry) => entry.role === role && entry.itemId === itemId);
  }

  private prune(): void {
    while (this.list.length > this.maxEntries) {
      const index = this.list.findIndex((entry) => pendingText(entry) === '');
      this.list.splice(index >= 0 ? index : 0, 1);
    }
  }
}

function normsOf(text: string): string[] {
  return splitWords(text).map((w) => w.norm);
}

/** Both item ids known and different: not the same utterance. */
function conflicts(entry: Entry, itemId: string | null): boolean {
  return entry.itemId !== null && itemId !== null && entry.itemId !== itemId;
}

/** The entry's words past those delivered; the whole (trimmed) text when none were. */
function pendingText(entry: Entry): string {
  if (entry.delivered.length === 0) return entry.text.trim();
  return splitWords(entry.text)
    .slice(entry.delivered.length)
    .map((w) => w.raw)
    .join(' ');
}

/** Words delivered from the start of a run of fragments, up to the first undelivered one. */
function deliveredPrefixLength(fragments: readonly Entry[]): number {
  let count = 0;
  for (const entry of fragments) {
    const total = splitWords(entry.text).length;
    count += Math.min(entry.delivered.length, total);
    if (entry.delivered.length < total) break;
  }
  return count;
}
