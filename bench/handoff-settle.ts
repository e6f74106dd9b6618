import {
  DEFAULT_SETTLE,
  FIXED_GRACE_SETTLE,
  type SettleWindowOptions,
} from '../main/handoff/settle-window';
import { formatTable, percent, quantile, writeResults, type Cell } from './bench-report';
import { CASE_WEIGHTS, generateCorpus, type CaseKind, type HandoffCase } from './handoff-corpus';
import { judgeCase, replayCase } from './handoff-replay';
import {
  QUIET_BUCKETS,
  inBucket,
  ofKind,
  summarise,
  type CpuTime,
  type Summary,
  type VariantRun,
} from './handoff-settle-summary';

/**
 * The handoff benchmark of realtime.md §5: Parley's settle rule against Codex V1's fixed 1 s
 * grace on one deterministic corpus — the share of complete delegations, the routing latency
 * (fake clock) and the CPU time per handoff (real clock), side by side, as ratios.
 */
export const HANDOFF_SETTLE_CORPUS = { seed: 0x5e771e, casesPerProtocol: 1_500 };
const TIMING_ROUNDS = 10;

interface Variant {
  name: string;
  settle: SettleWindowOptions;
}

/** The baseline comes first: every ratio is against it. */
const VARIANTS: readonly Variant[] = [
  { name: 'fixed 1 s grace', settle: FIXED_GRACE_SETTLE },
  { name: 'parley default', settle: DEFAULT_SETTLE },
  // The earlier rule (route after 500 ms of quiet without a done), kept to show what it cost.
  { name: 'partial 500', settle: { ...DEFAULT_SETTLE, partialQuietMs: 500 } },
];

/** Runs the benchmark, prints its tables and writes `bench/results/handoff-settle.json`. */
export function runHandoffSettle(): void {
  const corpus = generateCorpus(HANDOFF_SETTLE_CORPUS);
  const cpu = timeVariants(corpus);
  const runs: VariantRun[] = VARIANTS.map((variant, v) => ({
    name: variant.name,
    results: corpus.map((c) => judgeCase(c, replayCase(c, variant.settle))),
    cpuUs: cpu[v] ?? { best: Number.NaN, median: Number.NaN },
  }));
  const [fixed] = runs;
  if (!fixed) return;
  const analysis = analyse(corpus, runs, fixed);
  printTables(corpus, runs, fixed, analysis);
  const path = writeResults('handoff-settle', {
    benchmark: 'handoff-settle',
    corpus: { ...HANDOFF_SETTLE_CORPUS, cases: corpus.length, weights: CASE_WEIGHTS },
    timingRounds: TIMING_ROUNDS,
    variants: VARIANTS.map((variant, v) => ({
      ...variant,
      cpuUsPerHandoff: runs[v]?.cpuUs,
      cpuRatioVsFixed: (runs[v]?.cpuUs.best ?? Number.NaN) / fixed.cpuUs.best,
      overall: analysis.overall[v],
    })),
    perProtocol: analysis.perProtocol,
    byKind: analysis.byKind,
    byQuiet: analysis.byQuiet,
    lostExamples: lostExamples(corpus, runs, fixed),
  });
  console.log(`\nwrote ${path}`);
}

type Analysis = ReturnType<typeof analyse>;

/** Every variant summarised overall, per protocol, per kind of case and per quiet gap. */
function analyse(corpus: readonly HandoffCase[], runs: readonly VariantRun[], fixed: VariantRun) {
  const all = (pick?: (c: HandoffCase) => boolean): Summary[] =>
    runs.map((run) => summarise(corpus, run, fixed, pick));
  const kinds = Object.keys(CASE_WEIGHTS.v1) as CaseKind[];
  return {
    overall: all(),
    perProtocol: (['v1', 'v2'] as const).map((protocol) => ({
      protocol,
      variants: all((c) => c.protocol === protocol),
    })),
    byKind: kinds.map((kind) => ({ kind, variants: all(ofKind(kind)) })),
    byQuiet: QUIET_BUCKETS.map((bucket) => ({
      bucket: bucket.label,
      variants: all(inBucket(bucket)),
    })),
  };
}

