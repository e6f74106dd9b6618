import { TypedEmitter } from '../base/typed-emitter';
import type { DelegateOutcome, DelegateRun, DelegateRunEvents } from './types';
import type { ProgressItem } from '../../preload/schemas/tasks';

/**
 * The producer side of a {@link DelegateRun}: implementations push progress and settle once.
 * After settling, progress is dropped and every listener is released.
 */
export class DelegateRunHandle implements DelegateRun {
  readonly outcome: Promise<DelegateOutcome>;
  private readonly emitter = new TypedEmitter<DelegateRunEvents>();
  private resolveOutcome: (outcome: DelegateOutcome) => void = () => {};
  private finished = false;
  /** Set by delegates that take follow-up input mid-run. */
  steer?: (text: string) => boolean;

  constructor() {
    this.outcome = new Promise<DelegateOutcome>((resolve) => {
      this.resolveOutcome = resolve;
    });
  }

  /** Subscribe to progress; returns the unsubscribe function. */
  on<K extends keyof DelegateRunEvents>(
    event: K,
    listener: (payload: DelegateRunEvents[K]) => void,
  ): () => void {
    return this.emitter.on(event, listener);
  }

  /** True once {@link settle} ran. */
  get settled(): boolean {
    return this.finished;
  }

  /** Publish one progress item (ignored after settling). */
  progress(item: ProgressItem): void {
    if (!this.finished) this.emitter.emit('progress', item);
  }

  /** Resolve the outcome; later calls are ignored. */
  settle(outcome: DelegateOutcome): void {
    if (this.finished) return;
    this.finished = true;
    this.resolveOutcome(outcome);
    this.emitter.dispose();
  }

  /** Listeners still subscribed (tests). */
  listenerCount(): number {
    return this.emitter.listenerCount();
  }
}

/** A failed outcome with a message and no result. */
export function failedOutcome(
  error: string,
  extra: Partial<DelegateOutcome> = {},
): DelegateOutcome {
  return { status: 'failed', result: null, error, usage: null, ...extra };
}

/** A cancelled outcome. */
export function cancelledOutcome(
  error = 'Cancelled.',
  extra: Partial<DelegateOutcome> = {},
): DelegateOutcome {
  return { status: 'cancelled', result: null, error, usage: null, ...extra };
}
