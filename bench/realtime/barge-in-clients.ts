import { WebSocket } from 'ws';
import { OpenAIRealtimeWebSocket } from '@openai/agents-realtime';
import { decodeAudioMessage } from '../../preload/audio-wire';
import { FakePlayer } from './fake-player';
import { startInProcessApp, type InProcessApp } from './in-process-app';

/** One truncate as the client sent it, timed in process. */
export interface SentTruncate {
  itemId: string;
  audioEndMs: number;
  /** What the player had really played of the item when the truncate was sent. */
  playedMs: number;
  /** From the `speech_started` frame's arrival to the truncate's `send`, in ms. */
  inProcessMs: number;
}

/** A client under the barge-in benchmark, in this process. */
export interface BargeInClient {
  name: string;
  role: string;
  /** Truncates sent so far, in order. */
  truncates: SentTruncate[];
  dispose(): Promise<void>;
}

const SPEECH_STARTED = '"input_audio_buffer.speech_started"';
const TRUNCATE = '"conversation.item.truncate"';

/** Times a socket's traffic: the arrival of `speech_started`, the sending of truncates. */
class TruncateClock {
  private arrivedAt: number | null = null;
  readonly truncates: SentTruncate[] = [];

  constructor(private readonly player: FakePlayer) {}

  received(text: string): void {
    if (text.includes(SPEECH_STARTED)) this.arrivedAt = performance.now();
  }

  sent(text: string): void {
    if (!text.includes(TRUNCATE)) return;
    const now = performance.now();
    const event = JSON.parse(text) as { item_id: string; audio_end_ms: number };
    this.truncates.push({
      itemId: event.item_id,
      audioEndMs: event.audio_end_ms,
      playedMs: this.player.playedMs(event.item_id),
      inProcessMs: this.arrivedAt === null ? Number.NaN : now - this.arrivedAt,
    });
  }
}

/**
 * The whole app with its production effects (ws to the mock, settings and history on a temp
 * dir), its renderer link played by a {@link FakePlayer} in this process; the transport is
 * timed where the frames enter and leave it.
 */
export async function startParleyInProcess(url: string, role: string): Promise<BargeInClient> {
  let parley: InProcessApp | null = null;
  const player = new FakePlayer((reports) => {
    for (const r of reports) parley?.played(r.itemId, r.playedSamples);
  });
  const timing = new TruncateClock(player);
  parley = await startInProcessApp(url, {
    onPageMessage: (data) => {
      const msg = decodeAudioMessage(data);
      if (msg.kind === 'play') player.play(msg.itemId, msg.pcm);
      else if (msg.kind === 'item_end') player.end(msg.itemId);
      else if (msg.kind === 'stop') player.stop();
    },
    watchTransport: (transport) => {
      // Subscribed before the app's own listeners: the stamp is the frame's arrival.
      transport.on('message', (text) => timing.received(text));
      const send = transport.send.bind(transport);
      transport.send = (text) => {
        send(text);
        timing.sent(text);
      };
    },
  });
  player.run();
  const running = parley;
  return {
    name: 'Parley (whole app, played position)',
    role,
    truncates: timing.truncates,
    dispose: async () => {
      player.dispose();
      await running.dispose();
    },
  };
}

/** The peer's transport, with the item its audio belongs to in view (the player keys by it). */
class ItemTrackingTransport extends OpenAIRealtimeWebSocket {
  get itemId(): string | undefined {
    return this.currentItemId;
  }
}

/**
 * `@openai/agents-realtime`'s WebSocket transport on a real socket to the mock, its audio played
 * by the same {@link FakePlayer} as Parley's page (stopped on its `audio_interrupted`).
 */
export async function startPeerInProcess(
  url: string,
  role: string,
  version: string,
): Promise<BargeInClient> {
  const player = new FakePlayer(() => {});
  const timing = new TruncateClock(player);
  const transport = new ItemTrackingTransport({
    url,
    createWebSocket: async ({ url: target, apiKey }) => {
      const socket = new WebSocket(target, { headers: { Authorization: `Bearer ${apiKey}` } });
      socket.addEventListener('message', (event) => timing.received(String(event.data)));
      const send = socket.send.bind(socket);
      socket.send = ((data: string) => {
        send(data);
        timing.sent(data);
      }) as typeof socket.send;
      return socket;
    },
  });
  transport.on('audio', (event) => {
    const itemId = transport.itemId ?? 'unknown';
    player.play(itemId, new Int16Array(event.data));
  });
  transport.on('audio_interrupted', () => player.stop());
  transport.on('error', () => {});
  player.run();
  await transport.connect({
    apiKey: 'sk-bench-not-a-real-key',
    model: 'gpt-realtime',
    initialSessionConfig: {
      audio: { input: { turnDetection: { type: 'server_vad', interruptResponse: true } } },
    },
  });
  return {
    name: `agents-realtime ${version} (elapsed since first audio)`,
    role,
    truncates: timing.truncates,
    dispose: async () => {
      player.dispose();
      transport.close();
    },
  };
}
