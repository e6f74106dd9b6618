import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../preload/schemas/settings';
import type { Result } from '../../../preload/contract';
import { createRandom } from '../../../bench/seeded-random';
import type { AppEvent } from '../../../main/app/parley-app';
import { createAccessToken } from '../../../main/host/access-token';
import { startBrowserHost, type BrowserHost } from '../../../main/host/browser-host';
import { connectRenderer, type RendererConnection } from '../../../main/ipc/renderer-connection';
import { createTestApp, invoke } from '../../support/app-harness';
import { connectContractClient } from '../../support/contract-client';
import { exchange, nextFrame, payloadFor, type Frame } from '../../support/contract-frames';
import {
  fuzzSeed,
  fuzzTargets,
  revealsInternals,
  type FuzzTarget,
} from '../../support/contract-fuzz';
import { runV2Handoff } from '../../support/handoff-probe';

const SEED = fuzzSeed(0x5eed_1c);
/** Payloads handed to the renderer connection in process (what Electron's IPC delivers). */
const IN_PROCESS_PAYLOADS = 10_000;
/** Frames sent over the browser host's contract socket. */
const SOCKET_FRAMES = 3_000;

const harness = createTestApp({
  env: {
    PARLEY_DELEGATE: 'command',
    PARLEY_DELEGATE_COMMAND: 'cat',
    PARLEY_TALK_MODE: 'hands-free',
  },
  overrides: { log: () => {} },
});
const { app } = harness;
const targets = fuzzTargets();
const tally = {
  inProcess: 0,
  errors: 0,
  validByChance: 0,
  frames: 0,
  connectionErrors: 0,
};
const messages: string[] = [];
let host: BrowserHost;
let token: string;
let rendererDir: string;

/**
 * The app runs on a fake clock: an invoke that waits on a timer (a connection test's timeout, a
 * microphone check) would wait forever. While the fuzzers run, a second of fake time passes
 * every few milliseconds, so every invoke answers.
 */
function passFakeTime(): () => void {
  const timer = setInterval(() => harness.clock.advance(1_000), 5);
  return () => clearInterval(timer);
}

beforeAll(async () => {
  rendererDir = await mkdtemp(join(tmpdir(), 'parley-fuzz-'));
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>fuzz</title>');
  expect((await app.start()).ok).toBe(true);
  token = createAccessToken();
  host = await startBrowserHost({ app, rendererDir, port: 0, token, log: () => {} });
});

afterAll(async () => {
  await host?.close();
  await app.dispose();
  await rm(rendererDir, { recursive: true, force: true });
  console.log(
    `ipc fuzz seed=${SEED} (set PARLEY_FUZZ_SEED to replay): ` +
      `${tally.inProcess + tally.frames} inputs — ${tally.inProcess} payloads in process and ` +
      `${tally.frames} socket frames over ${targets.length} invokes (${tally.errors} error ` +
      `results, ${tally.connectionErrors} connection.error events, ${tally.validByChance} ` +
      `valid by chance)`,
  );
});

/** What every answer must be: a Result, an error when the payload breaks its schema. */
function checkAnswer(target: FuzzTarget | null, payload: unknown, result: Result<unknown>): void {
  expect(typeof result.ok).toBe('boolean');
  const valid = target !== null && target.request.safeParse(payload).success;
  if (!valid) {
    expect(result.ok, `${target?.channel ?? 'unknown channel'} accepted a broken payload`).toBe(
      false,
    );
  }
  if (!result.ok) {
    tally.errors++;
    if (target === null) expect(result.error.kind).toBe('unknown_channel');
    else if (!valid) expect(result.error.kind).toBe('invalid_payload');
    expect(result.error.message.length).toBeLessThan(2_000);
    expect(revealsInternals(result.error.message), result.error.message).toBe(false);
    messages.push(result.error.message);
  } else {
    tally.validByChance++;
  }
}

