import type { Clock, TimerHandle } from '../base/clock';
import type { RealtimeEvent } from './realtime-events';

/** Asks the server for a response. */
export interface ResponseCreateEvent {
  type: 'response.create';
}

/** Stops the response the server is generating. */
export interface ResponseCancelEvent {
  type: 'response.cancel';
}

/** The client events the arbiter sends. */
export type ArbiterClientEvent = ResponseCreateEvent | ResponseCancelEvent;

/** What happened to a {@link ResponseArbiter.request}: sent, or dropped with its socket. */
export type ResponseRequestOutcome = 'sent' | 'dropped';

/**
 * - `idle`: no response on the server; a request is sent at once.
 * - `in_flight`: a response may be starting but is unconfirmed (we sent `response.create` and
 *   have not seen `response.created`, or the server said one is active that we never saw).
 * - `active`: `response.created` seen, `response.done`/`.cancelled` not yet.
 */
export type ArbiterState = 'idle' | 'in_flight' | 'active';

/** Prefix of the server error that means "a response is running; ask again later". */
export const ACTIVE_RESPONSE_ERROR_PREFIX =
  'Conversation already has an active response in progress:';

/** Options of {@link ResponseArbiter}. */
export interface ResponseArbiterOptions {
  /** With a clock, an unconfirmed `in_flight` state ends after {@link confirmTimeoutMs}. */
  clock?: Clock;
  /** How long to wait for `response.created` (or a finish) before assuming idle; 10 s. */
  confirmTimeoutMs?: number;
  /** Called when `sendNow` throws; without it the error is rethrown. */
  onSendError?: (error: unknown) => void;
}

/**
 * The only sender of `response.create` (and of `response.cancel`). Sends only when no response is
 * active; requests made meanwhile are deferred until `response.done`/`response.cancelled` and
 * coalesce into one; the active-response race error re-queues instead of failing; a new socket
 * drops everything the old one was waiting for. Between our send and `response.created` the
 * state is `in_flight`, which counts as active so two quick requests never double-send.
 */
export class ResponseArbiter {
  private current: ArbiterState = 'idle';
  private pending = false;
  private waiters: ((outcome: ResponseRequestOutcome) => void)[] = [];
  private timer: TimerHandle | null = null;
  /** We sent a create and have seen neither its `response.created` nor its rejection. */
  private ownUnconfirmed = false;
  private disposed = false;
  private readonly confirmTimeoutMs: number;

  constructor(
    private readonly sendNow: (event: ArbiterClientEvent) => void,
    private readonly options: ResponseArbiterOptions = {},
  ) {
    this.confirmTimeoutMs = options.confirmTimeoutMs ?? 10_000;
  }

  /** Current state (for diagnostics and tests). */
  get state(): ArbiterState {
    return this.current;
  }

  /** True when a deferred `response.create` is waiting for the active response to end. */
  get hasPending(): boolean {
    return this.pending;
  }

  /**
   * Asks for one `response.create`: sent now when idle, otherwise deferred and merged with any
   * other deferred request. Resolves when the (coalesced) create is sent, or `dropped` when the
   * socket is replaced or the send fails first.
   */
  request(): Promise<ResponseRequestOutcome> {
    if (this.disposed) return Promise.resolve('dropped');
    const outcome = new Promise<ResponseRequestOutcome>((resolve) => this.waiters.push(resolve));
    this.pending = true;
    if (this.current === 'idle') this.flush();
    return outcome;
  }

  /** Routes the response lifecycle events; everything else is ignored. */
  observe(event: RealtimeEvent): void {
    if (event.type === 'response_created') this.onResponseCreated();
    else if (event.type === 'response_done' || event.type === 'response_cancelled') {
      this.onResponseFinished();
    }
  }

  /** Server `response.created` (ours or one the server started itself, e.g. server VAD). */
  onResponseCreated(): void {
    if (this.disposed) return;
    this.clearTimer();
    this.ownUnconfirmed = false;
    this.current = 'active';
  }

  /** Server `response.done` or `response.cancelled`: the next deferred request may go. */
  onResponseFinished(): void {
    if (this.disposed) return;
    // A finish while our own create is unconfirmed belongs to an older response: ours still
    // has to be created (or rejected), so keep waiting rather than risk a second send.
    if (this.current === 'in_flight' && this.ownUnconfirmed) return;
    this.becomeIdle();
  }

  /**
   * A server `error`. Returns true (and re-queues a create) when it is the active-response race,
   * which is not a failure; false for any other error, which the caller reports.
   */
  onServerError(message: string): boolean {
    if (!message.startsWith(ACTIVE_RESPONSE_ERROR_PREFIX)) return false;
    if (this.disposed) return true;
    this.pending = true;
    // Our create was refused because another response runs: wait for that one's finish,
    // bounded by the confirm timeout when we never saw it created.
    this.ownUnconfirmed = false;
    if (this.current !== 'active') this.enterInFlight();
    return true;
  }

  /**
   * Stops the response the server is generating, where the server does not stop it by itself (a
   * talk-key barge-in): sends `response.cancel` when a response is active, or our create is on
   * its way, and counts it as over at once — the server handles the cancel before anything sent
   * after it, so the next `response.create` need not wait for the cancelled response's finish.
   * Returns whether a cancel was sent.
   */
  cancelActive(): boolean {
    if (this.disposed) return false;
    const running =
      this.current === 'active' || (this.current === 'in_flight' && this.ownUnconfirmed);
    if (!running) return false;
    try {
      this.sendNow({ type: 'response.cancel' });
    } catch (error) {
      if (this.options.onSendError) this.options.onSendError(error);
      return false;
    }
    this.clearTimer();
    this.ownUnconfirmed = false;
    this.current = 'idle';
    // The cancelled response's own finish still arrives; a create sent before it is ours and
    // unconfirmed, so `onResponseFinished` keeps waiting for it rather than double-sending.
    if (this.pending) this.flush();
    return true;
  }

  /** The socket was replaced: nothing of the old one is active, pending or awaited. */
  resetForNewSocket(): void {
    this.clearTimer();
    this.ownUnconfirmed = false;
    this.current = 'idle';
    this.pending = false;
    this.settle('dropped');
  }

  /** Drops everything; later calls are no-ops. Idempotent. */
  dispose(): void {
    this.resetForNewSocket();
    this.disposed = true;
  }

  private flush(): void {
    this.pending = false;
    this.ownUnconfirmed = true;
    this.enterInFlight();
    try {
      this.sendNow({ type: 'response.create' });
    } catch (error) {
      this.clearTimer();
      this.ownUnconfirmed = false;
      this.current = 'idle';
      this.settle('dropped');
      if (this.options.onSendError) this.options.onSendError(error);
      else throw error;
      return;
    }
    this.settle('sent');
  }

  private enterInFlight(): void {
    this.current = 'in_flight';
    this.clearTimer();
    const clock = this.options.clock;
    if (!clock) return;
    this.timer = clock.setTimeout(() => {
      this.timer = null;
      if (this.current === 'in_flight') this.becomeIdle();
    }, this.confirmTimeoutMs);
  }

  private becomeIdle(): void {
    this.clearTimer();
    this.ownUnconfirmed = false;
    this.current = 'idle';
    if (this.pending) this.flush();
  }

  private clearTimer(): void {
    if (this.timer !== null) this.options.clock?.clearTimeout(this.timer);
    this.timer = null;
  }

  private settle(outcome: ResponseRequestOutcome): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve(outcome);
  }
}
