import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatTable, quantile, writeResults, type Cell } from './bench-report';
import { kindIs } from './realtime/bench-child';
import {
  REPO,
  startFloor,
  startMock,
  startParley,
  startPeer,
  startRelay,
  type MeasuredClient,
  type MockProcess,
} from './realtime/clients';
import { FRAME_MS } from './realtime/mock-audio';
import type { MockMessage } from './realtime/mock-server-process';
import type { PageMessage } from './realtime/fake-page-process';
import type { ProbeReport } from './realtime/process-probe';
import { cpuMs, machine, memoryMb } from './realtime/proc-stats';

/**
 * The audio path, black-box: one loopback mock of the GA API in its own process streams
 * real-time replies (audio deltas, transcript deltas, the events around them) to four clients,
 * each capturing 20 ms frames back at real time: Parley's built host with its page link
 * driven by a fake page, `@openai/agents-realtime`'s WebSocket transport, and two plain-`ws`
 * floors (one socket; a relay with Parley's two). Per client: CPU per minute of duplex audio
 * (every thread, from /proc), peak RSS, peak heap and event-loop delay (a probe loaded into each).
 * Each client streams alone in its turn (on two cores, seven busy processes at once measure the
 * scheduler more than the client), in an order that rotates from round to round.
 */
export const AUDIO_PATH = {
  rounds: Number(process.env.PARLEY_BENCH_ROUNDS ?? 3),
  framesPerRound: 1_000,
  replyFrames: 250,
  warmUpFrames: 250,
};

/** One client's figures in one round. */
interface RoundFigures {
  cpuMsPerMinute: number;
  probe: ProbeReport;
}

/** Runs the benchmark, prints its table and writes a dated JSON file to bench/results/. */
export async function runAudioPath(): Promise<void> {
  const peerVersion = packageVersion('@openai/agents-realtime');
  const mock = await startMock();
  const clients: MeasuredClient[] = [];
  try {
    clients.push(await startParley(mock));
    clients.push(await startPeer(mock, peerVersion));
    clients.push(await startFloor(mock));
    clients.push(await startRelay(mock));
    // Not counted: every client's code is compiled and its caches are warm before measuring.
    await measureRound(mock, clients, -1, AUDIO_PATH.warmUpFrames);
    const rounds: RoundFigures[][] = [];
    for (let round = 0; round < AUDIO_PATH.rounds; round++) {
      rounds.push(await measureRound(mock, clients, round, AUDIO_PATH.framesPerRound));
    }
    const pages = await Promise.all(clients.map((c) => pageStats(c)));
    const summary = clients.map((client, i) =>
      summarise(
        client,
        rounds.map((r) => r[i]!),
        pages[i] ?? null,
      ),
    );
    printAndWrite(summary, peerVersion);
  } finally {
    await Promise.all(clients.map((c) => c.stop()));
    mock.send({ cmd: 'close' });
    await mock.stop();
  }
}

/** One round: each client streams alone in turn (rotated by round), CPU from arm to done. */
async function measureRound(
  mock: MockProcess,
  clients: readonly MeasuredClient[],
  round: number,
  frames: number,
): Promise<RoundFigures[]> {
  const figures: RoundFigures[] = [];
  const shift = Math.max(0, round) % clients.length;
  for (let k = 0; k < clients.length; k++) {
    const i = (k + shift) % clients.length;
    figures[i] = await measureClient(mock, clients[i]!, frames);
  }
  return figures;
}

/** One client streams `frames` each way alone. */
async function measureClient(
  mock: MockProcess,
  client: MeasuredClient,
  frames: number,
): Promise<RoundFigures> {
  client.main.send({ probe: 'reset' });
  const before = cpuMs(client.main.pid);
  const streamed = mock.next(kindIs<MockMessage>('streamed', client.role), 120_000, 'streamed');
  const appended = mock.next(kindIs<MockMessage>('appends', client.role), 120_000, 'appends');
  client.arm(frames);
  mock.send({
    cmd: 'stream',
    role: client.role,
    plan: {
      frames,
      replyFrames: AUDIO_PATH.replyFrames,
      pace: 'realtime',
    },
    expectAppends: frames,
  });
  await Promise.all([streamed, appended]);
  const spent = cpuMs(client.main.pid) - before;
  const probe = await client.main.probe();
  return { cpuMsPerMinute: (spent * 60_000) / (frames * FRAME_MS), probe };
}

async function pageStats(client: MeasuredClient): Promise<PageMessage | null> {
  if (!client.page) return null;
  const stats = client.page.next(kindIs<PageMessage>('page_stats'), 5_000, 'page stats');
  client.page.send({ cmd: 'stats' });
  return stats;
}

