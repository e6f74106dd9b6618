/** How often the launcher's presence is checked [ms]. */
export const PARENT_WATCH_MS = 500;

/**
 * Calls `onGone` once when the process that started this one has exited. `npm run serve` runs
 * the host under `sh -c`, and sh does not pass on the SIGTERM npm forwards to it: without this,
 * stopping npm would leave the host running with no parent.
 */
export function watchParent(options: {
  parentPid: () => number;
  onGone: () => void;
  intervalMs?: number;
}): () => void {
  const first = options.parentPid();
  const timer = setInterval(() => {
    if (options.parentPid() === first) return;
    clearInterval(timer);
    options.onGone();
  }, options.intervalMs ?? PARENT_WATCH_MS);
  timer.unref();
  return () => clearInterval(timer);
}
