/**
 * Assistant audio out: the 'parley-player' worklet (jitter buffer, underruns, played reports)
 * connected to the context's destination. Messages from main that arrive before the worklet is
 * ready wait in order (bounded by dropping whole items, oldest first; a stop clears them).
 */
import type {
  ItemEndMessage,
  MainToRendererAudio,
  PlayChunkMessage,
  RendererToMainAudio,
} from '../../../preload/audio-wire';

/** Messages held while the player loads: ~10 s of typical 100–200 ms chunks. */
const MAX_PENDING = 100;
/** Items kept in the diagnostics (the most recent). */
const MAX_DIAGNOSED_ITEMS = 16;
/** Dropped items still streaming whose later messages are discarded (the most recent). */
const MAX_DROPPED_ITEMS = 16;

type ItemMessage = PlayChunkMessage | ItemEndMessage;

/** What the page saw of one assistant item (read-only, see {@link PlayerDiagnostics}). */
export interface PlayerItemDiagnostics {
  /** Samples (at the source rate) main handed over for the item. */
  receivedSamples: number;
  /** The player's last cumulative played count (source samples). */
  playedSamples: number;
  /** AudioContext time (s) at which the item's first sample played, or null. */
  startedAt: number | null;
}

/** The player as the page sees it: per item counts and the context clock at start and stop. */
export interface PlayerDiagnostics {
  items: Record<string, PlayerItemDiagnostics>;
  /** `stop` messages the worklet acknowledged (barge-ins). */
  stops: number;
  /** AudioContext time (s) of the last acknowledged stop, or null. */
  lastStopAt: number | null;
}

export interface PlayerOutput {
  /** Hands one main → renderer message to the player. */
  handle(msg: MainToRendererAudio): void;
  /** Connects the worklet node once its module has loaded. */
  ready(node: AudioWorkletNode, destination: AudioNode, contextRate?: number): void;
  /** A snapshot for tests and troubleshooting; changes nothing. */
  diagnostics(): PlayerDiagnostics;
  dispose(): void;
}

/** @param report receives the player's played and underrun reports */
export function createPlayerOutput(report: (msg: RendererToMainAudio) => void): PlayerOutput {
  let node: AudioWorkletNode | null = null;
  let pending: ItemMessage[] = [];
  /** Items dropped from the full queue before their end arrived → samples received for them. */
  const dropped = new Map<string, number>();
  let rate = 24_000;
  const items = new Map<string, PlayerItemDiagnostics>();
  const diag = { stops: 0, lastStopAt: null as number | null };

  function itemDiag(itemId: string): PlayerItemDiagnostics {
    let entry = items.get(itemId);
    if (!entry) {
      entry = { receivedSamples: 0, playedSamples: 0, startedAt: null };
      items.set(itemId, entry);
      if (items.size > MAX_DIAGNOSED_ITEMS) items.delete(items.keys().next().value as string);
    }
    return entry;
  }

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

  /**
   * Drops every queued message of the oldest item (a partial item would never end and hold up
   * every later reply) and reports it played to its end, so main's ledger counts it finished.
   */
  function dropOldestItem(): void {
    const itemId = pending[0]?.itemId;
    if (itemId === undefined) return;
    let samples = 0;
    let ended = false;
    for (const msg of pending) {
      if (msg.itemId !== itemId) continue;
      if (msg.kind === 'play') samples += msg.pcm.length;
      else ended = true;
    }
    pending = pending.filter((msg) => msg.itemId !== itemId);
    if (!ended) {
      dropped.set(itemId, samples);
      if (dropped.size > MAX_DROPPED_ITEMS) dropped.delete(dropped.keys().next().value as string);
    }
    report({ kind: 'played', itemId, playedSamples: samples });
  }

  /** A later message of a dropped item: discarded, its samples reported played. */
  function discard(msg: ItemMessage, samplesSoFar: number): void {
    if (msg.kind === 'item_end') {
      dropped.delete(msg.itemId);
      return;
    }
    const playedSamples = samplesSoFar + msg.pcm.length;
    dropped.set(msg.itemId, playedSamples);
    report({ kind: 'played', itemId: msg.itemId, playedSamples });
  }

  function onPortMessage(event: MessageEvent): void {
    const data = event.data as {
      type?: unknown;
      itemId?: unknown;
      playedSamples?: unknown;
      count?: unknown;
      frame?: unknown;
    };
    if (data?.type === 'played' && typeof data.itemId === 'string') {
      const playedSamples = Math.max(0, Math.round(Number(data.playedSamples) || 0));
      itemDiag(data.itemId).playedSamples = playedSamples;
      report({ kind: 'played', itemId: data.itemId, playedSamples });
    } else if (data?.type === 'started' && typeof data.itemId === 'string') {
      itemDiag(data.itemId).startedAt = Number(data.frame) / rate;
    } else if (data?.type === 'stopped') {
      diag.stops++;
      diag.lastStopAt = Number(data.frame) / rate;
    } else if (data?.type === 'underrun' && typeof data.count === 'number') {
      report({ kind: 'underrun', count: Math.max(0, Math.round(data.count)) });
    }
  }

  return {
    handle(msg) {
      if (msg.kind === 'play') itemDiag(msg.itemId).receivedSamples += msg.pcm.length;
      if (msg.kind === 'stop') {
        pending = [];
        dropped.clear();
        return post(msg);
      }
      if (pending.length >= MAX_PENDING) dropOldestItem();
      const droppedSamples = dropped.get(msg.itemId);
      if (droppedSamples !== undefined) return discard(msg, droppedSamples);
      if (node) return post(msg);
      pending.push(msg);
    },
    ready(playerNode, destination, contextRate) {
      node = playerNode;
      if (contextRate) rate = contextRate;
      node.port.onmessage = onPortMessage;
      node.connect(destination);
      const queued = pending;
      pending = [];
      for (const msg of queued) post(msg);
    },
    diagnostics() {
      const snapshot: Record<string, PlayerItemDiagnostics> = {};
      for (const [id, entry] of items) snapshot[id] = { ...entry };
      return { items: snapshot, ...diag };
    },
    dispose() {
      if (node) {
        node.port.onmessage = null;
        node.disconnect();
      }
      node = null;
      pending = [];
      dropped.clear();
    },
  };
}
