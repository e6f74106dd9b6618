import type { TranscriptEntry } from '../preload/schemas/conversation';
import { createRandom, type Random } from './seeded-random';

/** The corpus of the history benchmark: transcript lines with a Zipf-like vocabulary. */
export interface HistoryCorpus {
  /** Vocabulary, most frequent first. */
  vocabulary: readonly string[];
  entries: readonly { conversationId: string; entry: TranscriptEntry }[];
}

const SYLLABLES =
  'ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu za ze zi zo zu'.split(
    ' ',
  );

/** `size` distinct pronounceable words, deterministic. */
function vocabulary(random: Random, size: number): string[] {
  const words = new Set<string>();
  while (words.size < size) {
    const n = random.int(2, 4);
    words.add(Array.from({ length: n }, () => random.pick(SYLLABLES)).join(''));
  }
  return [...words];
}

/** A word index drawn from a Zipf(1) distribution over `n` ranks (inverse CDF on the harmonic sum). */
function zipfSampler(random: Random, n: number): () => number {
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) cumulative[k] = sum += 1 / (k + 1);
  return () => {
    const target = random.next() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/**
 * `count` final transcript entries (4–40 words each, alternating speakers) in conversations
 * of 40–200 entries, one conversation every few hours.
 */
export function historyCorpus(seed: number, count: number, vocabularySize = 20_000): HistoryCorpus {
  const random = createRandom(seed);
  const words = vocabulary(random, vocabularySize);
  const rank = zipfSampler(random, words.length);
  const entries: HistoryCorpus['entries'][number][] = [];
  let at = Date.UTC(2025, 0, 1);
  let conversation = 0;
  while (entries.length < count) {
    const conversationId = `bench-${++conversation}`;
    at += random.int(1, 6) * 3_600_000;
    for (let i = 0, n = random.int(40, 200); i < n && entries.length < count; i++) {
      at += random.int(1_000, 20_000);
      const text = Array.from({ length: random.int(4, 40) }, () => words[rank()]).join(' ');
      const role = i % 2 === 0 ? 'user' : 'assistant';
      const entry: TranscriptEntry = {
        id: `t${i + 1}`,
        conversationId,
        role,
        text,
        final: true,
        at,
        typed: false,
        heardChars: null,
      };
      entries.push({ conversationId, entry });
    }
  }
  return { vocabulary: words, entries };
}
