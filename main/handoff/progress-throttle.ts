import type { Clock, TimerHandle } from '../base/clock';
import { cutUtf8, utf8Length } from '../realtime/utf8-text';

interface Pending {
  lines: string[];
  lastSentAt: number | null;
  timer: TimerHandle | null;
}

/**
 * Coalesces a task's progress lines into at most one flush per interval per key: the first
 * line goes out at once, later ones gather (newest kept within `maxBytes`) until the interval
 * has passed since the last flush. Pure: time from the clock.
 */
export class ProgressThrottle<K> {
  private readonly pending = new Map<K, Pending>();

  constructor(
    private readonly clock: Clock,
    private readonly flush: (key: K, text: string) => void,
    private readonly intervalMs: number,
    private readonly maxBytes: number,
  ) {}

  /** One progress line for `key`. */
  push(key: K, line: string): void {
    const text = line.trim();
    if (text === '') return;
    const entry = this.pending.get(key) ?? { lines: [], lastSentAt: null, timer: null };
    this.pending.set(key, entry);
    entry.lines.push(text);
    if (entry.timer !== null) return;
    const now = this.clock.now();
    const wait = entry.lastSentAt === null ? 0 : entry.lastSentAt + this.intervalMs - now;
    if (wait <= 0) return this.send(key, entry);
    entry.timer = this.clock.setTimeout(() => {
      entry.timer = null;
      this.send(key, entry);
    }, wait);
  }

  /** Forget `key`: what it gathered is superseded (its task ended). */
  drop(key: K): void {
    const entry = this.pending.get(key);
    if (entry?.timer) this.clock.clearTimeout(entry.timer);
    this.pending.delete(key);
  }

  dispose(): void {
    for (const key of [...this.pending.keys()]) this.drop(key);
  }

  private send(key: K, entry: Pending): void {
    const lines = entry.lines.splice(0);
    if (lines.length === 0) return;
    entry.lastSentAt = this.clock.now();
    this.flush(key, this.newestWithin(lines));
  }

  /** The newest lines that fit in `maxBytes`, oldest first; a lone long line is cut. */
  private newestWithin(lines: readonly string[]): string {
    const kept: string[] = [];
    let bytes = 0;
    for (let i = lines.length - 1; i >= 0; i--) {
      const line = lines[i] ?? '';
      const size = utf8Length(line) + (kept.length > 0 ? 1 : 0);
      if (bytes + size > this.maxBytes) break;
      kept.unshift(line);
      bytes += size;
    }
    return kept.length > 0 ? kept.join('\n') : cutUtf8(lines.at(-1) ?? '', this.maxBytes);
  }
}
