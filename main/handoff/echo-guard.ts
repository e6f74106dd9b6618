import type { Clock } from '../base/clock';
import { splitWords } from '../realtime/transcript-words';

/** Options of {@link EchoGuard}. */
export interface EchoGuardOptions {
  /** Outputs remembered; the oldest go first. Default 16. */
  maxOutputs?: number;
  /** An output stops counting after this long; echoes come back within seconds. Default 120 s. */
  ttlMs?: number;
}

interface Remembered {
  words: string[];
  at: number;
}

/** Longest text compared, in words: bounds the O(n·m) run search. */
const MAX_WORDS = 2_000;
/** A piece of an output must be at least this long to count when it is a small share of it. */
const MIN_PIECE_WORDS = 6;

/**
 * Recognises the delegate's own output coming back as user text:
 * the V1 server transcribing the spoken handoff output as input, a result Parley created as a
 * conversation item reappearing as a user item, or the voice model passing a result back to
 * `background_agent`. Texts are compared as normalised words (case, punctuation and Unicode
 * width ignored) by their longest common run of consecutive words. A text is an echo of a
 * recent output when that run covers
 * - ≥ 80 % of the text, and the text is ≥ 6 words or ≥ half of the output (a piece of it), or
 * - ≥ 90 % of the output and ≥ 60 % of the text (the output, wrapped in a few more words).
 * Texts under two words are never echoes, and an output counts only for {@link ttlMs}: a user
 * who later repeats a short phrase of an old result is not silenced.
 */
export class EchoGuard {
  private outputs: Remembered[] = [];
  private readonly maxOutputs: number;
  private readonly ttlMs: number;

  constructor(
    private readonly clock: Clock,
    options: EchoGuardOptions = {},
  ) {
    this.maxOutputs = Math.max(1, options.maxOutputs ?? 16);
    this.ttlMs = options.ttlMs ?? 120_000;
  }

  /** Remembers text that was delivered to the voice model. */
  remember(output: string): void {
    const words = normWords(output);
    if (words.length === 0) return;
    this.outputs.push({ words, at: this.clock.now() });
    if (this.outputs.length > this.maxOutputs) this.outputs.shift();
  }

  /** True when `text` is (mostly) a recently delivered output. */
  isEcho(text: string): boolean {
    const words = normWords(text);
    if (words.length < 2) return false;
    const cutoff = this.clock.now() - this.ttlMs;
    this.outputs = this.outputs.filter((output) => output.at >= cutoff);
    return this.outputs.some((output) => isEchoOf(words, output.words));
  }

  /** Forgets every output. */
  clear(): void {
    this.outputs = [];
  }
}

function normWords(text: string): string[] {
  return splitWords(text)
    .slice(0, MAX_WORDS)
    .map((word) => word.norm);
}

function isEchoOf(text: readonly string[], output: readonly string[]): boolean {
  const run = longestCommonRun(text, output);
  const pieceOfOutput =
    run >= 0.8 * text.length && (text.length >= MIN_PIECE_WORDS || run >= 0.5 * output.length);
  const wrappedOutput = run >= 0.9 * output.length && run >= 0.6 * text.length;
  return pieceOfOutput || wrappedOutput;
}

/** Length of the longest run of consecutive words the two share. */
export function longestCommonRun(a: readonly string[], b: readonly string[]): number {
  let best = 0;
  let previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      if (a[i - 1] !== b[j - 1]) continue;
      const length = (previous[j - 1] ?? 0) + 1;
      current[j] = length;
      if (length > best) best = length;
    }
    previous = current;
  }
  return best;
}
