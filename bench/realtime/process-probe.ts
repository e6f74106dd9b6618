/**
 * Loaded into every measured client with `--import` (Parley's built host as much as the peer
 * and the floors, so each carries the same cost): it measures event-loop delay and samples the
 * V8 heap, and answers `{probe: 'reset'}` and `{probe: 'report'}` over the IPC channel.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** What the probe answers to `{probe: 'report'}`. */
export interface ProbeReport {
  probe: 'report';
  /** Event-loop delay since the last reset, in ms. */
  eld: { p50: number; p99: number; max: number };
  /** Largest heap in use seen since the last reset, and now, in MB. */
  heapPeakMb: number;
  heapMb: number;
}

/** Sampling period of the delay monitor: one extra wake-up every 20 ms in every client. */
const ELD_RESOLUTION_MS = 20;
const HEAP_SAMPLE_MS = 250;

const eld = monitorEventLoopDelay({ resolution: ELD_RESOLUTION_MS });
eld.enable();
let heapPeak = 0;
const sampleHeap = (): void => {
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
};
setInterval(sampleHeap, HEAP_SAMPLE_MS).unref();

// The monitor records whole intervals between its wake-ups: the delay is what exceeds the period.
const ms = (ns: number): number => Math.max(0, ns / 1e6 - ELD_RESOLUTION_MS);
process.on('message', (message: { probe?: string }) => {
  if (message?.probe === 'reset') {
    eld.reset();
    heapPeak = 0;
    sampleHeap();
  } else if (message?.probe === 'report') {
    sampleHeap();
    const report: ProbeReport = {
      probe: 'report',
      eld: { p50: ms(eld.percentile(50)), p99: ms(eld.percentile(99)), max: ms(eld.max) },
      heapPeakMb: heapPeak / 2 ** 20,
      heapMb: process.memoryUsage().heapUsed / 2 ** 20,
    };
    process.send?.(report);
  }
});
// The channel must not keep a client alive that would otherwise exit.
process.channel?.unref();
