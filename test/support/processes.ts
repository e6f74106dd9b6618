import { readdirSync, readFileSync } from 'node:fs';

/** Pids whose command line contains `needle` (Linux /proc). */
export function processesMatching(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (cmdline.includes(needle) && state !== 'Z' && Number(entry) !== process.pid)
        pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}
