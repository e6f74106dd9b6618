import type { TranscriptRole, Utterance } from './utterance';
import { isWordPrefix, sharesWordPrefix, splitWords } from './transcript-words';

/** Fragments of one utterance a late `done` may merge back together. */
const MAX_MERGE_RUN = 3;

/**
 * Late deltas of a routed utterance start a new entry (a new one was forced); when the
 * utterance's `done` then arrives, its text begins with the routed entry followed by those
 * fragments. Merges them back into the routed entry so only undelivered words are new; returns
 * the list without the merged fragments, or null when the `done` is not such a revision.
 */
export function mergeRoutedFragments(
  list: readonly Utterance[],
  role: TranscriptRole,
  text: string,
): Utterance[] | null {
  const norms = splitWords(text).map((w) => w.norm);
  const run = list.filter((entry) => entry.role === role).slice(-MAX_MERGE_RUN);
  for (let n = 2; n <= run.length; n++) {
    const fragments = run.slice(-n);
    const [first] = fragments;
    if (!first || first.delivered === 0 || fragments.some((e) => e.itemId !== null)) continue;
    if (
      !isWordPrefix(
        fragments.flatMap((e) => e.norms()),
        norms,
      )
    )
      continue;
    const delivered = deliveredPrefixLength(fragments);
    first.replace(text);
    first.setDelivered(Math.min(delivered, norms.length));
    const dropped = new Set(fragments.slice(1));
    return list.filter((entry) => !dropped.has(entry));
  }
  return null;
}

/** A `done` that revises the closed last entry of its role (its words begin the same). */
export function reviseLast(last: Utterance | undefined, text: string): boolean {
  const norms = splitWords(text).map((w) => w.norm);
  if (!last || last.itemId !== null || !sharesWordPrefix(last.norms(), norms)) return false;
  last.replace(text);
  return true;
}

/** Words delivered from the start of a run of fragments, up to the first undelivered one. */
function deliveredPrefixLength(fragments: readonly Utterance[]): number {
  let count = 0;
  for (const entry of fragments) {
    const total = entry.norms().length;
    count += Math.min(entry.delivered, total);
    if (entry.delivered < total) break;
  }
  return count;
}
