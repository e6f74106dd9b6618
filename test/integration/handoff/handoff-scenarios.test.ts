import { afterEach, describe, expect, it } from 'vitest';
import type { ParleyApp } from '../../../main/app/parley-app';
import {
  startScriptedRealtimeServer,
  type RecordedMessage,
  type ScriptStep,
  type ScriptedRealtimeServer,
  type ScriptedServerOptions,
} from '../../fakes/scripted-realtime-server';
import { decodeAudioMessage } from '../../../preload/audio-wire';
import { invalidClientEvents } from '../../fakes/realtime-client-schema';
import { invoke, listTasks, startRealApp } from '../../support/app-harness';
import { until } from '../realtime/session-harness';

let server: ScriptedRealtimeServer | null = null;
let core: ParleyApp | null = null;
let protocolInUse: 'v1' | 'v2' = 'v2';
afterEach(async () => {
  // Whatever a V2 scenario sent must be a valid GA Realtime client event.
  if (server && protocolInUse === 'v2') expect(invalidClientEvents(server.messages)).toEqual([]);
  await core?.dispose();
  await server?.close();
  core = null;
  server = null;
});

/** The delegate echoes what it received, so the output proves what was delegated. */
const ECHO_DELEGATE = { PARLEY_DELEGATE: 'command', PARLEY_DELEGATE_COMMAND: 'cat' };

/** Starts the scripted server and a real core against it, with the conversation started. */
async function run(
  protocol: 'v1' | 'v2',
  script: ScriptStep[] | ScriptedServerOptions,
  env: Record<string, string> = ECHO_DELEGATE,
  beforeStart: (core: ParleyApp) => void = () => {},
) {
  protocolInUse = protocol;
  server = await startScriptedRealtimeServer(Array.isArray(script) ? { script } : script);
  const started = await startRealApp({
    PARLEY_REALTIME_URL: server.url,
    PARLEY_REALTIME_PROTOCOL: protocol,
    PARLEY_WORKSPACE: process.cwd(),
    PARLEY_TALK_MODE: 'hands-free',
    ...env,
  });
  core = started.app;
  beforeStart(core);
  await invoke(core, 'conversation.start');
  return started;
}

function outputsOf(type: string): RecordedMessage[] {
  return server!.messagesOfType(type);
}

const fnCall = (callId: string, name: string, args: object) => ({
  type: 'conversation.item.done',
  item: {
    id: `item_${callId}`,
    type: 'function_call',
    call_id: callId,
    name,
    arguments: JSON.stringify(args),
  },
});

