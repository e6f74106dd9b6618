import { appendBounded, tailWithin } from './text-bounds';
import { splitWords } from './transcript-words';

/** Who said an utterance. */
export type TranscriptRole = 'user' | 'assistant';

/** Most text one utterance keeps, in UTF-8 bytes: the newest words stay. */
export const MAX_UTTERANCE_BYTES = 8 * 1024;

/** The words of an utterance the delegate has not seen yet. */
export interface PendingWords {
  text: string;
  /** Undelivered words the size bound cut before they could be delivered. */
  cutWords: number;
}

/**
 * One utterance of the transcript: its text (bounded, newest words kept) and how many of its
 * words were delivered to the delegate. Word counts are kept from the start of everything the
 * utterance ever said, so a revised `done` or a trimmed head does not shift what was delivered.
 */
export class Utterance {
  /** A `done` set the text and no delta came after it. */
  final = false;
  /** Kept text; at most twice the bound between trims (see {@link appendBounded}). */
  private raw = '';
  /** Words trimmed from the head of {@link raw} for good. */
  private droppedWords = 0;
  /** Words delivered, counted from the first word ever said. */
  private deliveredWords = 0;
  private cache: { view: string; firstWord: number; pending: PendingWords } | null = null;

  constructor(
    readonly role: TranscriptRole,
    public itemId: string | null,
    private readonly maxBytes = MAX_UTTERANCE_BYTES,
  ) {}

  /** The text, at most the byte bound (the newest words when it was cut). */
  get text(): string {
    return this.read().view;
  }

  /** True when the bound cut earlier words of this utterance. */
  get wasCut(): boolean {
    return this.read().firstWord > 0;
  }

  /** Appends a delta; it reopens a finalised utterance. */
  append(delta: string): void {
    const { tail, head } = appendBounded(this.raw, delta, this.maxBytes);
    this.raw = tail;
    if (head !== '') this.droppedWords += splitWords(head).length;
    this.final = false;
    this.cache = null;
  }

  /** A `done`: its text replaces the utterance's; delivered words stay delivered. */
  replace(text: string): void {
    const { tail, head } = tailWithin(text, this.maxBytes);
    this.raw = tail;
    this.droppedWords = splitWords(head).length;
    this.final = true;
    this.cache = null;
  }

  /** The words past those delivered (all of the trimmed text when none were). */
  pending(): PendingWords {
    return this.read().pending;
  }

  /** Everything said so far counts as delivered. */
  markDelivered(): void {
    const { firstWord, view } = this.read();
    this.deliveredWords = Math.max(this.deliveredWords, firstWord + splitWords(view).length);
    this.cache = null;
  }

  /** Words delivered (from the first word ever said). */
  get delivered(): number {
    return this.deliveredWords;
  }

  /** Sets the delivered count (merging fragments back into one utterance). */
  setDelivered(words: number): void {
    this.deliveredWords = Math.max(0, words);
    this.cache = null;
  }

  /** Comparison forms of the kept words. */
  norms(): string[] {
    return splitWords(this.read().view).map((w) => w.norm);
  }

  private read(): { view: string; firstWord: number; pending: PendingWords } {
    if (this.cache) return this.cache;
    const { tail, head } = tailWithin(this.raw, this.maxBytes);
    const firstWord = this.droppedWords + (head === '' ? 0 : splitWords(head).length);
    this.cache = {
      view: tail,
      firstWord,
      pending: pendingOf(tail, firstWord, this.deliveredWords),
    };
    return this.cache;
  }
}

function pendingOf(view: string, firstWord: number, delivered: number): PendingWords {
  const cutWords = Math.max(0, firstWord - delivered);
  if (delivered <= firstWord) return { text: view.trim(), cutWords };
  const text = splitWords(view)
    .slice(delivered - firstWord)
    .map((w) => w.raw)
    .join(' ');
  return { text, cutWords: 0 };
}
