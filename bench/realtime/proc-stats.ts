import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time of a process from outside it, in ms: the on-CPU nanoseconds of every thread
 * (`/proc/<pid>/task/<tid>/schedstat`), so V8's GC helpers and libuv's pool count as well as
 * the main thread, with nanosecond resolution rather than the 10 ms ticks of `/proc/<pid>/stat`.
 */
export function cpuMs(pid: number): number {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return ns / 1e6;
}

/** Resident set size now and at its peak (`VmRSS`, `VmHWM`), in MB. */
export function memoryMb(pid: number): { rss: number; peakRss: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string): number =>
    Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peakRss: kb('VmHWM') / 1024 };
}

/** The machine, for the tables: CPU model and count, and the Node version. */
export function machine(): string {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown CPU';
  const cores = (cpuinfo.match(/^processor\s*:/gm) ?? []).length;
  return `${model}, ${cores} cores, Node ${process.version}, ${process.platform}`;
}
