import { shallowRef } from 'vue';
import type { TranscriptDelta, TranscriptEntry } from '../../../preload/schemas/conversation';

/** Entries the pane keeps; older ones scroll away. */
export const TRANSCRIPT_LIMIT = 5000;

/**
 * The transcript's lines: plain objects in a shallow array replaced on each change (no deep
 * reactivity on thousands of lines), with an index by id so a delta finds its line at once.
 * `onGap` is called when a delta cannot be applied (its line is unknown, or text was missed).
 */
export function createTranscriptEntries(onGap: () => void) {
  const entries = shallowRef<readonly TranscriptEntry[]>([]);
  let indexOf = new Map<string, number>();

  function upsert(entry: TranscriptEntry): void {
    const index = indexOf.get(entry.id);
    const next = entries.value.slice();
    if (index !== undefined) next[index] = entry;
    else {
      indexOf.set(entry.id, next.length);
      next.push(entry);
      if (next.length > TRANSCRIPT_LIMIT) {
        next.splice(0, next.length - TRANSCRIPT_LIMIT);
        indexOf = new Map(next.map((e, i) => [e.id, i]));
      }
    }
    entries.value = next;
  }

  /**
   * Text appended to an entry. A delta already in the text (from a transcript loaded meanwhile)
   * changes nothing; one past the end of the text means something was missed.
   */
  function appendDelta(change: TranscriptDelta): void {
    const index = indexOf.get(change.id);
    const entry = index === undefined ? undefined : entries.value[index];
    if (index === undefined || !entry) return onGap();
    const { text } = entry;
    if (text.length !== change.at) {
      if (text.slice(change.at, change.at + change.delta.length) !== change.delta) onGap();
      return;
    }
    const next = entries.value.slice();
    next[index] = { ...entry, text: text + change.delta };
    entries.value = next;
  }

  return { entries, upsert, appendDelta };
}
