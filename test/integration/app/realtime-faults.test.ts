import type { Problem } from '../../../preload/schemas/problem';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startScriptedRealtimeServer,
  type ScriptedRealtimeServer,
  type ScriptedServerOptions,
  type ScriptStep,
} from '../../fakes/scripted-realtime-server';
import { invoke } from '../../support/app-harness';
import { startRecordedApp, type RecordedApp } from '../../support/real-app';

/** What a person reads about a failure: its summary and its detail. */
const said = (error: Problem | null) => (error ? `${error.summary}\n${error.detail ?? ''}` : '');

let server: ScriptedRealtimeServer | null = null;
let recorded: RecordedApp | null = null;
afterEach(async () => {
  await recorded?.dispose();
  await server?.close();
  recorded = server = null;
});

/** The delegate takes its time, then answers with what it was asked. */
const SLOW_ECHO = `input=$(cat); sleep 0.4; printf 'done: %s' "$input"`;

async function run(
  options: ScriptedServerOptions,
  keepalive?: { intervalMs: number; timeoutMs: number },
) {
  server = await startScriptedRealtimeServer(options);
  recorded = await startRecordedApp(
    {
      PARLEY_REALTIME_URL: server.url,
      PARLEY_DELEGATE: 'command',
      PARLEY_DELEGATE_COMMAND: SLOW_ECHO,
      PARLEY_TALK_MODE: 'hands-free',
      PARLEY_WORKSPACE: process.cwd(),
    },
    { keepalive },
  );
  return { server, app: recorded };
}

/** One finished user utterance (V2: speech, commit, transcription). */
const utterance = (id: string, text: string): ScriptStep[] => [
  { send: { type: 'input_audio_buffer.speech_started', item_id: id } },
  { send: { type: 'input_audio_buffer.speech_stopped', item_id: id } },
  { send: { type: 'input_audio_buffer.committed', item_id: id } },
  {
    send: {
      type: 'conversation.item.input_audio_transcription.completed',
      item_id: id,
      transcript: text,
    },
  },
];

const delegation = (callId: string, prompt: string): ScriptStep => ({
  send: {
    type: 'conversation.item.done',
    item: {
      id: `item_${callId}`,
      type: 'function_call',
      call_id: callId,
      name: 'background_agent',
      arguments: JSON.stringify({ prompt }),
    },
  },
});

const AUDIO = Buffer.alloc(960).toString('base64');

describe('realtime faults: each ends in a clear state and loses no work', () => {
  it('a drop mid-response: reconnects with a recap, keeps the partial line, and the running task’s result arrives on the new socket', async () => {
    const { server, app } = await run({
      scripts: [
        [
          { waitFor: 'session.update' },
          ...utterance('u1', 'count the files slowly'),
          delegation('c1', 'count the files slowly'),
          { send: { type: 'response.created', response: { id: 'r1' } } },
          {
            send: {
              type: 'response.output_audio_transcript.delta',
              item_id: 'a1',
              delta: 'I am starting on th',
            },
          },
          { send: { type: 'response.output_audio.delta', item_id: 'a1', delta: AUDIO } },
          { delayMs: 50 },
          { terminate: true },
        ],
        [{ waitFor: 'session.update' }],
      ],
    });
    await invoke(app.app, 'conversation.start');
    const reconnecting = await app.waitForState((s) => s.phase === 'reconnecting');
    expect(said(reconnecting.error)).toMatch(/dropped/i);
    expect(reconnecting.reconnect?.attempt).toBe(1);
    await app.waitForState(
      (s) => s.phase === 'live' && app.states.indexOf(s) > app.states.indexOf(reconnecting),
    );
    const second = await server.waitForConnection(1, 5_000);
    const update = await second.waitForMessage('session.update', 5_000);
    expect(JSON.stringify(update.json)).toContain('count the files slowly');
    const task = await app.waitForTask((t) => t.status === 'done');
    expect(task.result).toMatch(/^done: .*count the files slowly/s);
    const delivered = await second.waitForMessage(
      (m) => m.type === 'conversation.item.create' && m.raw.includes('done: '),
      10_000,
    );
    expect(delivered.raw).toContain('count the files slowly');
    const transcript = await invoke(app.app, 'conversation.transcript');
    expect(transcript.map((e) => e.text)).toEqual(
      expect.arrayContaining(['count the files slowly', 'I am starting on th']),
    );
  });

  it('a stall (no answer to pings): found by the keepalive, then reconnected', async () => {
    const { server, app } = await run(
      {
        autoPong: false,
        scripts: [[{ waitFor: 'session.update' }], [{ waitFor: 'session.update' }]],
      },
      { intervalMs: 200, timeoutMs: 300 },
    );
    await invoke(app.app, 'conversation.start');
    const reconnecting = await app.waitForState((s) => s.phase === 'reconnecting');
    expect(said(reconnecting.error)).toMatch(/ping|answer|respond|dead|timed out/i);
    await server.waitForConnection(1, 5_000);
    await app.waitForState(
      (s) => s.phase === 'live' && app.states.indexOf(s) > app.states.indexOf(reconnecting),
    );
  });

  it('a flapping server (accepts, then closes at once): gives up after three tries with the reason, no storm', async () => {
    const { server, app } = await run({ script: [{ terminate: true }] });
    await invoke(app.app, 'conversation.start');
    const closed = await app.waitForState((s) => s.phase === 'closed');
    expect(said(closed.error)).toMatch(/right after it opened, 3 times in a row/);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(server.connections).toHaveLength(3);
  });

  it('401 at start: an error naming the refusal, and no retry', async () => {
    const { server, app } = await run({
      refuse: { status: 401, body: '{"error":{"message":"bad key"}}' },
    });
    await invoke(app.app, 'conversation.start');
    const failed = await app.waitForState((s) => s.error !== null);
    expect(failed.phase).toBe('idle');
    expect(failed.error).toMatchObject({ field: 'apiKey', actions: ['open_settings'] });
    expect(said(failed.error)).toMatch(/HTTP 401.*bad key/s);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(server.connections).toHaveLength(1);
  });

  it('401 on a reconnect: closed for good with the reason', async () => {
    const { server, app } = await run({
      scripts: [[{ waitFor: 'session.update' }, { terminate: true }]],
      refuse: (c) =>
        c.index === 1 ? { status: 401, body: '{"error":{"message":"key revoked"}}' } : null,
    });
    await invoke(app.app, 'conversation.start');
    const closed = await app.waitForState((s) => s.phase === 'closed');
    expect(said(closed.error)).toMatch(/401.*key revoked/);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(server.connections).toHaveLength(2);
  });

  it('500 on a reconnect: a transient failure, retried with backoff until the server is back', async () => {
    const { server, app } = await run({
      scripts: [
        [{ waitFor: 'session.update' }, { terminate: true }],
        [],
        [{ waitFor: 'session.update' }],
      ],
      refuse: (c) => (c.index === 1 ? 500 : null),
    });
    await invoke(app.app, 'conversation.start');
    const retrying = await app.waitForState(
      (s) => s.phase === 'reconnecting' && /500/.test(said(s.error)),
    );
    expect(retrying.reconnect?.attempt).toBe(2);
    await server.waitForConnection(2, 5_000);
    await app.waitForState(
      (s) => s.phase === 'live' && app.states.indexOf(s) > app.states.indexOf(retrying),
    );
  });
});
