import type { Protocol } from '../preload/schemas/settings';
import { createSettlePolicy } from '../main/handoff/settle-evidence';
import type { SettlePolicyFactory } from '../main/handoff/settle-policy';
import { formatTable, percent, quantile, writeResults, type Cell } from './bench-report';
import { codexFixedGrace, codexRouteAtOnce } from './codex-rules';
import { V1_KINDS } from './corpus-v1';
import { V2_KINDS } from './corpus-v2';
import { generateCorpus, type HandoffCase } from './handoff-corpus';
import { judgeCase, replayCase } from './handoff-replay';
import { summarise, type Summary, type VariantRun } from './handoff-settle-summary';

/**
 * The handoff benchmark: Parley's evidence rules against Codex's two rules — V1's fixed 1 s
 * grace and V2's routing at once — on one deterministic corpus replayed through the real
 * handoff machine on a fake clock. Per protocol: the share of delegations holding every word
 * of the request, the routing delay after the last word and after the handoff, and the wait
 * when nothing was pending; plus the CPU time per handoff (real clock) as a ratio.
 */
export const HANDOFF_SETTLE_CORPUS = { seed: 0x5e771e, casesPerProtocol: 1_500 };
const TIMING_ROUNDS = 5;

interface Variant {
  name: string;
  settle: SettlePolicyFactory;
}

const VARIANTS: readonly Variant[] = [
  { name: 'parley (evidence)', settle: (protocol) => createSettlePolicy(protocol) },
  { name: 'codex V1 rule (1 s grace)', settle: codexFixedGrace },
  { name: 'codex V2 rule (at once)', settle: codexRouteAtOnce },
];
const PROTOCOLS: readonly Protocol[] = ['v1', 'v2'];

/** Runs the benchmark, prints its tables and writes a dated JSON file to bench/results/. */
export function runHandoffSettle(): void {
  const corpus = generateCorpus(HANDOFF_SETTLE_CORPUS);
  const cpu = timeVariants(corpus);
  const runs: VariantRun[] = VARIANTS.map((variant, v) => ({
    name: variant.name,
    results: corpus.map((c) => judgeCase(c, replayCase(c, variant.settle))),
    cpuUs: cpu[v] ?? { best: Number.NaN, median: Number.NaN },
  }));
  const perProtocol = PROTOCOLS.map((protocol) => ({
    protocol,
    variants: runs.map((run) => summarise(corpus, run, (c) => c.protocol === protocol)),
    byKind: kindsOf(protocol).map((kind) => ({
      kind,
      variants: runs.map((run) =>
        summarise(corpus, run, (c) => c.protocol === protocol && c.kind === kind),
      ),
    })),
  }));
  const v1 = corpus.filter((c) => c.protocol === 'v1').length;
  console.log(
    `\nHandoff settle — ${corpus.length} handoffs (${v1} V1, ${corpus.length - v1} V2), seed ` +
      `0x${HANDOFF_SETTLE_CORPUS.seed.toString(16)}; delays on the fake clock, CPU on the real one\n`,
  );
  for (const { protocol, variants, byKind } of perProtocol) {
    console.log(`${protocol.toUpperCase()}`);
    console.log(overallTable(runs, variants), '\n');
    console.log(kindTable(runs, byKind), '\n');
  }
  console.log('README table:\n');
  console.log(readmeTable(runs, perProtocol), '\n');
  const path = writeResults('handoff-settle', {
    benchmark: 'handoff-settle',
    corpus: {
      ...HANDOFF_SETTLE_CORPUS,
      cases: corpus.length,
      kinds: { v1: V1_KINDS, v2: V2_KINDS },
    },
    timingRounds: TIMING_ROUNDS,
    variants: runs.map((run) => ({
      name: run.name,
      cpuUsPerHandoff: run.cpuUs,
      cpuRatioVsParley: run.cpuUs.best / (runs[0]?.cpuUs.best ?? Number.NaN),
    })),
    perProtocol,
    lostExamples: lostExamples(corpus, runs[0]),
  });
  console.log(`wrote ${path}`);
}

function kindsOf(protocol: Protocol): string[] {
  return Object.keys(protocol === 'v1' ? V1_KINDS : V2_KINDS);
}