describe(`IPC fuzz (seed ${SEED})`, () => {
  it(`${IN_PROCESS_PAYLOADS} payloads over every invoke, through the renderer connection`, async () => {
    const random = createRandom(SEED);
    const stopTime = passFakeTime();
    const sent: AppEvent[] = [];
    const connection: RendererConnection = connectRenderer(
      app,
      {
        sendEvent: (event) => sent.push(event),
        openAudio: () => ({ link: { send: () => {} }, close: () => {} }),
      },
      () => {},
    );
    for (let i = 0; i < IN_PROCESS_PAYLOADS; i++) {
      const wrongChannel = random.chance(0.04);
      const target = wrongChannel ? null : random.pick(targets);
      const channel =
        target?.channel ??
        random.pick([
          '',
          'app',
          'app.',
          '__proto__',
          'toString',
          'constructor.prototype',
          'tasks.cancel ',
          'x'.repeat(10_000),
        ]);
      const payload = payloadFor(target ?? random.pick(targets), random, false);
      const result = await connection.invoke(channel, payload);
      checkAnswer(target, payload, result);
      tally.inProcess++;
    }
    connection.detach();
    stopTime();
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(sent.every((event) => !revealsInternals(JSON.stringify(event)))).toBe(true);
  });
});

function checkFrameAnswer(frame: Frame, answer: Record<string, unknown> | null): void {
  if (!answer) return;
  expect(revealsInternals(JSON.stringify(answer)), JSON.stringify(answer).slice(0, 500)).toBe(
    false,
  );
  if (answer.event === 'connection.error') {
    tally.connectionErrors++;
    const payload = answer.payload as { problem: string; message: string };
    expect(['not_json', 'binary', 'no_id', 'bad_envelope']).toContain(payload.problem);
    expect(payload.message.length).toBeGreaterThan(10);
    expect(payload.message.length).toBeLessThan(2_000);
    return;
  }
  const result = answer.result as Result<unknown>;
  if (frame.target !== undefined) return checkAnswer(frame.target, frame.payload, result);
  expect(result.ok).toBe(false);
  if (result.ok) return;
  tally.errors++;
  expect(result.error.message).toMatch(/^Malformed invoke message: |^Unknown|^Invalid/);
}

describe(`IPC fuzz over the browser host's socket (seed ${SEED})`, () => {
  it(`${SOCKET_FRAMES} frames: broken invokes and envelopes, garbage, binary, deep nesting, oversized`, async () => {
    const random = createRandom(SEED + 1);
    const stopTime = passFakeTime();
    let client = await connectContractClient(host, token);
    let ready = false;
    const oversizedAt = new Set([400, 1_200, 2_000, 2_800]);
    for (let i = 0; i < SOCKET_FRAMES; i++) {
      if (oversizedAt.has(i)) {
        const closed = new Promise<number>((resolve) => client.ws.once('close', resolve));
        client.ws.send('x'.repeat(1024 * 1024 + random.int(1, 1000)));
        expect(await closed).toBe(1009);
        client = await connectContractClient(host, token);
        ready = false;
        tally.frames++;
        continue;
      }
      if (i === 1_500 && !ready) {
        expect((await client.invoke('app.ready')).result).toEqual({ ok: true, value: null });
        ready = true;
      }
      const frame = nextFrame(random, targets, ready);
      const answer = await exchange(client, frame);
      checkFrameAnswer(frame, answer);
      if (frame.target?.channel === 'app.ready' && (answer?.result as Result<unknown>)?.ok)
        ready = true;
      tally.frames++;
    }
    stopTime();
    expect((await client.invoke('app.info')).result).toMatchObject({ ok: true });
    await client.close();
  });

  it('leaves the app working: settings restored, a conversation, a handoff to the delegate', async () => {
    const client = await connectContractClient(host, token);
    // The talk chord is not a settings patch field (only `hotkey.bind` changes it).
    const {
      apiKey: _none,
      talkChord: _chord,
      ...defaults
    } = {
      ...DEFAULT_SETTINGS,
      apiKey: undefined,
    };
    const restored = await client.invoke('settings.update', {
      ...defaults,
      delegate: 'command',
      delegateCommand: 'cat',
      talkMode: 'hands-free',
    });
    expect(restored.result).toMatchObject({ ok: true });
    expect((await client.invoke('conversation.talk', { pressed: false })).result).toMatchObject({
      ok: true,
    });
    expect((await client.invoke('conversation.start')).result).toEqual({ ok: true, value: null });
    expect((await invoke(app, 'conversation.state')).phase).toBe('live');
    const outcome = await runV2Handoff(harness.transports.latest!, harness.clock, 'after-fuzz');
    expect(JSON.stringify(outcome.output)).toContain('please echo after-fuzz');
    await client.close();
  });
});
