import type { TalkMode } from '../../preload/schemas/settings';
import { encodeAudioMessage } from '../../preload/audio-wire';
import type { Clock } from '../base/clock';
import type { Logger } from '../base/logger';
import { AudioPipeline } from '../audio/audio-pipeline';
import type { InputMode } from '../audio/capture-input';
import { PlayBatcher } from '../audio/play-batcher';
import type { RealtimeSession } from '../realtime/realtime-session';
import { RendererAudioLinks } from './renderer-audio-links';

/** How a talk mode sends the microphone: hands-free streams (server VAD), the key modes hold. */
export function inputModeFor(talkMode: TalkMode): InputMode {
  return talkMode === 'hands-free' ? 'stream' : 'hold';
}

/**
 * Builds the audio pipeline between the realtime session and the renderers' audio links:
 * capture frames go to the session only while it is up, server audio goes to the players,
 * and a new socket starts the pipeline's per-session state over.
 */
export function wireAudio(deps: { session: RealtimeSession; clock: Clock; log: Logger }): {
  pipeline: AudioPipeline;
  links: RendererAudioLinks;
  dispose: () => void;
} {
  const { session, clock, log } = deps;
  const sessionUp = (): boolean => session.isActive;
  let links: RendererAudioLinks | null = null;
  const toPage = new PlayBatcher(
    (msg) => links?.send(encodeAudioMessage(msg)),
    (flush) => queueMicrotask(flush),
  );
  const pipeline = new AudioPipeline({
    clock,
    log,
    sendAudio: (frame) => {
      if (sessionUp()) session.sendAudio(frame);
    },
    sendEvent: (event) => (sessionUp() ? session.sendEvent(event) : undefined),
    requestResponse: () => {
      if (sessionUp()) session.requestResponse();
    },
    cancelResponse: () => sessionUp() && session.cancelResponse(),
    toRenderer: (msg) => toPage.push(msg),
    protocol: () => (sessionUp() ? session.protocol : null),
  });
  links = new RendererAudioLinks((data) => pipeline.onRendererData(data));
  const offs = [
    // The page that was playing went away or another took over: what it had queued is gone.
    links.on('attached', () => pipeline.onPlayerLost()),
    session.on('event', (event) => pipeline.onServerEvent(event)),
    session.on('socket_replaced', () => pipeline.resetSession()),
    // A start (or a restart while live) begins a new conversation: nothing of the old one plays on.
    session.on('state', ({ state }) => {
      if (state === 'connecting') pipeline.resetSession();
    }),
    session.on('closed', () => pipeline.resetSession()),
  ];
  return {
    pipeline,
    links,
    dispose: () => {
      for (const off of offs) off();
      pipeline.dispose();
      links?.dispose();
    },
  };
}
