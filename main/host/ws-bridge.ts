import type { WebSocket } from 'ws';
import { z } from 'zod';
import { events, type EventName } from '../../preload/contract';
import type { ParleyCore } from '../core/parley-core';
import type { Logger } from '../base/logger';
import type { Dispatch } from '../ipc/dispatch';
import { EventOutbox } from '../ipc/event-outbox';

/** What the browser renderer may send over the host WebSocket. */
const ClientMessage = z.object({
  type: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  channel: z.string().max(200),
  payload: z.unknown().optional(),
});

/** Largest client message accepted (JSON text). */
export const MAX_CLIENT_MESSAGE_BYTES = 1024 * 1024;

/**
 * Carries the contract over one authenticated WebSocket: invokes in, results and events out.
 * Events are queued until the page invokes `app.ready`. A malformed message gets an error
 * reply (when it has an id) and never reaches a handler.
 */
export function bridgeSocket(
  socket: WebSocket,
  core: ParleyCore,
  dispatch: Dispatch,
  log: Logger,
): void {
  const outbox = new EventOutbox((event, payload) => send({ type: 'event', event, payload }));
  const subscriptions = subscribeAll(core, (event, payload) =>
    outbox.push(event, payload as never),
  );
  outbox.push('conversation.state', core.conversation.state);

  function send(message: unknown): void {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  }

  socket.on('message', (data, isBinary) => {
    if (isBinary) {
      log('warn', 'host.bad_message', { reason: 'binary frame on the contract socket' });
      return;
    }
    const text = data.toString();
    if (text.length > MAX_CLIENT_MESSAGE_BYTES) {
      log('warn', 'host.bad_message', { reason: 'oversized', bytes: text.length });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      log('warn', 'host.bad_message', { reason: 'not JSON' });
      return;
    }
    const parsed = ClientMessage.safeParse(json);
    if (!parsed.success) {
      const id = (json as { id?: unknown } | null)?.id;
      log('warn', 'host.bad_message', { reason: 'wrong shape' });
      if (typeof id === 'number') {
        send({
          type: 'result',
          id,
          result: {
            ok: false,
            error: { kind: 'invalid_payload', message: 'Malformed invoke message.' },
          },
        });
      }
      return;
    }
    const { id, channel, payload } = parsed.data;
    void dispatch(channel, payload).then((result) => {
      send({ type: 'result', id, result });
      if (channel === 'app.ready' && result.ok) outbox.markReady();
    });
  });

  // ws closes the socket itself on a protocol error (e.g. an oversized frame); without a
  // listener the 'error' event would be an uncaught exception that stops the whole host.
  socket.on('error', (error) => {
    log('warn', 'host.socket_error', { message: error.message });
  });

  socket.on('close', () => {
    for (const off of subscriptions) off();
    core.rendererDetached();
  });
}

function subscribeAll(
  core: ParleyCore,
  forward: (event: EventName, payload: unknown) => void,
): (() => void)[] {
  return (Object.keys(events) as EventName[]).map((name) =>
    core.events.on(name, (payload) => forward(name, payload)),
  );
}
