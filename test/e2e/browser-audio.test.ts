/**
 * Browser end-to-end audio (issue 5, Tests): the built renderer in Debian Chromium with a fake
 * microphone playing a sentence spoken by espeak-ng, `parley serve` (V2, hands-free, listen on
 * start) and a scripted realtime server on loopback.
 *
 * - Capture: with no click, the server receives `input_audio_buffer.append` frames of exactly
 *   20 ms of 24 kHz PCM16 whose speech span matches the WAV's within 5 % and whose 20 ms level
 *   envelope correlates with the WAV's (and not with the reversed WAV or another sentence).
 * - Playback and barge-in: server audio deltas play; a server `speech_started` produces a
 *   `conversation.item.truncate` whose `audio_end_ms` is within 40 ms of what the page's player
 *   actually played (read from the page, not from main's ledger); no truncate when nothing of an
 *   item was played; late deltas of an interrupted item never reach the player.
 * - Main-process CPU per minute of duplex audio is measured and printed.
 *
 * The played position comes from `window.parleyAudioDiagnostics()`, a read-only snapshot of the
 * renderer's audio engine: the AudioContext clock and, per item, the samples main handed over,
 * the player worklet's cumulative played count (its last report is the final count at stop) and
 * the context time its first sample played.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startScriptedRealtimeServer,
  type RecordedMessage,
  type ScriptedRealtimeServer,
} from '../fakes/scripted-realtime-server';
import { startParley, type ParleyProcess } from '../support/parley-process';
import {
  activeSpan,
  bestCorrelation,
  decodeBase64Pcm16,
  encodeBase64Pcm16,
  FRAME_SAMPLES,
  requireTool,
  rmsEnvelope,
  speak,
  toDb,
  tone24k,
  type SpokenWav,
} from './support/audio-analysis';
import { artifactsDir, launchChromium } from './support/chromium';

/** The page's read-only audio snapshot (renderer/src/audio/types.ts `AudioDiagnostics`). */
interface AudioDiagnostics {
  context: { state: string; sampleRate: number; currentTime: number } | null;
  capturing: boolean;
  framesSent: number;
  player: {
    items: Record<
      string,
      { receivedSamples: number; playedSamples: number; startedAt: number | null }
    >;
    stops: number;
    lastStopAt: number | null;
  };
}

const RATE = 24_000;
const SENTENCE = 'Parley, please run the test suite and tell me what broke.';
const OTHER_SENTENCE = 'The weather tomorrow looks sunny with a light breeze from the west.';
/**
 * Correlation bar for the dB envelopes of the captured speech and the WAV. Measured on this
 * machine over seven runs: 0.91–0.96 for the same sentence (Chromium's AGC, noise suppression
 * and echo cancellation reshape levels, not timing), 0.30–0.33 for the reversed WAV and
 * 0.31–0.33 for another sentence. 0.8 sits well between the two.
 */
const MIN_CORRELATION = 0.8;
/** The controls (reversed WAV, another sentence) must stay this far below the real match. */
const MAX_CONTROL_CORRELATION = 0.6;
const TRUNCATE_TOLERANCE_MS = 40;

function diagnostics(page: Page): Promise<AudioDiagnostics | null> {
  return page.evaluate(() => {
    const hook = (globalThis as { parleyAudioDiagnostics?: () => unknown }).parleyAudioDiagnostics;
    return (hook ? hook() : null) as AudioDiagnostics | null;
  });
}

/** Resolves once `itemId` has played for `seconds` by the page's AudioContext clock. */
async function waitUntilPlayed(page: Page, itemId: string, seconds: number): Promise<void> {
  await page.waitForFunction(
    ({ id, s }) => {
      const hook = (globalThis as { parleyAudioDiagnostics?: () => unknown })
        .parleyAudioDiagnostics;
      const d = (hook ? hook() : null) as AudioDiagnostics | null;
      const started = d?.player.items[id]?.startedAt;
      return d?.context != null && started != null && d.context.currentTime - started >= s;
    },
    { id: itemId, s: seconds },
    { polling: 10, timeout: 30_000 },
  );
}

/** Resolves with the snapshot once the player has acknowledged `count` stops. */
async function waitForStops(page: Page, count: number): Promise<AudioDiagnostics> {
  await expect
    .poll(async () => (await diagnostics(page))?.player.stops, { timeout: 20_000, interval: 50 })
    .toBeGreaterThanOrEqual(count);
  return (await diagnostics(page)) as AudioDiagnostics;
}

