import {
  CONNECTION_EVENTS,
  events as eventSchemas,
  type ConnectionError,
  type EventName,
  type Result,
} from '../../preload/contract';
import type { Logger } from '../base/logger';
import type { AppEvent, ParleyApp } from '../app/parley-app';
import type { AttachedAudioLink, RendererAudioLink } from '../app/renderer-audio-links';
import { createDispatcher } from './dispatch';
import { createOutboundRedactor } from './outbound-redactor';
import { RendererEventQueue } from './renderer-event-queue';

/** A renderer's audio link as a host opens it, and how to close it. */
export interface OpenedAudio {
  link: RendererAudioLink;
  close(): void;
}

/** How a host reaches one renderer: its events, and its audio link. */
export interface RendererPort {
  /** Deliver one event to the renderer. */
  sendEvent(event: AppEvent): void;
  /**
   * Open the renderer's binary audio link; called each time the renderer says it is ready.
   * Data from the renderer goes to `receive`.
   */
  openAudio(receive: (data: ArrayBuffer | Uint8Array) => void): OpenedAudio;
}

/** One attached renderer, as a host sees it. */
export interface RendererConnection {
  /**
   * Check and run one invoke from this renderer. A host that sends replies itself passes
   * `reply`: the reply to `app.ready` then goes out before the events it releases.
   */
  invoke(
    channel: string,
    payload: unknown,
    reply?: (result: Result<unknown>) => void,
  ): Promise<Result<unknown>>;
  /**
   * The host could not read a message from this renderer and has no id to answer it by: tell
   * the renderer at once (`connection.error`), ready or not.
   */
  reportProblem(problem: ConnectionError): void;
  /** The renderer went away or reloaded: unsubscribe, close its audio, release its talk key. */
  detach(): void;
}

/**
 * What attaching a renderer means, for both hosts: the dispatcher, events held until the
 * renderer invokes `app.ready` (the current state first), every event subscribed, the audio link
 * opened at ready, and a clean detach. It is the one door to renderers: every event and every
 * invoke result is redacted on its way through.
 */
export function connectRenderer(
  app: ParleyApp,
  port: RendererPort,
  log: Logger,
): RendererConnection {
  const dispatch = createDispatcher(app.handlers, app.secrets, (line) =>
    log('warn', 'ipc.rejected', { message: line }),
  );
  const redactor = createOutboundRedactor(app.secrets);
  // Redacted as it leaves, not as it is queued: a key learned meanwhile is hidden too.
  const queue = new RendererEventQueue((event) => port.sendEvent(redactor.value(event)));
  for (const event of app.initialEvents()) queue.push(event);
  const appEvents = (Object.keys(eventSchemas) as EventName[]).filter(
    (name) => !CONNECTION_EVENTS.includes(name),
  );
  const offs = appEvents.map((name) =>
    app.on(name, (payload) => queue.push({ event: name, payload } as AppEvent)),
  );
  let audio: { opened: OpenedAudio; attached: AttachedAudioLink } | null = null;
  const closeAudio = (): void => {
    audio?.attached.detach();
    audio?.opened.close();
    audio = null;
  };
  const openAudio = (): void => {
    closeAudio();
    let attached: AttachedAudioLink | null = null;
    const opened = port.openAudio((data) => attached?.receive(data));
    attached = app.attachAudio(opened.link);
    audio = { opened, attached };
  };
  let detached = false;
  return {
    invoke: async (channel, payload, reply) => {
      const result = await dispatch(channel, payload);
      reply?.(result);
      if (channel === 'app.ready' && result.ok && !detached) {
        queue.markReady();
        openAudio();
      }
      return result;
    },
    reportProblem: (problem) => {
      if (!detached)
        port.sendEvent(redactor.value({ event: 'connection.error', payload: problem }));
    },
    detach: () => {
      if (detached) return;
      detached = true;
      for (const off of offs) off();
      closeAudio();
      app.rendererDetached();
    },
  };
}
