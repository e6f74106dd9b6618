import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { decodeAudioMessage, encodeAudioMessage } from '../../../preload/audio-wire';
import { createRandom, type Random } from '../../../bench/seeded-random';
import { reportListenerErrorsTo } from '../../../main/base/typed-emitter';
import type { FakeClock } from '../../fakes/fake-clock';
import type { FakeTransport } from '../../fakes/fake-transport';
import { attachRenderer, invoke, listTasks } from '../../support/app-harness';
import { fuzzSeed } from '../../support/contract-fuzz';
import { createEchoApp, startConversation } from '../../support/test-conversation';

const SEED = fuzzSeed(0x50a4);
/** Simulated conversation time. */
const SOAK_MS = 60 * 60_000;
/** A delegated task this often (simulated). */
const TASK_EVERY_MS = 3 * 60_000;
/** Measured after this much, once everything has reached its steady size. */
const WARM_UP_MS = 10 * 60_000;
/** Allowed growth from warm-up to the end, after a full GC. */
const MAX_HEAP_GROWTH_MB = 8;
const MAX_RSS_GROWTH_MB = 48;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const FRAME_SAMPLES = 480;
const WORDS = 'the build failed again can you look at the linker error and run the tests'.split(
  ' ',
);

function memory(): { heapMb: number; rssMb: number } {
  gc();
  gc();
  const { heapUsed, rss } = process.memoryUsage();
  return { heapMb: heapUsed / 2 ** 20, rssMb: rss / 2 ** 20 };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** One turn: the user talks (audio up, VAD, transcription), the assistant answers (audio down). */
async function turn(
  n: number,
  random: Random,
  t: {
    transport: FakeTransport;
    clock: FakeClock;
    capture: (pcm: Int16Array) => void;
    /** Samples of assistant audio the server sent. */
    sentSamples: number;
  },
  delegate: boolean,
): Promise<number> {
  const { transport, clock, capture } = t;
  const userId = `u${n}`;
  const words = Array.from({ length: random.int(4, 14) }, () => random.pick(WORDS)).join(' ');
  const userMs = random.int(2_000, 6_000);
  const pcm = new Int16Array(FRAME_SAMPLES).map((_, i) => Math.round(2_000 * Math.sin(i / 3)));
  transport.receive({ type: 'input_audio_buffer.speech_started', item_id: userId });
  for (let ms = 0; ms < userMs; ms += 20) {
    capture(pcm);
    clock.advance(20);
    if (ms % 1_000 === 0) {
      transport.receive({
        type: 'conversation.item.input_audio_transcription.delta',
        item_id: userId,
        delta: ` ${random.pick(WORDS)}`,
      });
    }
  }
  transport.receive({ type: 'input_audio_buffer.speech_stopped', item_id: userId });
  transport.receive({ type: 'input_audio_buffer.committed', item_id: userId });
  const prompt = delegate ? `please echo soak-task-${n}` : words;
  transport.receive({
    type: 'conversation.item.input_audio_transcription.completed',
    item_id: userId,
    transcript: prompt,
  });
  if (delegate) {
    transport.receive({
      type: 'conversation.item.done',
      item: {
        id: `fc${n}`,
        type: 'function_call',
        call_id: `call${n}`,
        name: 'background_agent',
        arguments: JSON.stringify({ prompt }),
      },
    });
  }
  const replyMs = random.int(3_000, 9_000);
  const answer = `a${n}`;
  transport.receive({ type: 'response.created', response: { id: `r${n}` } });
  const delta = Buffer.from(
    new Int16Array(2_400).map((_, i) => Math.round(3_000 * Math.sin(i / 5))).buffer,
  ).toString('base64');
  for (let ms = 0; ms < replyMs; ms += 100) {
    t.sentSamples += 2_400;
    transport.receive({
      type: 'response.output_audio.delta',
      response_id: `r${n}`,
      item_id: answer,
      delta,
    });
    if (ms % 500 === 0) {
      transport.receive({
        type: 'response.output_audio_transcript.delta',
        item_id: answer,
        delta: ` ${random.pick(WORDS)}`,
      });
    }
    for (let f = 0; f < 5; f++) {
      capture(new Int16Array(FRAME_SAMPLES));
      clock.advance(20);
    }
  }
  transport.receive({
    type: 'response.output_audio_transcript.done',
    item_id: answer,
    transcript: words,
  });
  transport.receive({ type: 'response.done', response: { id: `r${n}`, status: 'completed' } });
  const pauseMs = random.int(500, 3_000);
  clock.advance(pauseMs);
  await tick();
  return userMs + replyMs + pauseMs;
}

describe(`soak: an hour of conversation, replayed fast (seed ${SEED})`, () => {
  it('audio both ways, transcripts and a task every few minutes: memory stays flat, nothing leaks after dispose', async () => {
    const listenerErrors: unknown[] = [];
    const restore = reportListenerErrorsTo((error) => listenerErrors.push(error));
    const random = createRandom(SEED);
    const t = createEchoApp('v2', () => {});
    const played = new Map<string, number>();
    let playChunks = 0;
    let playedSamples = 0;
    let rendererLink: ReturnType<typeof attachRenderer> | null = null;
    rendererLink = attachRenderer(t.app, (data) => {
      const msg = decodeAudioMessage(data);
      if (msg.kind !== 'play') return;
      playChunks++;
      playedSamples += msg.pcm.length;
      const total = (played.get(msg.itemId) ?? 0) + msg.pcm.length;
      played.set(msg.itemId, total);
      // The player reports what it played, as the renderer's worklet does.
      rendererLink?.link.receive(
        encodeAudioMessage({ kind: 'played', itemId: msg.itemId, playedSamples: total }),
      );
    });
    const resourcesBefore = countResources();
    expect((await t.app.start()).ok).toBe(true);
    let captured = 0;
    const io = {
      transport: await startConversation(t, 'v2'),
      clock: t.clock,
      sentSamples: 0,
      capture: (pcm: Int16Array) => {
        captured++;
        rendererLink.capture(pcm);
      },
    };
    let simulated = 0;
    let turns = 0;
    let nextTask = TASK_EVERY_MS;
    let warm: { heapMb: number; rssMb: number } | null = null;
    const started = performance.now();
    while (simulated < SOAK_MS) {
      const delegate = simulated >= nextTask;
      if (delegate) nextTask += TASK_EVERY_MS;
      simulated += await turn(++turns, random, io, delegate);
      // The session rotates to a fresh socket before the server's hour is up: follow it.
      io.transport = t.transports.latest!;
      for (const made of t.transports.made) made.sent.length = 0;
      played.clear();
      if (!warm && simulated >= WARM_UP_MS) warm = memory();
    }
    await expect
      .poll(() => listTasks(t.app).every((task) => task.status === 'done'), { timeout: 10_000 })
      .toBe(true);
    const end = memory();
    const tasks = listTasks(t.app);
    const transcript = await invoke(t.app, 'conversation.transcript');
    const wallMs = performance.now() - started;
    await t.app.dispose();
    restore();
    const heapGrowth = end.heapMb - warm!.heapMb;
    const rssGrowth = end.rssMb - warm!.rssMb;
    console.log(
      `soak seed=${SEED}: ${Math.round(simulated / 60_000)} simulated minutes in ${(wallMs / 1000).toFixed(1)} s, ` +
        `${turns} turns, ${t.transports.made.length - 1} socket rotations, ${tasks.length} tasks, ${captured} capture frames up, ${playChunks} audio chunks played, transcript ${transcript.length} entries; ` +
        `heap ${warm!.heapMb.toFixed(1)} → ${end.heapMb.toFixed(1)} MB (${heapGrowth >= 0 ? '+' : ''}${heapGrowth.toFixed(1)}), ` +
        `RSS ${warm!.rssMb.toFixed(0)} → ${end.rssMb.toFixed(0)} MB (${rssGrowth >= 0 ? '+' : ''}${rssGrowth.toFixed(0)})`,
    );
    expect(listenerErrors).toEqual([]);
    expect(tasks.length).toBeGreaterThanOrEqual(SOAK_MS / TASK_EVERY_MS - 1);
    expect(tasks.every((task) => task.result?.includes('please echo soak-task-'))).toBe(true);
    // Every sample the server sent reached the page, however the chunks were batched.
    expect(playedSamples).toBe(io.sentSamples);
    expect(playChunks).toBeGreaterThan(turns);
    expect(heapGrowth).toBeLessThan(MAX_HEAP_GROWTH_MB);
    expect(rssGrowth).toBeLessThan(MAX_RSS_GROWTH_MB);
    expect(t.app.listenerCount()).toBe(0);
    expect(t.clock.pendingTimers()).toBe(0);
    expect(t.wallClock.pendingTimers()).toBe(0);
    await expect
      .poll(() => countResources().ProcessWrap ?? 0)
      .toBeLessThanOrEqual(resourcesBefore.ProcessWrap ?? 0);
  });
});

/** Live handles of this process by kind (child processes, sockets, timers). */
function countResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}
