import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WebSocket } from 'ws';
import { OpenAIRealtimeWebSocket } from '@openai/agents-realtime';
import { parseV2 } from '../main/realtime/parse-v2';
import { createTestApp, invoke } from '../test/support/app-harness';
import { packageVersion } from './audio-path';
import { formatTable, quantile, writeResults, type Cell } from './bench-report';
import { REPO } from './realtime/clients';
import { ReplyScript } from './realtime/mock-replies';
import { machine } from './realtime/proc-stats';

/**
 * Event throughput: server events parsed and dispatched per second, in process, on the mix a
 * recorded GA session sends (audio deltas with an audio-transcript delta every 10, the events
 * that open and close each 5 s reply, the user's turn transcribed in between). Parley: the frame
 * as its transport hands it over, through the session and every listener of the whole app (the
 * audio pipeline encoding play messages for a page link, the transcript feed, the handoff
 * machine, the inspector). The peer: `@openai/agents-realtime`'s WebSocket transport on a
 * socket that delivers the same frames, with an app's listeners for audio and transcript.
 * Parsing alone is timed too (Parley's parser against the peer's own, which runs twice per
 * frame in its transport).
 */
export const EVENT_THROUGHPUT = { replies: 40, replyFrames: 250, rounds: 5 };

type Handler = { name: string; feed(text: string): void; dispose(): Promise<void> };

/** The frames of `replies` replies, with ids of their own (`tag`). */
export function recordedMix(tag: string, replies = EVENT_THROUGHPUT.replies): string[] {
  const script = new ReplyScript(tag);
  const frames: string[] = [];
  for (let r = 0; r < replies; r++) {
    frames.push(...script.open());
    let words = '';
    for (let k = 0; k < EVENT_THROUGHPUT.replyFrames; k++) {
      const texts = script.frame(k);
      if (texts.length > 1) words += ` word${k} and`;
      frames.push(...texts);
    }
    frames.push(...script.close(words));
  }
  return frames;
}

async function parleyHandler(): Promise<Handler> {
  const { app, transports } = createTestApp({ env: { PARLEY_TALK_MODE: 'hands-free' } });
  await app.start();
  let bytesToPage = 0;
  app.attachAudio({ send: (data) => void (bytesToPage += data.byteLength) });
  await invoke(app, 'conversation.start');
  const transport = transports.latest!;
  return {
    name: 'Parley (session + whole app)',
    feed: (text) => transport.receive(text),
    dispose: () => app.dispose(),
  };
}

/** A socket for the peer's transport that delivers what the benchmark feeds it. */
function fakeSocket() {
  const listeners = new Map<string, ((event: unknown) => void)[]>();
  const socket = {
    readyState: 1,
    addEventListener: (type: string, listener: (event: unknown) => void) =>
      listeners.set(type, [...(listeners.get(type) ?? []), listener]),
    send: () => {},
    close: () => {},
  };
  const deliver = (data: string): void => {
    for (const listener of listeners.get('message') ?? []) listener({ data });
  };
  return { socket: socket as unknown as WebSocket, deliver };
}

async function peerHandler(version: string): Promise<Handler> {
  const { socket, deliver } = fakeSocket();
  const transport = new OpenAIRealtimeWebSocket({
    createWebSocket: async () => socket,
    skipOpenEventListeners: true,
  });
  await transport.connect({ apiKey: 'sk-bench-not-a-real-key', model: 'gpt-realtime' });
  let audioBytes = 0;
  let words = '';
  transport.on('audio', (event) => void (audioBytes += event.data.byteLength));
  transport.on('audio_transcript_delta', (event) => void (words += event.delta));
  transport.on('error', () => {});
  return {
    name: `agents-realtime ${version} (WebSocket transport)`,
    feed: deliver,
    dispose: async () => transport.close(),
  };
}

/** Events per second of each handler, over rounds that rotate who goes first. */
function timeHandlers(handlers: readonly Handler[], rounds: number): number[][] {
  const rates: number[][] = handlers.map(() => []);
  for (let round = -1; round < rounds; round++) {
    for (let k = 0; k < handlers.length; k++) {
      const h = (k + Math.max(0, round)) % handlers.length;
      const mix = recordedMix(`r${round}h${h}`);
      const start = performance.now();
      for (const text of mix) handlers[h]!.feed(text);
      const seconds = (performance.now() - start) / 1000;
      if (round >= 0) rates[h]!.push(mix.length / seconds);
    }
  }
  return rates;
}

/** Parsing alone: Parley's `parseV2` against the peer's parse of the same frames. */
async function parseRates(rounds: number): Promise<{ parley: number; peer: number }> {
  // The peer's parser is not exported: loaded from its file in the package.
  const file = join(REPO, 'node_modules/@openai/agents-realtime/dist/openaiRealtimeEvents.mjs');
  const events: unknown = await import(pathToFileURL(file).href);
  const peerParse = (events as { parseRealtimeEvent: (e: { data: string }) => unknown })
    .parseRealtimeEvent;
  const parse = [(text: string) => parseV2(text), (text: string) => peerParse({ data: text })];
  const rates = parse.map(() => [] as number[]);
  for (let round = -1; round < rounds; round++) {
    parse.forEach((fn, i) => {
      const mix = recordedMix(`p${round}${i}`);
      const start = performance.now();
      for (const text of mix) fn(text);
      if (round >= 0) rates[i]!.push(mix.length / ((performance.now() - start) / 1000));
    });
  }
  return { parley: quantile(rates[0]!, 0.5), peer: quantile(rates[1]!, 0.5) };
}

/** Runs the benchmark, prints its table and writes a dated JSON file to bench/results/. */
export async function runEventThroughput(): Promise<void> {
  const version = packageVersion('@openai/agents-realtime');
  const handlers = [await parleyHandler(), await peerHandler(version)];
  const rates = timeHandlers(handlers, EVENT_THROUGHPUT.rounds);
  await Promise.all(handlers.map((h) => h.dispose()));
  const parse = await parseRates(EVENT_THROUGHPUT.rounds);
  const frames = recordedMix('count').length;
  const median = rates.map((r) => quantile(r, 0.5));
  console.log(
    `\nEvent throughput — ${frames} server frames a round (${EVENT_THROUGHPUT.replies} replies of ` +
      `${EVENT_THROUGHPUT.replyFrames} audio deltas and their events), ${EVENT_THROUGHPUT.rounds} ` +
      `rounds in process, medians\n${machine()}\n`,
  );
  const headers = [
    'handling',
    'events/s',
    'vs peer',
    'µs/event',
    'parse only: events/s',
    'vs peer',
  ];
  const rows = handlers.map((h, i): Cell[] => {
    const parsed = i === 0 ? parse.parley : parse.peer;
    return [
      h.name,
      median[i]!.toFixed(0),
      `${(median[i]! / median[1]!).toFixed(2)}×`,
      (1e6 / median[i]!).toFixed(1),
      parsed.toFixed(0),
      `${(parsed / parse.peer).toFixed(2)}×`,
    ];
  });
  console.log(formatTable(headers, rows), '\n');
  const path = writeResults('event-throughput', {
    benchmark: 'event-throughput',
    machine: machine(),
    plan: { ...EVENT_THROUGHPUT, framesPerRound: frames },
    handlers: handlers.map((h, i) => ({ name: h.name, eventsPerSecond: rates[i] })),
    parseEventsPerSecond: parse,
    ratios: { dispatch: median[0]! / median[1]!, parse: parse.parley / parse.peer },
  });
  console.log(`wrote ${path}`);
}
