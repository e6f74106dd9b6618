import type { EventName, EventPayload } from '../../preload/contract';

/** Delivers an event to one attached renderer. */
export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/**
 * Queues main → renderer events until the renderer says it is ready (it has subscribed), then
 * delivers in order. Bounded: when full, the oldest queued event is dropped and counted.
 */
export class EventOutbox {
  private queue: { event: EventName; payload: unknown }[] = [];
  private ready = false;
  dropped = 0;

  constructor(
    private readonly sink: EventSink,
    private readonly limit = 256,
  ) {}

  push<E extends EventName>(event: E, payload: EventPayload<E>): void {
    if (this.ready) {
      this.sink(event, payload);
      return;
    }
    if (this.queue.length >= this.limit) {
      this.queue.shift();
      this.dropped++;
    }
    this.queue.push({ event, payload });
  }

  /** The renderer subscribed: flush the queue and deliver directly from now on. */
  markReady(): void {
    if (this.ready) return;
    this.ready = true;
    const queued = this.queue;
    this.queue = [];
    for (const { event, payload } of queued) this.sink(event, payload as EventPayload<EventName>);
  }

  /** The renderer went away or reloaded: queue again until it is ready. */
  reset(): void {
    this.ready = false;
  }

  get isReady(): boolean {
    return this.ready;
  }

  get queued(): number {
    return this.queue.length;
  }
}
