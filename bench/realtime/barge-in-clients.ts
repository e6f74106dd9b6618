import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { OpenAIRealtimeWebSocket } from '@openai/agents-realtime';
import { decodeAudioMessage, encodeAudioMessage } from '../../preload/audio-wire';
import { createProductionDeps } from '../../main/app/boot';
import { createParleyApp } from '../../main/app/create-parley-app';
import type { RealtimeTransport } from '../../main/realtime/transport';
import { systemClock } from '../../main/base/clock';
import { parseEnvConfig } from '../../main/config/env-config';
import { WsTransport } from '../../main/realtime/ws-transport';
import { FileSecretStore } from '../../main/store/file-secret-store';
import { invoke } from '../../test/support/app-harness';
import { FakePlayer } from './fake-player';

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
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-barge-'));
  const env = {
    OPENAI_API_KEY: 'sk-bench-not-a-real-key',
    PARLEY_REALTIME_URL: url,
    PARLEY_TALK_MODE: 'hands-free',
    PARLEY_DELEGATE: 'command',
    PARLEY_DELEGATE_COMMAND: 'cat',
    PARLEY_WORKSPACE: dataDir,
  };
  const parsed = parseEnvConfig(env);
  const deps = createProductionDeps({
    host: 'browser',
    version: '0.0.0-bench',
    env: parsed,
    log: () => {},
    dataDir,
    knownKeys: new Set([env.OPENAI_API_KEY]),
    secretStore: new FileSecretStore(dataDir),
    environment: { PATH: process.env.PATH ?? '', HOME: dataDir },
  });
  let link: { receive(data: ArrayBuffer | Uint8Array): void } | null = null;
  const player = new FakePlayer((reports) => {
    for (const r of reports) link?.receive(encodeAudioMessage({ kind: 'played', ...r }));
  });
  const timing = new TruncateClock(player);
  deps.createTransport = (endpoint) => timed(endpoint.url, endpoint.headers, timing);
  deps.readStartupContext = async () => '';
  const app = createParleyApp(deps);
  const started = await app.start();
  if (!started.ok) throw new Error(started.error.message);
  link = app.attachAudio({
    send: (data) => {
      const msg = decodeAudioMessage(data);
      if (msg.kind === 'play') player.play(msg.itemId, msg.pcm);
      else if (msg.kind === 'item_end') player.end(msg.itemId);
      else if (msg.kind === 'stop') player.stop();
    },
  });
  player.run();
  await invoke(app, 'conversation.start');
  return {
    name: 'Parley (whole app, played position)',
    role,
    truncates: timing.truncates,
    dispose: async () => {
      player.dispose();
      await app.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function timed(url: string, headers: Record<string, string>, timing: TruncateClock): RealtimeTransport {
  const transport = new WsTransport({ url, headers, clock: systemClock });
  // Subscribed before the app's own listeners: the stamp is the frame's arrival.
  transport.on('message', (text) => timing.received(text));
  const send = transport.send.bind(transport);
  transport.send = (text) => {
    send(text);
    timing.sent(text);
  };
  return transport;
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
  const transport = new OpenAIRealtimeWebSocket({
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
    const itemId = transport.currentItemId ?? 'unknown';
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
