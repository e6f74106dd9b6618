import type { HistoryStatus } from '../../preload/schemas/history';
import type { Problem } from '../../preload/schemas/problem';

/** What the history view says about saving, and the few words the header shows for it. */
export interface HistoryNotice {
  problem: Problem;
  /** `failure`: conversations are not (all) being kept; `notice`: something worth knowing. */
  tone: 'failure' | 'notice';
  /** A short label for the header while history is not being saved; null for a mere note. */
  short: string | null;
}

const MEMORY_ONLY =
  'History is kept in memory only: the conversations of this run are lost when Parley quits.';

const plural = (n: number, one: string, many: string): string => (n === 1 ? one : many);

/** The warning a history status calls for, in plain words; null when all is well. */
export function historyNotice(status: HistoryStatus): HistoryNotice | null {
  const { writeError, pendingChanges, droppedChanges, warnings, location } = status;
  const memory = location === 'memory';
  const sentences: string[] = [];
  if (writeError !== null) {
    sentences.push(writeError);
    if (pendingChanges > 0) {
      const kept = plural(pendingChanges, 'change is', 'changes are');
      sentences.push(`${pendingChanges} unsaved ${kept} kept and retried.`);
    }
  }
  if (droppedChanges > 0) {
    const lost = plural(droppedChanges, 'change was given up: it', 'changes were given up: they');
    sentences.push(`${droppedChanges} ${lost} could not be saved.`);
  }
  sentences.push(...warnings);
  if (memory && warnings.length === 0) sentences.push(MEMORY_ONLY);
  if (sentences.length === 0) return null;
  const failing = writeError !== null || memory || droppedChanges > 0;
  const short =
    writeError !== null
      ? 'History not saving'
      : memory
        ? 'History in memory only'
        : droppedChanges > 0
          ? 'Some history lost'
          : null;
  return {
    problem: {
      summary: sentences.join(' '),
      detail: status.path ? `History file: ${status.path}` : null,
      actions: [],
      field: null,
    },
    tone: failing ? 'failure' : 'notice',
    short,
  };
}
