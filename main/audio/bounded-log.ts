import type { Logger } from '../base/logger';

/** Logs the 1st, 2nd, 4th, 8th… occurrence, so a flood of bad input stays a few lines. */
export function logBounded(log: Logger, event: string, count: number, detail: string): void {
  if ((count & (count - 1)) === 0) {
    log('warn', event, { count, detail: detail.slice(0, 200) });
  }
}
