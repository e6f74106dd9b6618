import { runAudioPath } from './audio-path';
import { runBargeIn } from './barge-in';
import { runEventThroughput } from './event-throughput';
import { runHandoffSettle } from './handoff-settle';
import { runLiveSettle } from './live-settle';
import { runLongSession } from './long-session';
import { runHistory } from './history';
import { runOfflineEngine } from './offline-engine';
import { runStartup } from './startup';

/**
 * Runs the benchmarks (testing.md "Benchmarks"): `npm run bench`, or `npm run bench -- <name>`
 * for some of them. Each prints its table and writes JSON to bench/results/. They report; they
 * never assert.
 */
const BENCHMARKS: Readonly<Record<string, () => void | Promise<void>>> = {
  'audio-path': runAudioPath,
  'barge-in': runBargeIn,
  'event-throughput': runEventThroughput,
  'long-session': runLongSession,
  startup: runStartup,
  'handoff-settle': runHandoffSettle,
  'live-settle': runLiveSettle,
  history: runHistory,
  'offline-engine': runOfflineEngine,
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  console.error(
    `unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}`,
  );
  process.exitCode = 2;
} else {
  for (const [name, run] of Object.entries(BENCHMARKS)) {
    if (wanted.length > 0 && !wanted.includes(name)) continue;
    const start = performance.now();
    await run();
    console.log(`${name}: ${((performance.now() - start) / 1_000).toFixed(1)} s\n`);
  }
}
