/** A listener map: event name → payload type. */
export type EventMap = Record<string, unknown>;

export type Listener<T> = (payload: T) => void;

let unhandledListenerError: (error: unknown) => void = () => {};

/**
 * Where errors thrown by listeners of emitters built without their own handler go (the host
 * logs them, so a bug in a listener is never silent). Returns what puts the previous one back.
 */
export function reportListenerErrorsTo(handler: (error: unknown) => void): () => void {
  const previous = unhandledListenerError;
  unhandledListenerError = handler;
  return () => {
    unhandledListenerError = previous;
  };
}

/**
 * Minimal typed emitter: `on()` returns an unsubscribe function, `dispose()` drops every
 * listener and is idempotent. A throwing listener does not stop the others; its error goes to
 * the emitter's handler, else to {@link reportListenerErrorsTo}'s.
 */
export class TypedEmitter<M extends EventMap> {
  private readonly listeners = new Map<keyof M, Set<Listener<never>>>();
  /** Each event's listeners as an array, rebuilt on (un)subscribe: emit copies nothing. */
  private readonly snapshots = new Map<keyof M, readonly Listener<never>[]>();
  private disposed = false;

  constructor(
    private readonly onListenerError: (error: unknown) => void = (error) =>
      unhandledListenerError(error),
  ) {}

  on<K extends keyof M>(event: K, listener: Listener<M[K]>): () => void {
    if (this.disposed) return () => {};
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as Listener<never>);
    this.snapshots.set(event, [...set]);
    return () => {
      // A set the emitter no longer holds (after dispose) has nothing to update.
      if (!set.delete(listener as Listener<never>) || this.listeners.get(event) !== set) return;
      if (set.size > 0) return void this.snapshots.set(event, [...set]);
      this.listeners.delete(event);
      this.snapshots.delete(event);
    };
  }

  /** Calls every listener subscribed when the emit began, in order of subscription. */
  emit<K extends keyof M>(event: K, payload: M[K]): void {
    const snapshot = this.snapshots.get(event);
    if (!snapshot) return;
    for (const listener of snapshot) {
      try {
        (listener as Listener<M[K]>)(payload);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  /** Number of listeners still subscribed (tests check this is 0 after dispose). */
  listenerCount(event?: keyof M): number {
    if (event !== undefined) return this.listeners.get(event)?.size ?? 0;
    let total = 0;
    for (const set of this.listeners.values()) total += set.size;
    return total;
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
    this.snapshots.clear();
  }
}