/** V2 audio deltas for `itemId`: `samples` cut into `chunkMs` pieces. */
function audioDeltas(itemId: string, samples: Int16Array, chunkMs = 100): object[] {
  const chunk = (RATE * chunkMs) / 1000;
  const deltas: object[] = [];
  for (let at = 0; at < samples.length; at += chunk) {
    deltas.push({
      type: 'response.output_audio.delta',
      response_id: `resp_${itemId}`,
      item_id: itemId,
      output_index: 0,
      content_index: 0,
      delta: encodeBase64Pcm16(samples.subarray(at, at + chunk)),
    });
  }
  return deltas;
}

/** utime + stime of a process in seconds (Linux /proc). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // fields 14 and 15 of stat(5)
  const hz = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return ticks / hz;
}

describe('audio in the browser host: fake microphone, playback and barge-in (V2)', () => {
  let server: ScriptedRealtimeServer;
  let parley: ParleyProcess;
  let browser: BrowserContext;
  let page: Page;
  let sentence: SpokenWav;
  let other: SpokenWav;

  beforeAll(async () => {
    requireTool('espeak-ng', 'the audio test speaks its sentence with espeak-ng');
    requireTool('sox', 'the audio test converts and resamples WAVs with sox');
    const dir = mkdtempSync(join(tmpdir(), 'parley-audio-e2e-'));
    sentence = speak(dir, 'sentence', SENTENCE);
    other = speak(dir, 'other', OTHER_SENTENCE);
    server = await startScriptedRealtimeServer({
      script: [
        { waitFor: 'session.update', timeoutMs: 30_000 },
        { send: { type: 'session.updated', session: { id: 'sess_audio' } } },
      ],
    });
    parley = startParley([], {
      OPENAI_API_KEY: 'sk-browser-audio-e2e-000001',
      PARLEY_REALTIME_URL: server.url,
      PARLEY_TALK_MODE: 'hands-free',
      PARLEY_LISTEN_ON_START: '1',
      PARLEY_WORKSPACE: process.cwd(),
    });
    const url = String((await parley.waitFor((r) => r.event === 'host.listening')).url);
    // Listen on start: the conversation is live before any page exists.
    await parley.waitFor((r) => r.event === 'session.state' && r.state === 'live', 30_000);
    // Chromium's default autoplay policy, as a user's browser has it: no flag makes audio run.
    browser = await launchChromium([`--use-file-for-fake-audio-capture=${sentence.wav}%noloop`], {
      defaultAutoplayPolicy: true,
    });
    mkdirSync(artifactsDir, { recursive: true });
    page = await browser.newPage();
    await page.goto(url);
  });

  afterAll(async () => {
    await browser?.close();
    await parley?.stop();
    await server?.close();
  });

  it('captures with no click and the server receives the sentence as 20 ms 24 kHz PCM16 frames', async () => {
    // No click, key or pointer event, and nothing run in the page (Playwright's evaluate counts
    // as a user gesture) until the frames are in: capture must start, and the AudioContext run,
    // by themselves.
    const appends = (): RecordedMessage[] => server.messagesOfType('input_audio_buffer.append');
    const wavFrames = Math.ceil(sentence.reference24k.length / FRAME_SAMPLES);
    const loud = (m: RecordedMessage): boolean =>
      (rmsEnvelope(decodeBase64Pcm16(String(m.json?.audio)))[0] ?? 0) > 0.05;
    // Mid-sentence (a screenshot runs no script in the page): the level meter moves.
    await server.waitForMessage((m) => m.type === 'input_audio_buffer.append' && loud(m), 60_000);
    await page.screenshot({ path: join(artifactsDir, 'audio-capturing.png') });
    // The whole WAV (its 0.5 s trailing pad included) plus 0.5 s of the live track's silence.
    await expect
      .poll(() => appends().length, {
        timeout: 60_000,
        interval: 100,
        message: 'capture frames reaching the server with no click (listen on start)',
      })
      .toBeGreaterThanOrEqual(wavFrames + 25);

    const frames = appends().map((m) => decodeBase64Pcm16(String(m.json?.audio)));
    const sizes = new Set(frames.map((f) => f.length));
    expect([...sizes]).toEqual([FRAME_SAMPLES]);
    const captured = new Int16Array(frames.length * FRAME_SAMPLES);
    frames.forEach((f, i) => captured.set(f, i * FRAME_SAMPLES));

    const page0 = await diagnostics(page);
    expect(page0?.context).toMatchObject({ state: 'running', sampleRate: RATE });
    expect(page0?.capturing).toBe(true);

    const capturedEnvelope = rmsEnvelope(captured);
    const referenceEnvelope = rmsEnvelope(sentence.reference24k);
    const capturedSpan = activeSpan(capturedEnvelope);
    const referenceSpan = activeSpan(referenceEnvelope);
    expect(capturedSpan, 'the server received only silence').not.toBeNull();
    const durationError = (capturedSpan!.ms - referenceSpan!.ms) / referenceSpan!.ms;

    const speech = (env: number[], span: NonNullable<ReturnType<typeof activeSpan>>): number[] =>
      toDb(env.slice(span.start, span.end + 1));
    const heard = speech(capturedEnvelope, capturedSpan!);
    const said = speech(referenceEnvelope, referenceSpan!);
    const match = bestCorrelation(heard, said);
    const reversed = bestCorrelation(heard, [...said].reverse());
    const otherEnvelope = rmsEnvelope(other.reference24k);
    const otherSentence = bestCorrelation(heard, speech(otherEnvelope, activeSpan(otherEnvelope)!));
    console.log(
      `[browser-audio] capture: ${frames.length} frames of ${FRAME_SAMPLES} samples; speech ` +
        `${capturedSpan!.ms} ms vs WAV ${referenceSpan!.ms} ms ` +
        `(${(durationError * 100).toFixed(2)} %); envelope correlation ` +
        `${match.correlation.toFixed(3)} at lag ${match.lag * 20} ms, reversed WAV ` +
        `${reversed.correlation.toFixed(3)}, other sentence ${otherSentence.correlation.toFixed(3)}`,
    );

    expect(Math.abs(durationError)).toBeLessThanOrEqual(0.05);
    expect(match.correlation).toBeGreaterThanOrEqual(MIN_CORRELATION);
    // The bar is not vacuous: the same speech reversed, or another sentence, fail it by far.
    expect(reversed.correlation).toBeLessThan(MAX_CONTROL_CORRELATION);
    expect(otherSentence.correlation).toBeLessThan(MAX_CONTROL_CORRELATION);
    expect(
      match.correlation - Math.max(reversed.correlation, otherSentence.correlation),
    ).toBeGreaterThan(0.3);
  });

  it('plays server audio and barge-in truncates at the played position; nothing played, no truncate; late deltas dropped', async () => {
    const truncates = (): RecordedMessage[] => server.messagesOfType('conversation.item.truncate');
    const a1 = tone24k(5 * RATE, 440);

    // A reply: all 5 s of a1 arrive at once (faster than real time, as from the real API).
    const said = 'One, two, three, four, five, six, seven, eight, nine, ten.';
    server.sendToAll({ type: 'response.created', response: { id: 'resp_a1' } });
    server.sendToAll({
      type: 'response.output_audio_transcript.delta',
      response_id: 'resp_a1',
      item_id: 'a1',
      delta: said,
    });
    for (const delta of audioDeltas('a1', a1)) server.sendToAll(delta);
    await waitUntilPlayed(page, 'a1', 0.2);
    await expect
      .poll(() => page.getByTestId('status-label').textContent(), { timeout: 20_000 })
      .toBe('Assistant speaking');
    await page.screenshot({ path: join(artifactsDir, 'audio-speaking.png') });
    await waitUntilPlayed(page, 'a1', 1.2);

    // The user speaks: barge-in.
    server.sendToAll({ type: 'input_audio_buffer.speech_started', item_id: 'u_barge_1' });
    const truncate = await server.waitForMessage('conversation.item.truncate', 20_000);
    expect(truncate.json).toMatchObject({ item_id: 'a1', content_index: 0 });
    const afterStop = await waitForStops(page, 1);
    const played = afterStop.player.items.a1!;
    const playedMs = (played.playedSamples * 1000) / RATE;
    const endMs = Number(truncate.json?.audio_end_ms);
    // The page's own clock agrees with the played count (no underrun, real-time output).
    const clockMs = (afterStop.player.lastStopAt! - played.startedAt!) * 1000;
    console.log(
      `[browser-audio] barge-in a1: truncate audio_end_ms ${endMs}, page played ${playedMs.toFixed(1)} ms ` +
        `(context clock ${clockMs.toFixed(1)} ms), error ${(endMs - playedMs).toFixed(1)} ms`,
    );
    expect(Math.abs(endMs - playedMs)).toBeLessThanOrEqual(TRUNCATE_TOLERANCE_MS);
    expect(Math.abs(clockMs - playedMs)).toBeLessThanOrEqual(15);
    expect(playedMs).toBeGreaterThanOrEqual(1200);
    expect(playedMs).toBeLessThan(4000); // cut, not played out
    expect(played.receivedSamples).toBe(a1.length);
    await expect
      .poll(() => page.getByTestId('status-label').textContent(), { timeout: 20_000 })
      .not.toBe('Assistant speaking');
    // The transcript marks what the user did not hear (about the last three quarters).
    const line = page.getByTestId('transcript-line').last();
    await expect.poll(() => line.locator('.line-unheard').count(), { timeout: 20_000 }).toBe(1);
    const unheard = (await line.locator('.line-unheard').textContent()) ?? '';
    expect(said.endsWith(unheard)).toBe(true);
    expect(unheard.length).toBeGreaterThan(said.length / 2);
    await page.screenshot({ path: join(artifactsDir, 'audio-after-barge-in.png') });

    // Late deltas of a1 after the barge-in, then the reply ends.
    for (const delta of audioDeltas('a1', tone24k(RATE, 440))) server.sendToAll(delta);
    server.sendToAll({ type: 'response.done', response: { id: 'resp_a1' } });

    // Nothing of the next reply has arrived yet: speech_started must not truncate anything.
    server.sendToAll({ type: 'response.created', response: { id: 'resp_a2' } });
    server.sendToAll({ type: 'input_audio_buffer.speech_started', item_id: 'u_barge_2' });
    // 40 ms of a2 arrives, below the player's 80 ms start threshold: received, never played.
    for (const delta of audioDeltas('a2', tone24k(960, 330), 40)) server.sendToAll(delta);
    server.sendToAll({ type: 'input_audio_buffer.speech_started', item_id: 'u_barge_3' });
    const afterSecondStop = await waitForStops(page, 2);
    expect(afterSecondStop.player.items.a2).toMatchObject({ playedSamples: 0, startedAt: null });

    // A third reply plays and is cut: its truncate comes after the ones above would have, so
    // it proves they were never sent (events are handled and sent in order).
    server.sendToAll({ type: 'response.created', response: { id: 'resp_a3' } });
    const a3 = tone24k(2 * RATE, 550);
    for (const delta of audioDeltas('a3', a3)) server.sendToAll(delta);
    await waitUntilPlayed(page, 'a3', 0.5);
    server.sendToAll({ type: 'input_audio_buffer.speech_started', item_id: 'u_barge_4' });
    await expect.poll(() => truncates().length, { timeout: 20_000 }).toBe(2);
    const final = await waitForStops(page, 3);
    expect(truncates().map((t) => t.json?.item_id)).toEqual(['a1', 'a3']);
    const a3End = Number(truncates()[1]!.json?.audio_end_ms);
    const a3PlayedMs = (final.player.items.a3!.playedSamples * 1000) / RATE;
    console.log(
      `[browser-audio] barge-in a3: truncate audio_end_ms ${a3End}, page played ` +
        `${a3PlayedMs.toFixed(1)} ms, error ${(a3End - a3PlayedMs).toFixed(1)} ms`,
    );
    expect(Math.abs(a3End - a3PlayedMs)).toBeLessThanOrEqual(TRUNCATE_TOLERANCE_MS);

    // The late a1 deltas never reached the page, and a1 did not play on.
    expect(final.player.items.a1).toEqual(played);
    expect(final.player.items.a2?.playedSamples).toBe(0);
  });

  it('measures main-process CPU per minute of duplex audio', async () => {
    const pid = parley.child.pid!;
    const seconds = 15;
    const chunkMs = 100;
    const before = server.messagesOfType('input_audio_buffer.append').length;
    server.sendToAll({ type: 'response.created', response: { id: 'resp_cpu' } });
    const cpu0 = cpuSeconds(pid);
    const t0 = performance.now();
    // The server streams in real time (one 100 ms delta per 100 ms) while the microphone streams.
    let sent = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const due = Math.floor((performance.now() - t0) / chunkMs) + 1;
        while (sent < due && sent < (seconds * 1000) / chunkMs) {
          const samples = tone24k((RATE * chunkMs) / 1000, 440, 0.3, sent * 0.1);
          server.sendToAll(audioDeltas('cpu1', samples, chunkMs)[0]!);
          sent++;
        }
        if (sent >= (seconds * 1000) / chunkMs) {
          clearInterval(timer);
          resolve();
        }
      }, 20);
    });
    const wall = (performance.now() - t0) / 1000;
    const cpu = cpuSeconds(pid) - cpu0;
    const upFrames = server.messagesOfType('input_audio_buffer.append').length - before;
    const snapshot = await diagnostics(page);
    const playedS = (snapshot?.player.items.cpu1?.playedSamples ?? 0) / RATE;
    const perMinute = (cpu / wall) * 60;
    console.log(
      `[browser-audio] CPU: ${cpu.toFixed(2)} s of main-process CPU over ${wall.toFixed(1)} s of ` +
        `duplex audio (${upFrames} frames up, ${playedS.toFixed(1)} s played) = ` +
        `${perMinute.toFixed(2)} CPU-s per minute (${((cpu / wall) * 100).toFixed(1)} % of a core)`,
    );
    // Both directions really ran during the window.
    expect(upFrames).toBeGreaterThan((wall * 1000 * 0.8) / 20);
    expect(playedS).toBeGreaterThan(seconds * 0.8);
    // A loose ceiling: a regression to busy loops or per-sample logging would blow through it.
    expect(perMinute).toBeLessThan(30);
  });
});
