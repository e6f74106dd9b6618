import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogRecord } from '../../../main/base/logger';
import type { ParleyApp } from '../../../main/app/parley-app';
import { FINAL_ANSWER_PREFIX } from '../../../main/handoff/v1-appends';
import { invalidClientEvents } from '../../fakes/realtime-client-schema';
import {
  startScriptedRealtimeServer,
  type ScriptStep,
  type ScriptedRealtimeServer,
} from '../../fakes/scripted-realtime-server';
import { invoke, startRealApp } from '../../support/app-harness';
import { until } from '../realtime/session-harness';

let server: ScriptedRealtimeServer | null = null;
let core: ParleyApp | null = null;
afterEach(async () => {
  await core?.dispose();
  await server?.close();
  core = null;
  server = null;
});

/** The delegate echoes what it received, so the output proves what was delegated. */
const ECHO_DELEGATE = { PARLEY_DELEGATE: 'command', PARLEY_DELEGATE_COMMAND: 'cat' };

async function run(protocol: 'v1' | 'v2', script: ScriptStep[]) {
  server = await startScriptedRealtimeServer({ script });
  const started = await startRealApp({
    PARLEY_REALTIME_URL: server.url,
    PARLEY_REALTIME_PROTOCOL: protocol,
    PARLEY_WORKSPACE: process.cwd(),
    PARLEY_TALK_MODE: 'hands-free',
    ...ECHO_DELEGATE,
  });
  core = started.app;
  await invoke(core, 'conversation.start');
  return started;
}

type Logs = Omit<LogRecord, 'ts'>[];
const routedLog = (logs: Logs) =>
  until(() => logs.find((l) => l.event === 'handoff.routed'), 'the routing decision', 10_000);

const fnCall = (callId: string, prompt: string) => ({
  type: 'conversation.item.done',
  item: {
    id: `item_${callId}`,
    type: 'function_call',
    call_id: callId,
    name: 'background_agent',
    arguments: JSON.stringify({ prompt }),
  },
});
const userTurn = (itemId: string): ScriptStep[] => [
  { send: { type: 'input_audio_buffer.speech_started', item_id: itemId, audio_start_ms: 0 } },
  { send: { type: 'input_audio_buffer.speech_stopped', item_id: itemId, audio_end_ms: 900 } },
  { send: { type: 'input_audio_buffer.committed', item_id: itemId, previous_item_id: null } },
];
const completed = (itemId: string, transcript: string) => ({
  send: {
    type: 'conversation.item.input_audio_transcription.completed',
    item_id: itemId,
    content_index: 0,
    transcript,
  },
});

async function v2Output(callId: string): Promise<string> {
  const output = await server!.waitForMessage(
    (m) => m.type === 'conversation.item.create' && JSON.stringify(m.json).includes(callId),
    10_000,
  );
  return String((output.json!.item as { output: string }).output);
}

describe('scenario 3: the seed, exactly (V1)', () => {
  it('delivers assistant, user, assistant — three lines in order — with the final-answer marker', async () => {
    const { logs } = await run('v1', [
      { waitFor: 'session.update' },
      { send: { type: 'conversation.output_transcript.delta', delta: 'assistant context' } },
      { send: { type: 'conversation.input_transcript.delta', delta: 'delegated ' } },
      {
        send: {
          type: 'conversation.handoff.requested',
          handoff_id: 'h1',
          item_id: 'i1',
          input_transcript: '',
        },
      },
      { delayMs: 60 },
      { send: { type: 'conversation.input_transcript.delta', delta: 'query' } },
      { send: { type: 'conversation.output_transcript.delta', delta: 'assist confirm' } },
    ]);
    const append = await server!.waitForMessage('conversation.handoff.append', 10_000);
    expect(append.json!.handoff_id).toBe('h1');
    const text = String(append.json!.output_text);
    // The delegate's final answer is marked, so the voice model can tell it from progress.
    expect(text.startsWith(FINAL_ANSWER_PREFIX)).toBe(true);
    expect(text).toContain(
      '<transcript_delta>assistant: assistant context\nuser: delegated query\n' +
        'assistant: assist confirm</transcript_delta>',
    );
    expect(await routedLog(logs)).toMatchObject({ reason: 'cap', handoffId: 'h1' });
    expect(server!.messagesOfType('conversation.handoff.append')).toHaveLength(1);
  });
});

