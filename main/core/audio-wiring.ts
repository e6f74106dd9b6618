import type { TalkMode } from '../../preload/contract';
import { encodeAudioMessage } from '../../preload/audio-wire';
import { AudioPipeline, type InputMode } from '../audio/audio-pipeline';
import type { RealtimeSession } from '../realtime/realtime-session';
import type { Clock } from '../base/clock';
import type { Logger } from '../base/logger';
import { AudioHub } from './audio-hub';

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
  hub: AudioHub;
  dispose: () => void;
} {
  const { session, clock, log } = deps;
  const sessionUp = (): boolean => session.isActive;
  let hub: AudioHub | null = null;
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
    toRenderer: (msg) => hub?.broadcast(encodeAudioMessage(msg)),
    protocol: () => (sessionUp() ? session.protocol : null),
  });
  hub = new AudioHub((data) => pipeline.onRendererData(data));
  // The page that was playing went away or another took over: what it had queued is gone.
  const offAttach = hub.onAttachedChange(() => pipeline.onPlayerLost());
  const offs = [
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
    hub,
    dispose: () => {
      for (const off of offs) off();
      offAttach();
      pipeline.dispose();
      hub?.dispose();
    },
  };
}