function printTables(
  corpus: readonly HandoffCase[],
  runs: readonly VariantRun[],
  fixed: VariantRun,
  analysis: Analysis,
): void {
  const v1 = corpus.filter((c) => c.protocol === 'v1').length;
  const seed = `0x${HANDOFF_SETTLE_CORPUS.seed.toString(16)}`;
  console.log(
    `\nHandoff settle window — ${corpus.length} handoffs (${v1} V1, ${corpus.length - v1} V2), ` +
      `seed ${seed}; latency on the fake clock, CPU on the real one\n`,
  );
  console.log(overallTable(runs, analysis.overall, fixed, true), '\n');
  for (const { protocol, variants } of analysis.perProtocol) {
    console.log(`${protocol.toUpperCase()} only`);
    console.log(overallTable(runs, variants, fixed, false), '\n');
  }
  const kinds = analysis.byKind.map((k) => [k.kind, k.variants] as const);
  console.log(breakdownTable('kind', runs, kinds), '\n');
  const buckets = analysis.byQuiet.map((b) => [b.bucket, b.variants] as const);
  console.log(breakdownTable('quiet gap', runs, buckets));
}

/** Wall time per handoff of each variant over interleaved rounds, after a warm-up round. */
function timeVariants(corpus: readonly HandoffCase[]): CpuTime[] {
  const samples: number[][] = VARIANTS.map(() => []);
  for (let round = -1; round < TIMING_ROUNDS; round++) {
    for (let k = 0; k < VARIANTS.length; k++) {
      const v = (k + Math.max(0, round)) % VARIANTS.length; // rotate who goes first
      const settle = VARIANTS[v]?.settle ?? {};
      const start = performance.now();
      for (const c of corpus) replayCase(c, settle);
      const elapsed = performance.now() - start;
      if (round >= 0) samples[v]?.push((elapsed * 1_000) / corpus.length);
    }
  }
  return samples.map((s) => ({ best: Math.min(...s), median: quantile(s, 0.5) }));
}

function overallTable(
  runs: readonly VariantRun[],
  summaries: readonly Summary[],
  fixed: VariantRun,
  withCpu: boolean,
): string {
  const headers = [
    'variant',
    'complete',
    'Δ vs fixed',
    'lost vs fixed',
    'lead-in',
    'mean ms',
    'median ms',
    'p95 ms',
    'latency ×fixed (mean/median)',
  ];
  if (withCpu) headers.push(`cpu µs/handoff (best of ${TIMING_ROUNDS})`, 'cpu ×fixed');
  const rows = summaries.map((s, v): Cell[] => {
    const cpu = runs[v]?.cpuUs.best ?? Number.NaN;
    const row: Cell[] = [
      runs[v]?.name ?? '',
      percent(s.completeShare),
      `${s.completeDiffPp >= 0 ? '+' : ''}${s.completeDiffPp.toFixed(1)} pp`,
      `${s.lostVsFixed} (${percent(s.lostVsFixed / Math.max(1, s.cases))})`,
      percent(s.leadInShare),
      s.latencyMs.mean.toFixed(0),
      s.latencyMs.median.toFixed(0),
      s.latencyMs.p95.toFixed(0),
      `${s.latencyRatio.mean.toFixed(2)} / ${s.latencyRatio.median.toFixed(2)}`,
    ];
    if (withCpu) row.push(cpu.toFixed(1), (cpu / fixed.cpuUs.best).toFixed(2));
    return row;
  });
  return formatTable(headers, rows);
}

function breakdownTable(
  label: string,
  runs: readonly VariantRun[],
  groups: readonly (readonly [string, readonly Summary[]])[],
): string {
  const headers = [label, 'n'];
  for (const [v, run] of runs.entries()) {
    headers.push(`${run.name}: complete`, 'median ms');
    if (v > 0) headers.push('lost');
  }
  const rows = groups.map(([name, summaries]): Cell[] => {
    const row: Cell[] = [name, summaries[0]?.cases ?? 0];
    for (const [v, s] of summaries.entries()) {
      row.push(percent(s.completeShare), s.cases > 0 ? s.latencyMs.median.toFixed(0) : '-');
      if (v > 0) row.push(s.lostVsFixed);
    }
    return row;
  });
  return formatTable(headers, rows);
}

/** A few cases each rule lost that the fixed grace caught, to read the timelines. */
function lostExamples(
  corpus: readonly HandoffCase[],
  runs: readonly VariantRun[],
  fixed: VariantRun,
) {
  return runs.slice(1).map((run) => ({
    variant: run.name,
    cases: corpus
      .flatMap((c, i) => {
        const mine = run.results[i];
        const base = fixed.results[i];
        if (!mine || !base || mine.complete || !base.complete) return [];
        const { id, protocol, kind, lastWordAt, quietMs } = c;
        const { latencyMs, missing, outcome } = mine;
        return [{ id, protocol, kind, lastWordAt, quietMs, latencyMs, missing, outcome }];
      })
      .slice(0, 12),
  }));
}
