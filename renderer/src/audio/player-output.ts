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
  return new WorkletPlayer(report);
}

class WorkletPlayer implements PlayerOutput {
  private node: AudioWorkletNode | null = null;
  private pending: ItemMessage[] = [];
  /** Items dropped from the full queue before their end arrived → samples received for them. */
  private readonly dropped = new Map<string, number>();
  private rate = 24_000;
  private readonly items = new Map<string, PlayerItemDiagnostics>();
  private readonly diag = { stops: 0, lastStopAt: null as number | null };

  constructor(private readonly report: (msg: RendererToMainAudio) => void) {}

  handle(msg: MainToRendererAudio): void {
    if (msg.kind === 'play') this.itemDiag(msg.itemId).receivedSamples += msg.pcm.length;
    if (msg.kind === 'stop') {
      this.pending = [];
      this.dropped.clear();
      return this.post(msg);
    }
    if (this.pending.length >= MAX_PENDING) this.dropOldestItem();
    const droppedSamples = this.dropped.get(msg.itemId);
    if (droppedSamples !== undefined) return this.discard(msg, droppedSamples);
    if (this.node) return this.post(msg);
    this.pending.push(msg);
  }

  ready(playerNode: AudioWorkletNode, destination: AudioNode, contextRate?: number): void {
    this.node = playerNode;
    if (contextRate) this.rate = contextRate;
    playerNode.port.onmessage = (event) => this.onPortMessage(event);
    playerNode.connect(destination);
    const queued = this.pending;
    this.pending = [];
    for (const msg of queued) this.post(msg);
  }

  diagnostics(): PlayerDiagnostics {
    const snapshot: Record<string, PlayerItemDiagnostics> = {};
    for (const [id, entry] of this.items) snapshot[id] = { ...entry };
    return { items: snapshot, ...this.diag };
  }

  dispose(): void {
    if (this.node) {
      this.node.port.onmessage = null;
      this.node.disconnect();
    }
    this.node = null;
    this.pending = [];
    this.dropped.clear();
  }

  private itemDiag(itemId: string): PlayerItemDiagnostics {
    let entry = this.items.get(itemId);
    if (!entry) {
      entry = { receivedSamples: 0, playedSamples: 0, startedAt: null };
      this.items.set(itemId, entry);
      if (this.items.size > MAX_DIAGNOSED_ITEMS) {
        this.items.delete(this.items.keys().next().value as string);
      }
    }
    return entry;
  }

  private post(msg: MainToRendererAudio): void {
    const node = this.node;
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
  private dropOldestItem(): void {
    const itemId = this.pending[0]?.itemId;
    if (itemId === undefined) return;
    let samples = 0;
    let ended = false;
    for (const msg of this.pending) {
      if (msg.itemId !== itemId) continue;
      if (msg.kind === 'play') samples += msg.pcm.length;
      else ended = true;
    }
    this.pending = this.pending.filter((msg) => msg.itemId !== itemId);
    if (!ended) {
      this.dropped.set(itemId, samples);
      if (this.dropped.size > MAX_DROPPED_ITEMS) {
        this.dropped.delete(this.dropped.keys().next().value as string);
      }
    }
    this.report({ kind: 'played', itemId, playedSamples: samples });
  }

  /** A later message of a dropped item: discarded, its samples reported played. */
  private discard(msg: ItemMessage, samplesSoFar: number): void {
    if (msg.kind === 'item_end') {
      this.dropped.delete(msg.itemId);
      return;
    }
    const playedSamples = samplesSoFar + msg.pcm.length;
    this.dropped.set(msg.itemId, playedSamples);
    this.report({ kind: 'played', itemId: msg.itemId, playedSamples });
  }

  private onPortMessage(event: MessageEvent): void {
    const data = event.data as {
      type?: unknown;
      itemId?: unknown;
      playedSamples?: unknown;
      count?: unknown;
      frame?: unknown;
    };
    if (data?.type === 'played' && typeof data.itemId === 'string') {
      const playedSamples = Math.max(0, Math.round(Number(data.playedSamples) || 0));
      this.itemDiag(data.itemId).playedSamples = playedSamples;
      this.report({ kind: 'played', itemId: data.itemId, playedSamples });
    } else if (data?.type === 'started' && typeof data.itemId === 'string') {
      this.itemDiag(data.itemId).startedAt = Number(data.frame) / this.rate;
    } else if (data?.type === 'stopped') {
      this.diag.stops++;
      this.diag.lastStopAt = Number(data.frame) / this.rate;
    } else if (data?.type === 'underrun' && typeof data.count === 'number') {
      this.report({ kind: 'underrun', count: Math.max(0, Math.round(data.count)) });
    }
  }
}
