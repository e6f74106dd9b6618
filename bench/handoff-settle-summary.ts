import type { CaseKind, HandoffCase } from './handoff-corpus';
import type { CaseResult } from './handoff-replay';
import { mean, quantile } from './bench-report';

/** One settle rule's results on the corpus, case by case (same order as the corpus). */
export interface VariantRun {
  name: string;
  results: CaseResult[];
  /** Wall time per handoff over the timing rounds, in µs: the best round and the median one. */
  cpuUs: CpuTime;
}

/** Real time spent per handoff (machine, fake clock and effects), in µs. */
export interface CpuTime {
  /** The fastest round: the least disturbed by other work on a shared machine. */
  best: number;
  median: number;
}

/** A variant's metrics on a subset of the corpus, with ratios against the fixed grace. */
export interface Summary {
  cases: number;
  /** Share of delegations holding every word of the utterance. */
  completeShare: number;
  /** Complete under the fixed 1 s grace, incomplete under this rule: words traded away. */
  lostVsFixed: number;
  /** Incomplete under the fixed grace, complete under this rule. */
  gainedVsFixed: number;
  /** Share of delegations holding the assistant's whole lead-in, among cases with one. */
  leadInShare: number;
  /** Percentage points of complete delegations against the fixed grace. */
  completeDiffPp: number;
  latencyMs: { mean: number; median: number; p95: number };
  /** This rule's latency divided by the fixed grace's on the same cases. */
  latencyRatio: { mean: number; median: number; p95: number };
  /** Windows that routed with nothing to delegate. */
  empty: number;
  /** How the windows ended. */
  reasons: Record<string, number>;
}

/** Summarises `run` on the cases `pick` keeps, against `fixed` (the fixed grace's run). */
export function summarise(
  corpus: readonly HandoffCase[],
  run: VariantRun,
  fixed: VariantRun,
  pick: (c: HandoffCase) => boolean = () => true,
): Summary {
  const indexes = corpus.flatMap((c, i) => (pick(c) ? [i] : []));
  const mine = indexes.map((i) => at(run.results, i));
  const base = indexes.map((i) => at(fixed.results, i));
  const latency = stats(mine.map((r) => r.latencyMs));
  const baseLatency = stats(base.map((r) => r.latencyMs));
  const share = (rs: readonly CaseResult[]): number =>
    rs.filter((r) => r.complete).length / Math.max(1, rs.length);
  const reasons: Record<string, number> = {};
  for (const r of mine) {
    const reason = r.outcome?.reason ?? 'unrouted';
    reasons[reason] = (reasons[reason] ?? 0) + 1;
  }
  return {
    cases: indexes.length,
    completeShare: share(mine),
    lostVsFixed: mine.filter((r, i) => !r.complete && at(base, i).complete).length,
    gainedVsFixed: mine.filter((r, i) => r.complete && !at(base, i).complete).length,
    completeDiffPp: (share(mine) - share(base)) * 100,
    leadInShare: leadInShare(mine),
    latencyMs: latency,
    latencyRatio: {
      mean: latency.mean / baseLatency.mean,
      median: latency.median / baseLatency.median,
      p95: latency.p95 / baseLatency.p95,
    },
    empty: mine.filter((r) => !r.delegated).length,
    reasons,
  };
}

/**
 * Buckets of the longest quiet stretch (no transcript delta of either role) between the handoff
 * and the last trailing word, cut at the default rule's 250/500 ms quiet gaps.
 */
export const QUIET_BUCKETS: readonly { label: string; min: number; max: number }[] = [
  { label: 'nothing trails', min: -Infinity, max: 0 },
  { label: 'quiet < 250 ms', min: 1, max: 249 },
  { label: 'quiet 250–499 ms', min: 250, max: 499 },
  { label: 'quiet 500–749 ms', min: 500, max: 749 },
  { label: 'quiet ≥ 750 ms', min: 750, max: Infinity },
];

/** Selects the cases of one kind. */
export const ofKind =
  (kind: CaseKind) =>
  (c: HandoffCase): boolean =>
    c.kind === kind;

/** Selects the cases whose longest quiet stretch falls in `bucket` (nothing trailing: 0). */
export const inBucket =
  (bucket: (typeof QUIET_BUCKETS)[number]) =>
  (c: HandoffCase): boolean => {
    const quiet = c.lastWordAt > 0 ? c.quietMs : 0;
    return quiet >= bucket.min && quiet <= bucket.max;
  };

function leadInShare(results: readonly CaseResult[]): number {
  const withLeadIn = results.filter((r) => r.leadInCaught !== null);
  return withLeadIn.filter((r) => r.leadInCaught).length / Math.max(1, withLeadIn.length);
}

function stats(values: readonly number[]): Summary['latencyMs'] {
  return { mean: mean(values), median: quantile(values, 0.5), p95: quantile(values, 0.95) };
}

function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no result at ${index}`);
  return item;
}