describe('handoff scenarios against the scripted realtime server (realtime.md §9)', () => {
  it('scenario 3 (seed, V1): late deltas inside the window reach the delegate', async () => {
    await run('v1', [
      { waitFor: 'session.update' },
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
    expect(text).toContain('user: delegated query');
    expect(text).toContain('assistant: assist confirm');
  });

  it('scenario 4: a handoff after a completed transcript is routed within ~300 ms', async () => {
    const { logs } = await run('v2', [
      { waitFor: 'session.update' },
      { send: { type: 'input_audio_buffer.speech_started', item_id: 'u1' } },
      {
        send: {
          type: 'conversation.item.input_audio_transcription.completed',
          item_id: 'u1',
          transcript: 'list the files here',
        },
      },
      { send: fnCall('c1', 'background_agent', { prompt: 'list the files here' }) },
    ]);
    const routed = await until(
      () => logs.find((l) => l.event === 'handoff.routed'),
      'routed',
      5000,
    );
    expect(routed.waitedMs as number).toBeLessThanOrEqual(300);
    const output = await server!.waitForMessage('conversation.item.create', 10_000);
    expect(JSON.stringify(output.json)).toContain('list the files here');
  });

  it('scenario 5: the second handoff carries only what came after the first', async () => {
    await run('v1', [
      { waitFor: 'session.update' },
      { send: { type: 'conversation.input_transcript.delta', delta: 'first request alpha' } },
      {
        send: {
          type: 'conversation.item.input_audio_transcription.completed',
          transcript: 'first request alpha',
        },
      },
      {
        send: {
          type: 'conversation.handoff.requested',
          handoff_id: 'h1',
          item_id: 'i1',
          input_transcript: '',
        },
      },
      { waitFor: 'conversation.handoff.append' },
      { send: { type: 'conversation.input_transcript.delta', delta: 'second request beta' } },
      {
        send: {
          type: 'conversation.item.input_audio_transcription.completed',
          transcript: 'second request beta',
        },
      },
      {
        send: {
          type: 'conversation.handoff.requested',
          handoff_id: 'h2',
          item_id: 'i2',
          input_transcript: '',
        },
      },
    ]);
    await until(
      () => outputsOf('conversation.handoff.append').find((m) => m.json!.handoff_id === 'h2'),
      'second append',
      10_000,
    );
    const second = outputsOf('conversation.handoff.append').find(
      (m) => m.json!.handoff_id === 'h2',
    )!;
    expect(String(second.json!.output_text)).toContain('second request beta');
    expect(String(second.json!.output_text)).not.toContain('alpha');
  });

  it('scenario 6: V2 result goes out as function_call_output, then response.create — never while a response is active', async () => {
    await run(
      'v2',
      [
        { waitFor: 'session.update' },
        {
          send: {
            type: 'conversation.item.input_audio_transcription.completed',
            item_id: 'u1',
            transcript: 'count to three',
          },
        },
        { send: fnCall('c1', 'background_agent', { prompt: 'count to three' }) },
        { send: { type: 'response.created', response: { id: 'r_busy' } } },
        { waitFor: 'conversation.item.create' },
        { delayMs: 150 },
        { send: { type: 'response.done', response: { id: 'r_busy' } } },
      ],
      { PARLEY_DELEGATE: 'command', PARLEY_DELEGATE_COMMAND: "printf 'one two three'" },
    );
    const output = await server!.waitForMessage('conversation.item.create', 10_000);
    expect(output.json!.item).toEqual({
      type: 'function_call_output',
      call_id: 'c1',
      output: 'one two three',
    });
    const create = await server!.waitForMessage('response.create', 10_000);
    // response.create only after the active response finished (the server sent response.done 150 ms later).
    expect(create.at - output.at).toBeGreaterThanOrEqual(100);
  });

  it('scenario 7: a second background_agent call while a task runs is acknowledged at once and steers', async () => {
    const { app: c } = await run(
      'v2',
      [
        { waitFor: 'session.update' },
        {
          send: {
            type: 'conversation.item.input_audio_transcription.completed',
            item_id: 'u1',
            transcript: 'build the project',
          },
        },
        { send: fnCall('c1', 'background_agent', { prompt: 'build the project' }) },
        { delayMs: 400 },
        {
          send: {
            type: 'conversation.item.input_audio_transcription.completed',
            item_id: 'u2',
            transcript: 'and run the tests too',
          },
        },
        { send: fnCall('c2', 'background_agent', { prompt: 'and run the tests too' }) },
      ],
      { PARLEY_DELEGATE: 'command', PARLEY_DELEGATE_COMMAND: 'sleep 3; cat' },
    );
    const ack = await server!.waitForMessage(
      (m) => m.type === 'conversation.item.create' && JSON.stringify(m.json).includes('"c2"'),
      5000,
    );
    expect(JSON.stringify(ack.json)).toContain('function_call_output');
    const create = await server!.waitForMessage(
      'response.create',
      5000,
      server!.messages.indexOf(ack),
    );
    expect(create.at).toBeGreaterThanOrEqual(ack.at);
    // The words of the second call go to the running task once the settle window closes.
    const steered = await until(
      () => listTasks(c).find((t) => t.followUpOf !== null || t.followUps.length > 0),
      'the steer',
      5000,
    );
    expect(JSON.stringify(steered)).toContain('and run the tests too');
    expect(listTasks(c)[0]!.status).toBe('running');
  });

  it('scenario 8: remain_silent gets an empty output and no response.create', async () => {
    await run('v2', [{ waitFor: 'session.update' }, { send: fnCall('s1', 'remain_silent', {}) }]);
    const output = await server!.waitForMessage('conversation.item.create', 5000);
    expect(output.json!.item).toEqual({ type: 'function_call_output', call_id: 's1', output: '' });
    await new Promise((r) => setTimeout(r, 300));
    expect(outputsOf('response.create')).toHaveLength(0);
  });

  it('scenario 10: the delegate output echoed back as a user item does not delegate again', async () => {
    const { app: c } = await run(
      'v2',
      [
        { waitFor: 'session.update' },
        {
          send: {
            type: 'conversation.item.input_audio_transcription.completed',
            item_id: 'u1',
            transcript: 'summarise the readme',
          },
        },
        { send: fnCall('c1', 'background_agent', { prompt: 'summarise the readme' }) },
        { waitFor: 'conversation.item.create' },
        {
          send: {
            type: 'conversation.item.input_audio_transcription.completed',
            item_id: 'u2',
            transcript: 'Parley is a desktop voice assistant that hands work to agents',
          },
        },
        {
          send: fnCall('c2', 'background_agent', {
            prompt: 'Parley is a desktop voice assistant that hands work to agents',
          }),
        },
      ],
      {
        PARLEY_DELEGATE: 'command',
        PARLEY_DELEGATE_COMMAND:
          "printf 'Parley is a desktop voice assistant that hands work to agents'",
      },
    );
    await server!.waitForMessage(
      (m) => m.type === 'conversation.item.create' && JSON.stringify(m.json).includes('"c2"'),
      5000,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(listTasks(c)).toHaveLength(1);
  });

  it('scenario 9: audio after a handoff reaches the renderer while the task runs', async () => {
    const received: { kind: string; at: number }[] = [];
    await run(
      'v2',
      {
        script: [
          { waitFor: 'session.update' },
          {
            send: {
              type: 'conversation.item.input_audio_transcription.completed',
              item_id: 'u1',
              transcript: 'run the slow job',
            },
          },
          { send: fnCall('c1', 'background_agent', { prompt: 'run the slow job' }) },
          { send: { type: 'response.created', response: { id: 'r1' } } },
          {
            send: {
              type: 'response.output_audio.delta',
              item_id: 'a1',
              delta: Buffer.alloc(4800).toString('base64'),
            },
          },
        ],
      },
      {
        PARLEY_DELEGATE: 'command',
        PARLEY_DELEGATE_COMMAND: 'sleep 5; echo done',
      },
      (c) =>
        void c.attachAudio({
          send: (data) =>
            received.push({ kind: decodeAudioMessage(data).kind, at: performance.now() }),
        }),
    );
    // Audio during the settle window is not held back…
    await until(() => received.find((m) => m.kind === 'play'), 'audio during the window', 3000);
    expect(server!.messagesOfType('conversation.item.create')).toHaveLength(0);
    // …nor while the delegated task runs.
    await until(() => listTasks(core!)[0]?.status === 'running', 'the task running', 5000);
    const before = received.length;
    server!.sendToAll({
      type: 'response.output_audio.delta',
      item_id: 'a1',
      delta: Buffer.alloc(4800).toString('base64'),
    });
    await until(
      () => received.slice(before).find((m) => m.kind === 'play'),
      'audio while the task runs',
      3000,
    );
    expect(listTasks(core!)[0]!.status).toBe('running');
  });

  it('a result that finishes during a reconnect goes out on the new socket before its response.create', async () => {
    await run(
      'v2',
      {
        // Drop right after the call and refuse the first reconnect: the socket is down ~0.6 s.
        refuse: (connection) => (connection.index === 1 ? 503 : null),
        scripts: [
          [
            { waitFor: 'session.update' },
            {
              send: {
                type: 'conversation.item.input_audio_transcription.completed',
                item_id: 'u1',
                transcript: 'tell me the date',
              },
            },
            { send: fnCall('c1', 'background_agent', { prompt: 'tell me the date' }) },
            { terminate: true },
          ],
          [],
          [{ waitFor: 'session.update' }],
        ],
      },
      {
        PARLEY_DELEGATE: 'command',
        // Finishes while the socket is down.
        PARLEY_DELEGATE_COMMAND: 'sleep 0.3; echo Monday',
      },
    );
    const result = await server!.waitForMessage(
      (m) => m.connectionIndex === 2 && m.type === 'conversation.item.create',
      15_000,
    );
    // The old call id died with the old socket: the result comes as a new item.
    expect(JSON.stringify(result.json)).toContain('Monday');
    expect(JSON.stringify(result.json)).not.toContain('function_call_output');
    const create = await server!.waitForMessage(
      (m) => m.connectionIndex === 2 && m.type === 'response.create',
      5000,
    );
    const second = server!.messages.filter((m) => m.connectionIndex === 2).map((m) => m.type);
    expect(second.indexOf('session.update')).toBe(0);
    expect(second.indexOf('conversation.item.create')).toBeLessThan(
      second.indexOf('response.create'),
    );
    expect(create.at).toBeGreaterThanOrEqual(result.at);
  });

  it('a result that ends while the conversation is stopped is told when the next one starts', async () => {
    await run(
      'v2',
      {
        scripts: [
          [
            { waitFor: 'session.update' },
            {
              send: {
                type: 'conversation.item.input_audio_transcription.completed',
                item_id: 'u1',
                transcript: 'which day is it',
              },
            },
            { send: fnCall('c1', 'background_agent', { prompt: 'which day is it' }) },
          ],
          [{ waitFor: 'session.update' }],
        ],
      },
      {
        PARLEY_DELEGATE: 'command',
        PARLEY_DELEGATE_COMMAND: 'sleep 0.4; echo Friday',
      },
    );
    const c = core!;
    await until(() => listTasks(c)[0]?.status === 'running', 'the task', 5000);
    await invoke(c, 'conversation.stop');
    await until(() => listTasks(c)[0]?.status === 'done', 'the task ending', 5000);
    await invoke(c, 'conversation.start');
    const told = await server!.waitForMessage(
      (m) => m.connectionIndex === 1 && m.type === 'conversation.item.create',
      5000,
    );
    expect(JSON.stringify(told.json)).toContain('Friday');
    await server!.waitForMessage(
      (m) => m.connectionIndex === 1 && m.type === 'response.create',
      5000,
    );
  });
});
