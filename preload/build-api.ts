import {
  events,
  invokes,
  type EventName,
  type EventPayload,
  type ParleyApi,
  type Result,
} from './contract';

/** How a host moves invokes and events; the Electron preload and the browser client differ only here. */
export interface ApiTransport {
  invoke(channel: string, payload: unknown): Promise<Result<unknown>>;
  /** Subscribe to one event channel; returns the unsubscribe function. */
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

/**
 * Builds `window.parley` from the contract: one verb per invoke, plus `on()`. Incoming events
 * are validated against their schema before a listener sees them.
 */
export function buildApi(transport: ApiTransport): ParleyApi {
  const api: Record<string, unknown> = {};
  for (const [ns, verbs] of Object.entries(invokes)) {
    const group: Record<string, (payload?: unknown) => Promise<Result<unknown>>> = {};
    for (const verb of Object.keys(verbs)) {
      const channel = `${ns}.${verb}`;
      group[verb] = (payload?: unknown) => transport.invoke(channel, payload);
    }
    api[ns] = Object.freeze(group);
  }
  api.on = <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => {
    // Own keys only: `toString` or `__proto__` must not pass for an event schema.
    if (!Object.hasOwn(events, event)) throw new Error(`Unknown event "${String(event)}".`);
    const schema = events[event];
    return transport.subscribe(event, (payload) => {
      const parsed = schema.safeParse(payload);
      if (parsed.success) listener(parsed.data as EventPayload<E>);
      else console.warn(`parley: dropped malformed ${event} event`);
    });
  };
  return Object.freeze(api) as ParleyApi;
}
