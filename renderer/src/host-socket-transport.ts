import type { ApiTransport } from '../../preload/build-api';
import type { EventName, Result } from '../../preload/contract';

type Pending = (result: Result<unknown>) => void;

/**
 * The browser host's transport: the contract over one WebSocket to `parley serve`, with the
 * access token from the page URL. Invokes made while connecting wait for the socket.
 */
export function createHostSocketTransport(url: string): ApiTransport {
  const socket = new WebSocket(url);
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error('Cannot reach the Parley host.')), {
      once: true,
    });
  });
  opened.catch(() => {});
  const pending = new Map<number, Pending>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let nextId = 1;

  socket.addEventListener('message', (message) => {
    if (typeof message.data !== 'string') return;
    let data: {
      type?: unknown;
      id?: unknown;
      result?: unknown;
      event?: unknown;
      payload?: unknown;
    };
    try {
      data = JSON.parse(message.data) as typeof data;
    } catch {
      return;
    }
    if (data.type === 'result' && typeof data.id === 'number') {
      pending.get(data.id)?.(data.result as Result<unknown>);
      pending.delete(data.id);
    } else if (data.type === 'event' && typeof data.event === 'string') {
      for (const listener of listeners.get(data.event as EventName) ?? []) listener(data.payload);
    }
  });
  socket.addEventListener('close', () => {
    for (const resolve of pending.values()) {
      resolve({
        ok: false,
        error: { kind: 'failed', message: 'The connection to Parley closed.' },
      });
    }
    pending.clear();
    // Nothing more will come from main: say so where the user looks, the status bar.
    for (const listener of listeners.get('conversation.state') ?? []) {
      listener({
        phase: 'closed',
        activity: 'none',
        error:
          'Lost the connection to the Parley host. Reload this page once `parley serve` runs again.',
        reconnect: null,
        protocol: 'v2',
      });
    }
  });

  return {
    async invoke(channel, payload) {
      try {
        await opened;
      } catch (error) {
        return { ok: false, error: { kind: 'failed', message: (error as Error).message } };
      }
      if (socket.readyState !== WebSocket.OPEN) {
        return {
          ok: false,
          error: { kind: 'failed', message: 'The connection to Parley closed.' },
        };
      }
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify({ type: 'invoke', id, channel, payload }));
      });
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}
