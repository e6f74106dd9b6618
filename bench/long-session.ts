import { fileURLToPath } from 'node:url';
import { formatTable, writeResults, type Cell } from './bench-report';
import { packageVersion } from './audio-path';
import { kindIs, spawnBenchChild } from './realtime/bench-child';
import { LONG_SESSION, type LongSessionReport } from './realtime/long-session-process';
import { machine } from './realtime/proc-stats';

/**
 * Long session: an hour of conversation (seeded turns: speech with streaming transcription, a
 * reply in 100 ms audio deltas with transcript deltas, the microphone streaming throughout, a
 * task every three minutes) replayed as fast as each client takes it from a loopback mock in
 * its process. Each client runs alone in a fresh process: Parley's whole app with its
 * production effects (history database, the command delegate) and `@openai/agents-realtime`'s
 * WebSocket transport. Heap and RSS after a full GC at ten minutes and at the end; what is left
 * after dispose.
 */
const GOAL_MB_PER_HOUR = 20;

/** Runs the benchmark, prints its table and writes a dated JSON file to bench/results/. */
export async function runLongSession(): Promise<void> {
  const version = packageVersion('@openai/agents-realtime');
  const script = fileURLToPath(new URL('./realtime/long-session-process.ts', import.meta.url));
  const reports: LongSessionReport[] = [];
  for (const client of ['parley', 'peer']) {
    const child = spawnBenchChild(script, [client], { flags: ['--max-old-space-size=1024'] });
    try {
      reports.push(
        await child.next(kindIs<LongSessionReport>('long_session'), 600_000, `${client} report`),
      );
    } finally {
      await child.stop();
    }
  }
  print(reports, version);
}

function print(reports: readonly LongSessionReport[], version: string): void {
  const hours = (LONG_SESSION.simulatedMs - LONG_SESSION.warmUpMs) / 3_600_000;
  const name = (r: LongSessionReport): string =>
    r.client === 'parley' ? 'Parley (whole app)' : `agents-realtime ${version} (transport)`;
  const growth = (r: LongSessionReport) => ({
    heapMbPerHour: (r.end.heapMb - r.warm.heapMb) / hours,
    rssMbPerHour: (r.end.rssMb - r.warm.rssMb) / hours,
  });
  console.log(
    `\nLong session — ${LONG_SESSION.simulatedMs / 60_000} simulated minutes (seed ` +
      `${LONG_SESSION.seed}), a task every ${LONG_SESSION.taskEveryMs / 60_000} min, replayed fast; ` +
      `growth from minute ${LONG_SESSION.warmUpMs / 60_000} to the end after a full GC, per hour; ` +
      `goal < ${GOAL_MB_PER_HOUR} MB/h\n${machine()}\n`,
  );
  const signed = (v: number): string => `${v >= 0 ? '+' : ''}${v.toFixed(1)}`;
  const headers = [
    'client',
    'turns',
    'frames up',
    'events down',
    'tasks',
    'wall s',
    'heap MB (10 min → end)',
    'heap MB/h',
    'RSS MB/h',
    'listeners left',
    'handles left',
  ];
  const rows = reports.map((r): Cell[] => {
    const g = growth(r);
    const left =
      Object.entries(r.resourcesLeft)
        .map(([k, n]) => `${k}×${n}`)
        .join(' ') || 'none';
    return [
      name(r),
      r.turns,
      r.captureFrames,
      r.serverEvents,
      r.tasks ?? '-',
      (r.wallMs / 1_000).toFixed(1),
      `${r.warm.heapMb.toFixed(1)} → ${r.end.heapMb.toFixed(1)}`,
      signed(g.heapMbPerHour),
      signed(g.rssMbPerHour),
      r.listenersLeft ?? '-',
      left,
    ];
  });
  console.log(formatTable(headers, rows), '\n');
  const path = writeResults('long-session', {
    benchmark: 'long-session',
    machine: machine(),
    plan: { ...LONG_SESSION, goalMbPerHour: GOAL_MB_PER_HOUR },
    clients: reports.map((r) => ({ name: name(r), ...r, growth: growth(r) })),
  });
  console.log(`wrote ${path}`);
}
