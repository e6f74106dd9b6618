import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageVersion } from './audio-path';
import { formatTable, quantile, writeResults, type Cell } from './bench-report';
import { kindIs, TS_FLAGS, type BenchChild } from './realtime/bench-child';
import {
  spawnParleyHost,
  startMock,
  startScriptClient,
  type MockProcess,
} from './realtime/clients';
import type { MockMessage } from './realtime/mock-server-process';
import { epochNow } from './realtime/mock-realtime-server';
import { machine, memoryMb } from './realtime/proc-stats';

/**
 * Start-up: from launching a client process to its live session on the loopback mock (the mock
 * has its configuring `session.update`), and the client's RSS then. Parley's built host
 * (`parley serve`, listening on start, a fresh data dir each time: settings, key file and
 * history database created) against `@openai/agents-realtime`'s transport and the plain-`ws`
 * floor. Those two are TypeScript run through Node's type stripping; Node's own start, plain
 * and with that loader, is measured alongside so the difference can be read off.
 */
export const STARTUP = { trials: 5 };

interface Sample {
  ms: number;
  rssMb: number | null;
}

async function timeToSession(
  mock: MockProcess,
  role: string,
  launch: (role: string) => Promise<BenchChild>,
): Promise<Sample> {
  const session = mock.next(
    kindIs<MockMessage & { at: number }>('session', role),
    30_000,
    `${role} session`,
  );
  const began = epochNow();
  const child = await launch(role);
  try {
    const { at } = await session;
    return { ms: at - began, rssMb: memoryMb(child.pid).rss };
  } finally {
    await child.stop();
  }
}

/** Node starting and exiting with nothing to run, with or without the TypeScript loader. */
async function bareNode(flags: readonly string[]): Promise<Sample> {
  const began = performance.now();
  const child = spawn(process.execPath, [...flags, '-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return { ms: performance.now() - began, rssMb: null };
}

/** Runs the benchmark, prints its table and writes a dated JSON file to bench/results/. */
export async function runStartup(): Promise<void> {
  const version = packageVersion('@openai/agents-realtime');
  const mock = await startMock();
  const homes: string[] = [];
  const clients: { name: string; run: (trial: number) => Promise<Sample> }[] = [
    {
      name: 'Parley (built host, parley serve)',
      run: (trial) => {
        const home = mkdtempSync(join(tmpdir(), 'parley-startup-'));
        homes.push(home);
        return timeToSession(mock, `parley-start-${trial}`, (role) =>
          spawnParleyHost(mock, role, home, false),
        );
      },
    },
    {
      name: `agents-realtime ${version} (TS loader)`,
      run: (trial) =>
        timeToSession(
          mock,
          `peer-start-${trial}`,
          async (role) =>
            (await startScriptClient(mock, 'peer', role, './peer-client-process.ts')).main,
        ),
    },
    {
      name: 'plain ws, 1 socket (TS loader)',
      run: (trial) =>
        timeToSession(
          mock,
          `floor-start-${trial}`,
          async (role) =>
            (await startScriptClient(mock, 'floor', role, './ws-floor-process.ts')).main,
        ),
    },
    { name: 'node, empty script', run: () => bareNode([]) },
    { name: 'node + TS loader, empty script', run: () => bareNode(TS_FLAGS) },
  ];
  const samples = clients.map(() => [] as Sample[]);
  try {
    // Not counted: the first launch of each warms the file cache.
    for (const client of clients) await client.run(-1);
    for (let trial = 0; trial < STARTUP.trials; trial++) {
      // Alternating, so a slow moment of the machine falls on every client alike.
      for (const [i, client] of clients.entries()) samples[i]!.push(await client.run(trial));
    }
  } finally {
    mock.send({ cmd: 'close' });
    await mock.stop();
    for (const home of homes) rmSync(home, { recursive: true, force: true });
  }
  print(clients.map((c, i) => ({ name: c.name, samples: samples[i]! })));
}

function print(results: readonly { name: string; samples: readonly Sample[] }[]): void {
  console.log(
    `\nStart-up — launch → live session on the loopback mock, ${STARTUP.trials} alternating ` +
      `launches each after one unmeasured\n${machine()}\n`,
  );
  const summary = results.map(({ name, samples }) => {
    const ms = samples.map((s) => s.ms);
    const rss = samples.map((s) => s.rssMb).filter((v): v is number => v !== null);
    return {
      name,
      ms: { p50: quantile(ms, 0.5), min: Math.min(...ms), max: Math.max(...ms) },
      rssMb: rss.length ? quantile(rss, 0.5) : null,
    };
  });
  const peer = summary[1]?.ms.p50 ?? Number.NaN;
  const headers = ['client', 'to live p50 ms', 'vs peer', 'min…max ms', 'RSS at live MB'];
  const rows = summary.map((s): Cell[] => [
    s.name,
    s.ms.p50.toFixed(0),
    `${(s.ms.p50 / peer).toFixed(2)}×`,
    `${s.ms.min.toFixed(0)} … ${s.ms.max.toFixed(0)}`,
    s.rssMb === null ? '-' : s.rssMb.toFixed(1),
  ]);
  console.log(formatTable(headers, rows), '\n');
  const path = writeResults('startup', {
    benchmark: 'startup',
    machine: machine(),
    plan: STARTUP,
    clients: summary,
  });
  console.log(`wrote ${path}`);
}
