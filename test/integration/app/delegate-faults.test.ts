import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startScriptedRealtimeServer,
  type ScriptedRealtimeServer,
  type ScriptStep,
} from '../../fakes/scripted-realtime-server';
import { invoke, listTasks } from '../../support/app-harness';
import { startRecordedApp, type RecordedApp } from '../../support/real-app';

let server: ScriptedRealtimeServer | null = null;
let recorded: RecordedApp | null = null;
afterEach(async () => {
  await recorded?.dispose();
  await server?.close();
  recorded = server = null;
});

/** A delegate that crashes, fails, hangs or answers, by what it is asked. */
const MOODY_DELEGATE = [
  'input=$(cat)',
  'case "$input" in',
  '  *crash-now*) echo "half of the work"; kill -KILL $$ ;;',
  '  *fail-now*) echo "checking"; echo "could not compile main.c" >&2; exit 3 ;;',
  '  *hang-now*) exec sleep 613 ;;',
  `  *) printf 'done: %s' "$input" ;;`,
  'esac',
].join('\n');

const ask = (id: string, words: string): ScriptStep[] => [
  { send: { type: 'input_audio_buffer.speech_started', item_id: `u_${id}` } },
  { send: { type: 'input_audio_buffer.speech_stopped', item_id: `u_${id}` } },
  { send: { type: 'input_audio_buffer.committed', item_id: `u_${id}` } },
  {
    send: {
      type: 'conversation.item.input_audio_transcription.completed',
      item_id: `u_${id}`,
      transcript: words,
    },
  },
  {
    send: {
      type: 'conversation.item.done',
      item: {
        id: `item_${id}`,
        type: 'function_call',
        call_id: id,
        name: 'background_agent',
        arguments: JSON.stringify({ prompt: words }),
      },
    },
  },
  { delayMs: 50 },
];

async function run(command: string, steps: ScriptStep[]) {
  server = await startScriptedRealtimeServer({ script: [{ waitFor: 'session.update' }, ...steps] });
  recorded = await startRecordedApp({
    PARLEY_REALTIME_URL: server.url,
    PARLEY_DELEGATE: 'command',
    PARLEY_DELEGATE_COMMAND: command,
    PARLEY_TALK_MODE: 'hands-free',
    PARLEY_WORKSPACE: process.cwd(),
  });
  await invoke(recorded.app, 'conversation.start');
  return { server, app: recorded };
}

/** The output the voice model got for call `callId`. */
async function outputFor(server: ScriptedRealtimeServer, callId: string): Promise<string> {
  const message = await server.waitForMessage(
    (m) => m.raw.includes('function_call_output') && m.raw.includes(`"call_id":"${callId}"`),
    10_000,
  );
  return String(((message.json?.item ?? {}) as { output?: unknown }).output);
}

function hangingProcesses(): string {
  try {
    return execFileSync('pgrep', ['-f', 'sleep 613'], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

describe('delegate faults: each task ends clearly, the others and the conversation go on', () => {
  it('a crash, a failure, a hang (then cancelled) and a normal task side by side', async () => {
    const { server, app } = await run(MOODY_DELEGATE, [
      ...ask('c1', 'crash-now please'),
      ...ask('c2', 'fail-now please'),
      ...ask('c3', 'hang-now please'),
      ...ask('c4', 'list the files'),
    ]);
    const crashed = await app.waitForTask(
      (t) => t.prompt.includes('crash-now') && t.status === 'failed',
    );
    expect(crashed).toMatchObject({
      error: 'Delegate command was killed by SIGKILL.',
      result: 'half of the work',
    });
    const failed = await app.waitForTask(
      (t) => t.prompt.includes('fail-now') && t.status === 'failed',
    );
    expect(failed.error).toBe(
      'Delegate command failed with exit code 3.\ncould not compile main.c',
    );
    expect(await outputFor(server, 'c1')).toMatch(/SIGKILL/);
    expect(await outputFor(server, 'c2')).toMatch(/could not compile main\.c/);
    // A request while a task runs waits as its follow-up: the hung task holds it, losing nothing.
    const hung = await app.waitForTask(
      (t) => t.prompt.includes('hang-now') && t.status === 'running',
    );
    await app.waitForTask((t) => t.prompt.includes('list the files') && t.status === 'queued');
    await expect.poll(hangingProcesses, { timeout: 5_000 }).not.toBe('');
    await invoke(app.app, 'tasks.cancel', { id: hung.id });
    await app.waitForTask((t) => t.id === hung.id && t.status === 'cancelled');
    await expect.poll(hangingProcesses, { timeout: 5_000 }).toBe('');
    const normal = await app.waitForTask(
      (t) => t.prompt.includes('list the files') && t.status === 'done',
    );
    expect(normal.result).toMatch(/^done: /);
    expect(await outputFor(server, 'c4')).toMatch(/^Passed on to the background task/);
    const told = await server.waitForMessage(
      (m) => m.type === 'conversation.item.create' && /done: .*list the files/s.test(m.raw),
      10_000,
    );
    expect(told.raw).toContain('[background task result]');
    expect((await invoke(app.app, 'conversation.state')).phase).toBe('live');
    expect(
      listTasks(app.app)
        .map((t) => t.status)
        .sort(),
    ).toEqual(['cancelled', 'done', 'failed', 'failed']);
  });

  it('a delegate command that does not exist: the task fails saying so, the conversation goes on', async () => {
    const { server, app } = await run('/nonexistent/agent-cli --go', ask('c1', 'do the thing'));
    const failed = await app.waitForTask((t) => t.status === 'failed');
    expect(failed.error).toMatch(/not found|No such file|ENOENT|127/i);
    expect(await outputFor(server, 'c1')).toMatch(/not found|No such file|ENOENT|127/i);
    expect((await invoke(app.app, 'conversation.state')).phase).toBe('live');
  });
});
