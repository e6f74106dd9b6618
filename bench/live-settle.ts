import {
  TimelineSettle,
  type RoutedDelegation,
  type TimelineSettleOptions,
} from '../main/handoff/timeline-settle';
import { FakeClock } from '../test/fakes/fake-clock';
import { formatTable, mean, percent, quantile, writeResults, type Cell } from './bench-report';
import {
  generateLiveCorpus,
  LIVE_CASE_WEIGHTS,
  type LiveCase,
  type LiveCaseKind,
} from './live-corpus';

/**
 * The Live settle benchmark: Parley's timeline rule (route the moment a fragment passes the
 * delegation's offset, cap 1.5 s) against a fixed 1 s grace, on one seeded corpus of Live
 * delegations — routing delay after the transcript passes the offset and user words lost,
 * side by side, as ratios. Time is the fake clock's, so the JSON is the same on every run.
 */
export const LIVE_SETTLE_CORPUS = { seed: 0x11fe5e, cases: 3_000 };

type Options = Omit<TimelineSettleOptions, 'clock' | 'onRoute'>;

/** The baseline comes first: every ratio is against it. */
const VARIANTS: readonly { name: string; options: Options }[] = [
  { name: 'fixed 1 s grace', options: { routeOnPass: false, capMs: 1_000 } },
  { name: 'timeline rule', options: {} },
  // The same rule counting only the user's fragments: shown for what the assistant costs.
  { name: 'timeline, user only', options: { passBy: 'user' } },
];

interface CaseResult {
  routedAt: number;
  reason: RoutedDelegation['reason'];
  /** Routing time minus when a fragment first passed the offset (or the event, if later). */
  afterPassMs: number | null;
  lostWords: number;
}

/** Runs the benchmark, prints its tables and writes `bench/results/live-settle.json`. */
export function runLiveSettle(): void {
  const corpus = generateLiveCorpus(LIVE_SETTLE_CORPUS);
  const runs = VARIANTS.map((variant) => ({
    name: variant.name,
    results: corpus.map((c) => replay(c, variant.options)),
  }));
  const summaries = runs.map((run) => summarise(corpus, run.results));
  const kinds = Object.keys(LIVE_CASE_WEIGHTS) as LiveCaseKind[];
  const byKind = kinds.map((kind) => ({
    kind,
    variants: runs.map((run) => summarise(corpus, run.results, (c) => c.kind === kind)),
  }));
  const base = summaries[0];
  if (!base) return;
  console.log(
    `\nLive settle — ${corpus.length} delegations, seed 0x${LIVE_SETTLE_CORPUS.seed.toString(16)}; ` +
      'delays on the fake clock\n',
  );
  console.log(overallTable(summaries, base), '\n');
  console.log(kindTable(byKind));
  const path = writeResults('live-settle', {
    benchmark: 'live-settle',
    corpus: { ...LIVE_SETTLE_CORPUS, weights: LIVE_CASE_WEIGHTS },
    variants: VARIANTS.map((variant, v) => ({ ...variant, overall: summaries[v] })),
    // A delay of 0 has no ratio: the wait after the event is compared instead.
    ratiosVsFixed: summaries.map((s, v) => ({
      variant: VARIANTS[v]?.name,
      waitedMean: round(base.waitedMs.mean / s.waitedMs.mean),
      waitedMedian: round(base.waitedMs.median / s.waitedMs.median),
      lostWords: round(s.lostWords / Math.max(1, base.lostWords)),
    })),
    byKind,
  });
  console.log(`\nwrote ${path}`);
}