describe('scenario 17: V2 settles on the transcription of committed items', () => {
  it('a call while its item is transcribed routes right after the completed, 2.5 s later', async () => {
    const { logs } = await run('v2', [
      { waitFor: 'session.update' },
      ...userTurn('u1'),
      { send: fnCall('c1', 'check the build') },
      { delayMs: 2_500 },
      completed('u1', 'check the build on the main branch'),
    ]);
    const routed = await routedLog(logs);
    // Routed by the completed itself (not a timer: that would be `cap` or `given_up`).
    expect(routed).toMatchObject({ reason: 'transcribed', waitedFor: ['u1'] });
    expect(routed.waitedMs as number).toBeGreaterThanOrEqual(2_450);
    expect(await v2Output('c1')).toContain('user: check the build on the main branch');
    expect(invalidClientEvents(server!.messages)).toEqual([]);
  });

  it('with nothing pending it routes at once', async () => {
    const { logs } = await run('v2', [
      { waitFor: 'session.update' },
      ...userTurn('u1'),
      completed('u1', 'list the open pull requests'),
      { send: fnCall('c1', 'list the open pull requests') },
    ]);
    const routed = await routedLog(logs);
    // Decided while handling the call itself: no timer, no wait.
    expect(routed).toMatchObject({ reason: 'nothing_pending', waitedFor: [], waitedMs: 0 });
    expect(await v2Output('c1')).toContain('user: list the open pull requests');
    expect(invalidClientEvents(server!.messages)).toEqual([]);
  });

  it('a failed transcription routes at once with what arrived', async () => {
    const { logs } = await run('v2', [
      { waitFor: 'session.update' },
      ...userTurn('u1'),
      {
        send: {
          type: 'conversation.item.input_audio_transcription.delta',
          item_id: 'u1',
          content_index: 0,
          delta: 'deploy the ',
        },
      },
      { send: fnCall('c1', 'deploy') },
      { delayMs: 300 },
      {
        send: {
          type: 'conversation.item.input_audio_transcription.failed',
          item_id: 'u1',
          content_index: 0,
          error: { type: 'transcription_error', code: 'audio_unintelligible', message: 'no' },
        },
      },
    ]);
    const routed = await routedLog(logs);
    expect(routed).toMatchObject({ reason: 'transcription_failed' });
    expect(routed.waitedMs as number).toBeGreaterThanOrEqual(250);
    expect(await v2Output('c1')).toContain('user: deploy the');
    expect(invalidClientEvents(server!.messages)).toEqual([]);
  });
});

/** Heap in use after a full collection (the test runner's own gc, exposed through V8). */
function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('bounds: a 15 MB transcript', () => {
  it('gives a bounded delegation and bounded memory', async () => {
    const before = heapAfterGc();
    const started = await run('v1', [{ waitFor: 'session.update' }]);
    await server!.waitForMessage('session.update');
    // 15.5 MB of user transcript deltas, built and sent one at a time so the test keeps none.
    let sentBytes = 0;
    for (let n = 0; n < 1_700; n++) {
      const words = Array.from({ length: 1_500 }, (_, i) => `w${(n * 1_500 + i).toString(36)}`);
      const frame = JSON.stringify({
        type: 'conversation.input_transcript.delta',
        delta: `${words.join(' ')} `,
      });
      sentBytes += frame.length;
      server!.sendToAll(frame);
    }
    expect(sentBytes).toBeGreaterThan(15_000_000);
    server!.sendToAll({
      type: 'conversation.input_transcript.delta',
      delta: 'and finally deploy it',
    });
    server!.sendToAll({
      type: 'conversation.handoff.requested',
      handoff_id: 'h1',
      item_id: 'i1',
      input_transcript: 'deploy it',
    });
    const append = await server!.waitForMessage('conversation.handoff.append', 20_000);
    const text = String(append.json!.output_text).slice(FINAL_ANSWER_PREFIX.length);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(32 * 1024);
    expect(text).toContain('<input>deploy it</input>');
    // The newest words are kept, and the delegation says how much was cut before them.
    expect(text).toContain('and finally deploy it</transcript_delta>');
    expect(text).toMatch(/user: \[… \d+ earlier words cut …\] /);
    const routed = await routedLog(started.logs);
    expect(routed).toMatchObject({ handoffId: 'h1' });
    // What the test harness itself recorded is not the app's memory.
    started.events.length = 0;
    // Had any part kept the 15 MB (as the display transcript did), this would be > 15 MB.
    expect(heapAfterGc() - before).toBeLessThan(10_000_000);
  });
});
