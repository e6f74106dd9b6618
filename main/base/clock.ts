/** Opaque handle returned by {@link Clock.setTimeout}. */
export type TimerHandle = { readonly __timer: unique symbol } | number | object;

/** Time source injected into every piece of pure logic, so tests can drive it. */
export interface Clock {
  /** Milliseconds since an arbitrary epoch; monotonic. */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The real clock: `performance.now()` and the platform timers. */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Wall-clock time (epoch ms) with the platform timers, for times shown to people. */
export const wallClock: Clock = {
  now: () => Date.now(),
  setTimeout: systemClock.setTimeout,
  clearTimeout: systemClock.clearTimeout,
};
