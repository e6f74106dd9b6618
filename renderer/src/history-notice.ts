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
  'History is not being saved: the conversations of this run are kept in memory only and are lost when Parley quits.';

const plural = (n: number, one: string, many: string): string => (n === 1 ? one : many);

function shortLabel(status: HistoryStatus): string | null {
  if (status.writeError !== null) return 'History not saving';
  if (status.location === 'memory') return 'History in memory only';
  return status.droppedChanges > 0 ? 'Some history lost' : null;
}

/**
 * The warning a history status calls for, plain words first; null when all is well. Why
 * history is in memory (main's sentences, with paths) is the detail.
 */
export function historyNotice(status: HistoryStatus): HistoryNotice | null {
  const { writeError, pendingChanges, droppedChanges, warnings, location, path } = status;
  const memory = location === 'memory';
  const summary: string[] = [];
  const detail: string[] = [];
  if (writeError !== null) {
    summary.push(writeError);
    if (pendingChanges > 0) {
      const kept = plural(pendingChanges, 'change is', 'changes are');
      summary.push(`${pendingChanges} unsaved ${kept} kept and retried.`);
    }
  }
  if (droppedChanges > 0) {
    const lost = plural(droppedChanges, 'change was given up: it', 'changes were given up: they');
    summary.push(`${droppedChanges} ${lost} could not be saved.`);
  }
  if (memory) summary.push(MEMORY_ONLY);
  (memory ? detail : summary).push(...warnings);
  if (summary.length === 0) return null;
  if (path) detail.push(`History file: ${path}`);
  const short = shortLabel(status);
  return {
    problem: {
      summary: summary.join(' '),
      detail: detail.length ? detail.join('\n') : null,
      actions: [],
      field: null,
    },
    tone: short === null ? 'notice' : 'failure',
    short,
  };
}