/** Wall time per handoff of each variant over interleaved rounds, after a warm-up round. */
function timeVariants(corpus: readonly HandoffCase[]): VariantRun['cpuUs'][] {
  const samples: number[][] = VARIANTS.map(() => []);
  for (let round = -1; round < TIMING_ROUNDS; round++) {
    for (let k = 0; k < VARIANTS.length; k++) {
      const v = (k + Math.max(0, round)) % VARIANTS.length; // rotate who goes first
      const settle = VARIANTS[v]?.settle ?? codexRouteAtOnce;
      const start = performance.now();
      for (const c of corpus) replayCase(c, settle);
      const elapsed = performance.now() - start;
      if (round >= 0) samples[v]?.push((elapsed * 1_000) / corpus.length);
    }
  }
  return samples.map((s) => ({ best: Math.min(...s), median: quantile(s, 0.5) }));
}

const ms = (value: number): string => (Number.isFinite(value) ? value.toFixed(0) : '-');

function overallTable(runs: readonly VariantRun[], summaries: readonly Summary[]): string {
  const headers = [
    'rule',
    'every word',
    'every word (reachable)',
    'lost (reachable)',
    'after last word p50/p95 ms',
    'after handoff p50/p95 ms',
    'nothing pending: max wait ms',
    'lead-in carried',
    'cpu µs/handoff',
  ];
  const rows = summaries.map((s, v): Cell[] => [
    runs[v]?.name ?? '',
    percent(s.complete),
    `${percent(s.completeReachable)} of ${s.reachable}`,
    s.lostReachable,
    `${ms(s.afterLastWordMs.median)} / ${ms(s.afterLastWordMs.p95)}`,
    `${ms(s.afterHandoffMs.median)} / ${ms(s.afterHandoffMs.p95)}`,
    `${ms(s.nothingPending.maxWaitMs)} (${s.nothingPending.cases} cases)`,
    percent(s.leadIn),
    (runs[v]?.cpuUs.best ?? Number.NaN).toFixed(1),
  ]);
  return formatTable(headers, rows);
}

function kindTable(
  runs: readonly VariantRun[],
  byKind: readonly { kind: string; variants: readonly Summary[] }[],
): string {
  const headers = ['kind', 'n', 'reachable'];
  for (const run of runs) headers.push(`${run.name}: every word`, 'p50 after last word');
  const rows = byKind.map(({ kind, variants }): Cell[] => {
    const row: Cell[] = [kind, variants[0]?.cases ?? 0, variants[0]?.reachable ?? 0];
    for (const s of variants) row.push(percent(s.complete), ms(s.afterLastWordMs.median));
    return row;
  });
  return formatTable(headers, rows);
}

/** The per-protocol table as Markdown, for the README. */
function readmeTable(
  runs: readonly VariantRun[],
  perProtocol: readonly { protocol: Protocol; variants: readonly Summary[] }[],
): string {
  const lines = [
    '| protocol | rule | every word (all) | every word (transcribed within the cap) | after last word p50 / p95 | after handoff p50 / p95 | wait when nothing pending (max) |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const { protocol, variants } of perProtocol) {
    variants.forEach((s, v) => {
      lines.push(
        `| ${protocol.toUpperCase()} | ${runs[v]?.name ?? ''} | ${percent(s.complete)} | ` +
          `${percent(s.completeReachable)} | ${ms(s.afterLastWordMs.median)} / ` +
          `${ms(s.afterLastWordMs.p95)} ms | ${ms(s.afterHandoffMs.median)} / ` +
          `${ms(s.afterHandoffMs.p95)} ms | ${ms(s.nothingPending.maxWaitMs)} ms |`,
      );
    });
  }
  return lines.join('\n');
}

/** A few reachable cases Parley lost, to read the timelines. */
function lostExamples(corpus: readonly HandoffCase[], parley: VariantRun | undefined) {
  if (!parley) return [];
  return corpus
    .flatMap((c, i) => {
      const r = parley.results[i];
      if (!r || r.complete || !c.reachable) return [];
      return [
        {
          id: c.id,
          kind: c.kind,
          lastWordAt: c.lastWordAt,
          missing: r.missing,
          outcome: r.outcome,
        },
      ];
    })
    .slice(0, 20);
}
