import type { HandoffCase } from './handoff-corpus';
import type { CaseResult } from './handoff-replay';
import { quantile } from './bench-report';

/** One settle rule's results on the corpus, case by case (same order as the corpus). */
export interface VariantRun {
  name: string;
  results: CaseResult[];
  /** Wall time per handoff (machine, fake clock and effects), best and median round, in µs. */
  cpuUs: { best: number; median: number };
}

/** A variant's metrics on a subset of the corpus. */
export interface Summary {
  cases: number;
  /** Share of delegations holding every word of the request. */
  complete: number;
  /** Cases whose words all arrive while the rule may wait (transcription within the cap). */
  reachable: number;
  /** Share complete among the reachable cases. */
  completeReachable: number;
  /** Reachable cases this rule still lost words of. */
  lostReachable: number;
  /** Routing delay after the later of the handoff and the last word, over complete cases. */
  afterLastWordMs: { median: number; p95: number };
  /** Routing delay after the handoff, over all cases. */
  afterHandoffMs: { median: number; p95: number };
  /** Cases with nothing pending at the handoff, and the longest any of them waited. */
  nothingPending: { cases: number; maxWaitMs: number };
  /** Share of lead-ins carried whole, among cases with one. */
  leadIn: number;
  /** How the windows ended. */
  reasons: Record<string, number>;
}

/** Summarises `run` on the cases `pick` keeps. */
export function summarise(
  corpus: readonly HandoffCase[],
  run: VariantRun,
  pick: (c: HandoffCase) => boolean = () => true,
): Summary {
  const picked = corpus.flatMap((c, i) => (pick(c) ? [{ c, r: at(run.results, i) }] : []));
  const share = (rows: typeof picked): number =>
    rows.filter(({ r }) => r.complete).length / Math.max(1, rows.length);
  const reachable = picked.filter(({ c }) => c.reachable);
  const complete = picked.filter(({ r }) => r.complete);
  const idle = picked.filter(({ c }) => !c.pendingAtHandoff);
  const withLeadIn = picked.filter(({ r }) => r.leadInCaught !== null);
  const reasons: Record<string, number> = {};
  for (const { r } of picked) {
    const reason = r.outcome?.reason ?? 'unrouted';
    reasons[reason] = (reasons[reason] ?? 0) + 1;
  }
  return {
    cases: picked.length,
    complete: share(picked),
    reachable: reachable.length,
    completeReachable: share(reachable),
    lostReachable: reachable.filter(({ r }) => !r.complete).length,
    afterLastWordMs: spreadOf(complete.map(({ r }) => r.delayAfterLastWordMs)),
    afterHandoffMs: spreadOf(picked.map(({ r }) => r.delayAfterHandoffMs)),
    nothingPending: {
      cases: idle.length,
      maxWaitMs: Math.max(0, ...idle.map(({ r }) => r.delayAfterHandoffMs)),
    },
    leadIn: withLeadIn.filter(({ r }) => r.leadInCaught).length / Math.max(1, withLeadIn.length),
    reasons,
  };
}

function spreadOf(values: readonly number[]): { median: number; p95: number } {
  return { median: quantile(values, 0.5), p95: quantile(values, 0.95) };
}

function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no result at ${index}`);
  return item;
}
