/**
 * Assistant audio out: the 'parley-player' worklet (jitter buffer, underruns, played reports)
 * connected to the context's destination. Messages from main that arrive before the worklet is
 * ready wait in order (bounded; a stop clears them).
 */
import type { MainToRendererAudio, RendererToMainAudio } from '../../../preload/audio-wire';

/** Messages held while the player loads: ~10 s of typical 100–200 ms chunks. */
const MAX_PENDING = 100;

export interface PlayerOutput {
  /** Hands one main → renderer message to the player. */
  handle(msg: MainToRendererAudio): void;
  /** Connects the worklet node once its module has loaded. */
  ready(node: AudioWorkletNode, destination: AudioNode): void;
  dispose(): void;
}

/** @param report receives the player's played and underrun reports */
export function createPlayerOutput(report: (msg: RendererToMainAudio) => void): PlayerOutput {
  let node: AudioWorkletNode | null = null;
  let pending: MainToRendererAudio[] = [];

  function post(msg: MainToRendererAudio): void {
    if (!node) return;
    if (msg.kind === 'play') {
      const samples = msg.pcm;
      node.port.postMessage({ type: 'chunk', itemId: msg.itemId, samples }, [samples.buffer]);
    } else if (msg.kind === 'item_end') {
      node.port.postMessage({ type: 'end', itemId: msg.itemId });
    } else {
      node.port.postMessage({ type: 'stop' });
    }
  }

  function onPortMessage(event: MessageEvent): void {
    const data = event.data as {
      type?: unknown;
      itemId?: unknown;
      playedSamples?: unknown;
      count?: unknown;
    };
    if (data?.type === 'played' && typeof data.itemId === 'string') {
      const playedSamples = Math.max(0, Math.round(Number(data.playedSamples) || 0));
      report({ kind: 'played', itemId: data.itemId, playedSamples });
    } else if (data?.type === 'underrun' && typeof data.count === 'number') {
      report({ kind: 'underrun', count: Math.max(0, Math.round(data.count)) });
    }
  }

  return {
    handle(msg) {
      if (node) return post(msg);
      if (msg.kind === 'stop') {
        pending = [];
        return;
      }
      if (pending.length >= MAX_PENDING) pending.shift();
      pending.push(msg);
    },
    ready(playerNode, destination) {
      node = playerNode;
      node.port.onmessage = onPortMessage;
      node.connect(destination);
      const queued = pending;
      pending = [];
      for (const msg of queued) post(msg);
    },
    dispose() {
      if (node) {
        node.port.onmessage = null;
        node.disconnect();
      }
      node = null;
      pending = [];
    },
  };
}