interface ClientSummary {
  name: string;
  cpuMsPerMinute: { median: number; rounds: number[] };
  peakRssMb: number;
  heapPeakMb: number;
  eldMs: { p50: number; p99: number; max: number };
  page: PageMessage | null;
}

function summarise(
  client: MeasuredClient,
  rounds: readonly RoundFigures[],
  page: PageMessage | null,
): ClientSummary {
  const cpu = rounds.map((r) => r.cpuMsPerMinute);
  const worst = (pick: (p: ProbeReport) => number): number =>
    Math.max(...rounds.map((r) => pick(r.probe)));
  const median = (pick: (p: ProbeReport) => number): number =>
    quantile(
      rounds.map((r) => pick(r.probe)),
      0.5,
    );
  return {
    name: client.name,
    cpuMsPerMinute: { median: quantile(cpu, 0.5), rounds: cpu },
    peakRssMb: memoryMb(client.main.pid).peakRss,
    heapPeakMb: worst((p) => p.heapPeakMb),
    eldMs: {
      p50: median((p) => p.eld.p50),
      p99: median((p) => p.eld.p99),
      max: worst((p) => p.eld.max),
    },
    page,
  };
}

function printAndWrite(summary: readonly ClientSummary[], peerVersion: string): void {
  const [parley, peer, floor, relay] = summary;
  // A round runs the clients one after another within a minute or so: the ratio is taken round
  // by round (a slow spell of the machine falls on neighbours alike), then the median.
  const cpuRatio = (a: ClientSummary | undefined, b: ClientSummary | undefined): number => {
    if (!a || !b) return Number.NaN;
    const each = a.cpuMsPerMinute.rounds.map((cpu, i) => cpu / (b.cpuMsPerMinute.rounds[i] ?? NaN));
    return quantile(each, 0.5);
  };
  const ratio = (a: ClientSummary | undefined, b: ClientSummary | undefined): string => {
    const value = cpuRatio(a, b);
    return Number.isFinite(value) ? `${value.toFixed(2)}×` : '-';
  };
  console.log(
    `\nAudio path — ${AUDIO_PATH.rounds} rounds × ${AUDIO_PATH.framesPerRound} frames each way ` +
      `(${(AUDIO_PATH.framesPerRound * FRAME_MS) / 1000} s of duplex 24 kHz audio) per client, each alone in ` +
      `turn against one loopback mock in its own process; medians of the rounds (ratios round by round)\n${machine()}\n`,
  );
  const headers = [
    'client',
    'CPU ms / audio min',
    'vs peer',
    'vs relay floor',
    'peak RSS MB',
    'peak heap MB',
    'loop delay p50/p99/max ms',
    'rounds (CPU ms/min)',
  ];
  const rows = summary.map((s): Cell[] => [
    s.name,
    s.cpuMsPerMinute.median.toFixed(0),
    ratio(s, peer),
    ratio(s, relay),
    s.peakRssMb.toFixed(1),
    s.heapPeakMb.toFixed(1),
    `${s.eldMs.p50.toFixed(1)} / ${s.eldMs.p99.toFixed(1)} / ${s.eldMs.max.toFixed(1)}`,
    s.cpuMsPerMinute.rounds.map((c) => c.toFixed(0)).join(', '),
  ]);
  console.log(formatTable(headers, rows), '\n');
  const parleyPage = parley?.page?.kind === 'page_stats' ? parley.page : null;
  if (parleyPage) {
    const events = Object.entries(parleyPage.events)
      .sort((x, y) => y[1] - x[1])
      .map(([name, n]) => `${name} ${n}`)
      .join(', ');
    console.log(
      `Parley's page: ${parleyPage.underruns} underruns, ${parleyPage.messages} audio messages; ` +
        `text frames: ${events}`,
    );
  }
  const path = writeResults('audio-path', {
    benchmark: 'audio-path',
    machine: machine(),
    peer: `@openai/agents-realtime ${peerVersion}`,
    plan: AUDIO_PATH,
    ratios: {
      parleyVsPeerCpu: cpuRatio(parley, peer),
      parleyVsRelayFloorCpu: cpuRatio(parley, relay),
      parleyVsFloorCpu: cpuRatio(parley, floor),
      parleyVsPeerPeakRss: (parley?.peakRssMb ?? NaN) / (peer?.peakRssMb ?? NaN),
    },
    clients: summary,
  });
  console.log(`wrote ${path}`);
}

/** The installed version of a package. */
export function packageVersion(name: string): string {
  const manifest = join(REPO, 'node_modules', name, 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}
