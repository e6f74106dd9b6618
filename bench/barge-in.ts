import { packageVersion } from './audio-path';
import { formatTable, quantile, writeResults, type Cell } from './bench-report';
import { kindIs } from './realtime/bench-child';
import {
  startParleyInProcess,
  startPeerInProcess,
  type BargeInClient,
} from './realtime/barge-in-clients';
import { startMock, type MockProcess } from './realtime/clients';
import type { MockMessage } from './realtime/mock-server-process';
import type { MockReport } from './realtime/mock-realtime-server';

type SpeechStarted = Extract<MockReport, { kind: 'speech_started' }>;
type Truncated = Extract<MockReport, { kind: 'truncate' }>;
import { machine } from './realtime/proc-stats';
import { createRandom } from './seeded-random';

/**
 * Barge-in: the mock (in its own process) streams a reply in real time and sends
 * `speech_started` at a seeded moment, or sends a 3 s reply in one burst and says it is done,
 * then speech starts a second later. Each client runs in this process against it, its audio
 * played in real time by the same player (Parley's jitter buffer, 80 ms start threshold):
 * Parley's whole app and `@openai/agents-realtime`'s WebSocket transport. Measured: the
 * `speech_started` frame's arrival → the truncate's `send` (in process), the mock sending
 * `speech_started` → receiving the truncate (as the server sees it), and the truncate's
 * `audio_end_ms` against what the player had really played of the item at that moment.
 */
export const BARGE_IN = { seed: 0xba26e, realtimeTrials: 12, burstTrials: 4 };

type Case = 'realtime' | 'burst';

/** One trial's outcome. */
interface Trial {
  case: Case;
  /** The truncate, or null when none was sent. */
  inProcessMs: number | null;
  serverSeenMs: number | null;
  /** `audio_end_ms` − played ms. */
  errorMs: number | null;
}

async function runTrial(
  mock: MockProcess,
  client: BargeInClient,
  kind: Case,
  delayMs: number,
): Promise<Trial> {
  const frames = 150; // a 3 s reply
  const sentBefore = client.truncates.length;
  mock.send({
    cmd: 'stream',
    role: client.role,
    plan: { frames, replyFrames: frames, pace: kind === 'burst' ? 'burst' : 'realtime' },
  });
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  const spoke = mock.next(kindIs<SpeechStarted>('speech_started', client.role), 5_000);
  const truncated = mock.next(kindIs<Truncated>('truncate', client.role), 1_500).catch(() => null);
  mock.send({ cmd: 'speech_started', role: client.role });
  const [started, truncate] = await Promise.all([spoke, truncated]);
  mock.send({ cmd: 'halt', role: client.role });
  const sent = client.truncates[sentBefore];
  await new Promise((resolve) => setTimeout(resolve, 200));
  return {
    case: kind,
    inProcessMs: sent?.inProcessMs ?? null,
    serverSeenMs: truncate ? truncate.at - started.at : null,
    errorMs: sent ? sent.audioEndMs - sent.playedMs : null,
  };
}

/** Runs the benchmark, prints its table and writes a dated JSON file to bench/results/. */
export async function runBargeIn(): Promise<void> {
  const version = packageVersion('@openai/agents-realtime');
  const mock = await startMock();
  const random = createRandom(BARGE_IN.seed);
  const results: { name: string; trials: Trial[] }[] = [];
  try {
    const starters = [
      () => startParleyInProcess(mock.url('parley-barge'), 'parley-barge'),
      () => startPeerInProcess(mock.url('peer-barge'), 'peer-barge', version),
    ];
    const delays = Array.from({ length: BARGE_IN.realtimeTrials }, () => random.int(400, 2_400));
    for (const start of starters) {
      const client = await start();
      const role = client.role;
      await mock.seen(kindIs<MockMessage>('session', role), 20_000, `${role} session`);
      const trials: Trial[] = [];
      for (const delay of delays) trials.push(await runTrial(mock, client, 'realtime', delay));
      for (let t = 0; t < BARGE_IN.burstTrials; t++) {
        trials.push(await runTrial(mock, client, 'burst', 1_000));
      }
      results.push({ name: client.name, trials });
      await client.dispose();
    }
  } finally {
    mock.send({ cmd: 'close' });
    await mock.stop();
  }
  print(results);
}

function print(results: readonly { name: string; trials: readonly Trial[] }[]): void {
  console.log(
    `\nBarge-in — ${BARGE_IN.realtimeTrials} barge-ins into a reply streamed in real time (at ` +
      `0.4–2.4 s, seeded) and ${BARGE_IN.burstTrials} a second after a 3 s reply came in one burst ` +
      `and was done; clients in process, mock in its own process\n${machine()}\n`,
  );
  const ms = (v: number): string => (Number.isFinite(v) ? v.toFixed(2) : '-');
  const headers = [
    'client',
    'case',
    'truncates',
    'to the wire p50/p99 ms',
    'seen by server p50/p99 ms',
    'error vs played p50 ms',
    'error min…max ms',
  ];
  const rows: Cell[][] = [];
  const summary = results.map(({ name, trials }) => {
    const cases = (['realtime', 'burst'] as const).map((kind) => {
      const of = trials.filter((t) => t.case === kind);
      const pick = (f: (t: Trial) => number | null): number[] =>
        of.map(f).filter((v): v is number => v !== null);
      const wire = pick((t) => t.inProcessMs);
      const server = pick((t) => t.serverSeenMs);
      const error = pick((t) => t.errorMs);
      const figures = {
        kind,
        trials: of.length,
        truncates: error.length,
        wireMs: { p50: quantile(wire, 0.5), p99: quantile(wire, 0.99) },
        serverMs: { p50: quantile(server, 0.5), p99: quantile(server, 0.99) },
        errorMs: { p50: quantile(error, 0.5), min: Math.min(...error), max: Math.max(...error) },
      };
      rows.push([
        name,
        kind,
        `${figures.truncates} of ${figures.trials}`,
        `${ms(figures.wireMs.p50)} / ${ms(figures.wireMs.p99)}`,
        `${ms(figures.serverMs.p50)} / ${ms(figures.serverMs.p99)}`,
        ms(figures.errorMs.p50),
        error.length ? `${ms(figures.errorMs.min)} … ${ms(figures.errorMs.max)}` : '-',
      ]);
      return figures;
    });
    return { name, cases, trials };
  });
  console.log(formatTable(headers, rows), '\n');
  const path = writeResults('barge-in', {
    benchmark: 'barge-in',
    machine: machine(),
    plan: BARGE_IN,
    clients: summary,
  });
  console.log(`wrote ${path}`);
}