/** One delegation through the rule on a fake clock, events at their arrival times. */
function replay(c: LiveCase, options: Options): CaseResult {
  const clock = new FakeClock(0);
  let routed: { at: number; value: RoutedDelegation } | null = null;
  const rule = new TimelineSettle({
    clock,
    onRoute: (value) => (routed ??= { at: clock.now(), value }),
    ...options,
  });
  const steps = [
    ...c.fragments.map((f) => ({ at: f.at, run: () => rule.noteFragment(f.fragment) })),
    { at: c.eventAt, run: () => void rule.noteDelegation(c.id, c.offsetMs) },
  ].sort((a, b) => a.at - b.at);
  for (const step of steps) {
    clock.advance(step.at - clock.now());
    step.run();
  }
  clock.advance(5_000);
  rule.dispose();
  const done = routed as { at: number; value: RoutedDelegation } | null;
  if (!done) throw new Error(`case ${c.id} never routed`);
  const delivered = done.value.lines
    .filter((line) => line.role === 'user')
    .flatMap((line) => line.text.split(' ').filter(Boolean));
  const passAt = c.fragments.find((f) => (f.fragment.endMs ?? 0) > c.offsetMs)?.at ?? null;
  return {
    routedAt: done.at,
    reason: done.value.reason,
    afterPassMs: passAt === null ? null : done.at - Math.max(passAt, c.eventAt),
    lostWords: Math.max(0, c.words.length - delivered.length),
  };
}

interface Summary {
  cases: number;
  completeShare: number;
  lostWords: number;
  /** Delay after the transcript passed the offset, over cases where it did within the cap. */
  afterPassMs: { mean: number; median: number; p95: number };
  /** Delay after the event, over every case. */
  waitedMs: { mean: number; median: number };
  capped: number;
}

function summarise(
  corpus: readonly LiveCase[],
  results: readonly CaseResult[],
  pick: (c: LiveCase) => boolean = () => true,
): Summary {
  const chosen = results.filter((_, i) => {
    const c = corpus[i];
    return c !== undefined && pick(c);
  });
  const events = corpus.filter(pick).map((c) => c.eventAt);
  const afterPass = chosen
    .map((r) => r.afterPassMs)
    .filter((ms): ms is number => ms !== null && ms >= 0);
  const waited = chosen.map((r, i) => r.routedAt - (events[i] ?? 0));
  return {
    cases: chosen.length,
    completeShare:
      Math.round(
        (chosen.filter((r) => r.lostWords === 0).length / Math.max(1, chosen.length)) * 1e4,
      ) / 1e4,
    lostWords: chosen.reduce((sum, r) => sum + r.lostWords, 0),
    afterPassMs: {
      mean: round(mean(afterPass)),
      median: round(quantile(afterPass, 0.5)),
      p95: round(quantile(afterPass, 0.95)),
    },
    waitedMs: { mean: round(mean(waited)), median: round(quantile(waited, 0.5)) },
    capped: chosen.filter((r) => r.reason === 'cap').length,
  };
}

function overallTable(summaries: readonly Summary[], base: Summary): string {
  const headers = [
    'variant',
    'complete',
    'words lost',
    'lost ×fixed',
    'after pass mean ms',
    'median',
    'p95',
    'waited mean ms',
    'median',
    'fixed ÷ waited (mean/median)',
    'capped',
  ];
  const rows = summaries.map((s, v): Cell[] => [
    VARIANTS[v]?.name ?? '',
    percent(s.completeShare),
    s.lostWords,
    (s.lostWords / Math.max(1, base.lostWords)).toFixed(2),
    s.afterPassMs.mean.toFixed(1),
    s.afterPassMs.median.toFixed(0),
    s.afterPassMs.p95.toFixed(0),
    s.waitedMs.mean.toFixed(0),
    s.waitedMs.median.toFixed(0),
    `${ratio(base.waitedMs.mean, s.waitedMs.mean)} / ${ratio(base.waitedMs.median, s.waitedMs.median)}`,
    s.capped,
  ]);
  return formatTable(headers, rows);
}

function kindTable(byKind: readonly { kind: string; variants: readonly Summary[] }[]): string {
  const headers = ['kind', 'n'];
  for (const variant of VARIANTS) headers.push(`${variant.name}: lost`, 'after pass median ms');
  const rows = byKind.map(({ kind, variants }): Cell[] => [
    kind,
    variants[0]?.cases ?? 0,
    ...variants.flatMap((s) => [
      s.lostWords,
      Number.isNaN(s.afterPassMs.median) ? '-' : s.afterPassMs.median.toFixed(0),
    ]),
  ]);
  return formatTable(headers, rows);
}

/** How many times `base` is `value` ("∞" when the value is 0). */
function ratio(base: number, value: number): string {
  return value === 0 ? '∞' : `${(base / value).toFixed(1)}×`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
