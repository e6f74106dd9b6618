import type { AppEvent } from '../app/parley-app';

/**
 * Holds main → renderer events until the renderer says it is ready (it has subscribed), then
 * delivers in order and directly from then on. Bounded: when full, the oldest held event is
 * dropped and counted.
 */
export class RendererEventQueue {
  private held: AppEvent[] = [];
  private ready = false;
  dropped = 0;

  constructor(
    private readonly deliver: (event: AppEvent) => void,
    private readonly limit = 256,
  ) {}

  push(event: AppEvent): void {
    if (this.ready) {
      this.deliver(event);
      return;
    }
    if (this.held.length >= this.limit) {
      this.held.shift();
      this.dropped++;
    }
    this.held.push(event);
  }

  /** The renderer subscribed: deliver what was held, then everything directly. */
  markReady(): void {
    if (this.ready) return;
    this.ready = true;
    for (const event of this.held.splice(0)) this.deliver(event);
  }

  get isReady(): boolean {
    return this.ready;
  }

  get heldCount(): number {
    return this.held.length;
  }
}
