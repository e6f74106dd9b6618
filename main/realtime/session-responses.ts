/**
 * A session's V2 response requests: the {@link ResponseArbiter} (the only sender of
 * `response.create`), a request made while no socket was live (sent once one is), and the
 * server errors the arbiter may requeue.
 */
import type { Clock } from '../base/clock';
import type { Logger } from '../base/logger';
import type { RealtimeEvent } from './realtime-events';
import { ResponseArbiter, type ArbiterClientEvent } from './response-arbiter';

/** Response requests of one session, across its sockets; see the module comment. */
export class SessionResponses {
  private readonly arbiter: ResponseArbiter;
  /** A response was asked for while no socket was live. */
  private wanted = false;

  constructor(
    send: (event: ArbiterClientEvent) => void,
    private readonly options: { clock: Clock; log: Logger },
  ) {
    this.arbiter = new ResponseArbiter(send, {
      clock: options.clock,
      onSendError: (error) =>
        options.log('warn', 'session.response_create_failed', {
          message: (error as Error).message,
        }),
    });
  }

  /** Asks for a response now on a live socket; without one it waits for the next instead. */
  request(socketLive: boolean): void {
    if (!socketLive) {
      this.wanted = true;
      return;
    }
    void this.arbiter.request();
  }

  /** Cancels the response being generated; returns whether a `response.cancel` was sent. */
  cancelActive(): boolean {
    return this.arbiter.cancelActive();
  }

  /** Follows the server's responses; a server error may requeue a refused request. */
  observe(event: RealtimeEvent): void {
    this.arbiter.observe(event);
    if (event.type !== 'error') return;
    const requeued = this.arbiter.onServerError(event.message);
    this.options.log(requeued ? 'info' : 'warn', 'session.server_error', {
      message: event.message.slice(0, 500),
      code: event.code,
      requeued,
    });
  }

  /** The socket was replaced or lost: nothing of the old one is active or awaited. */
  resetForNewSocket(): void {
    this.arbiter.resetForNewSocket();
  }

  /** A new socket is live and its queue drained: a response asked for meanwhile goes now. */
  sendWanted(): void {
    if (!this.wanted) return;
    this.wanted = false;
    void this.arbiter.request();
  }

  /** The session stopped or restarts: the socket's responses and any waiting request are void. */
  clear(): void {
    this.arbiter.resetForNewSocket();
    this.wanted = false;
  }

  /** Drops everything; idempotent. */
  dispose(): void {
    this.arbiter.dispose();
  }
}
