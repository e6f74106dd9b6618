import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeAudioMessage } from '../../../preload/audio-wire';
import type { TranscriptEntry } from '../../../preload/schemas/conversation';
import type { ParleyApp } from '../../../main/app/parley-app';
import { attachRenderer, invoke, listTasks, startRealApp } from '../../support/app-harness';
import { until } from '../realtime/session-harness';

let app: ParleyApp | null = null;
/** Temp folders a test made, removed once its app is gone. */
const folders: string[] = [];
afterEach(async () => {
  await app?.dispose();
  app = null;
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  folders.push(dir);
  return dir;
}

describe('with no API key, the offline commands engine answers (real engine, real delegate)', () => {
  it('a typed "run the tests" becomes a task whose result is spoken and written back', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'parley-offline-ws-'));
    writeFileSync(join(workspace, 'package.json'), JSON.stringify({ scripts: { test: 'vitest' } }));
    const started = await startRealApp({
      OPENAI_API_KEY: '',
      PARLEY_TALK_MODE: 'hands-free',
      PARLEY_WORKSPACE: workspace,
      PARLEY_DELEGATE: 'command',
      PARLEY_DELEGATE_COMMAND: "printf 'All 42 tests passed in 3 seconds.'",
    });
    app = started.app;
    let played = 0;
    attachRenderer(app, (data) => {
      const msg = decodeAudioMessage(data);
      if (msg.kind === 'play') played += msg.pcm.length;
    });
    await invoke(app, 'conversation.start');
    expect(await invoke(app, 'conversation.state')).toMatchObject({
      phase: 'live',
      backend: 'offline',
      protocol: 'v2',
    });
    const commands = await invoke(app, 'offline.commands');
    expect(commands.map((c) => c.phrase)).toContain('run the tests');

    await invoke(app, 'conversation.sendText', { text: 'run the tests' });
    await until(() => listTasks(app!)[0]?.status === 'done', 'the task to finish', 30_000);
    expect(listTasks(app)[0]!.prompt.toLowerCase()).toContain('run the tests');
    const entries = () =>
      started.events
        .filter((e) => e.name === 'transcript.entry')
        .map((e) => e.payload as TranscriptEntry);
    await until(
      () => entries().some((e) => e.role === 'assistant' && e.text.includes('42 tests passed')),
      'the spoken result in the transcript',
      30_000,
    );
    // The result was spoken: well over a second of 24 kHz audio reached the renderer.
    await until(() => played > 24_000, 'the reply audio', 30_000);
  }, 60_000);
});

describe('with no key and the default delegate settings, the workspace runs its own commands', () => {
  /** No key anywhere and no Codex login: HOME and CODEX_HOME are empty folders. */
  function freshMachine(testScript: string) {
    const workspace = tempFolder('parley-offline-ws-');
    writeFileSync(
      join(workspace, 'package.json'),
      JSON.stringify({ name: 'fresh', scripts: { test: testScript } }),
    );
    return {
      OPENAI_API_KEY: '',
      CODEX_API_KEY: '',
      CODEX_ACCESS_TOKEN: '',
      HOME: tempFolder('parley-home-'),
      CODEX_HOME: tempFolder('parley-codex-home-'),
      PARLEY_TALK_MODE: 'hands-free',
      PARLEY_WORKSPACE: workspace,
    };
  }

  /** Starts the app, types "run the tests" and waits for the task to end. */
  async function runTheTests(env: Record<string, string>) {
    const started = await startRealApp(env);
    app = started.app;
    let played = 0;
    attachRenderer(app, (data) => {
      const msg = decodeAudioMessage(data);
      if (msg.kind === 'play') played += msg.pcm.length;
    });
    await invoke(app, 'conversation.start');
    expect(await invoke(app, 'conversation.state')).toMatchObject({ backend: 'offline' });
    await invoke(app, 'conversation.sendText', { text: 'run the tests' });
    const ended = await until(
      () => ['done', 'failed'].includes(listTasks(app!)[0]?.status ?? '') && listTasks(app!)[0],
      'the task to end',
      30_000,
    );
    const spoken = (pattern: RegExp) =>
      until(
        () =>
          started.events.some(
            (e) =>
              e.name === 'transcript.entry' &&
              (e.payload as TranscriptEntry).role === 'assistant' &&
              pattern.test((e.payload as TranscriptEntry).text),
          ),
        `the assistant to say ${pattern}`,
        30_000,
      );
    return { ...started, task: ended, spoken, played: () => played };
  }

  it('"run the tests" runs `npm test` in the workspace and speaks what it printed', async () => {
    const env = freshMachine("echo 'Parley offline check: 7 tests passed.'");
    const { task, logs, spoken, played } = await runTheTests(env);
    expect(task.status).toBe('done');
    expect(task.workspace).toBe(env.PARLEY_WORKSPACE);
    expect(task.result).toBe('Parley offline check: 7 tests passed.');
    // The pane shows the command that ran.
    expect(task.progress.map((p) => p.item)).toContainEqual({
      kind: 'command',
      command: 'npm test --silent',
      exitCode: 0,
      status: 'completed',
    });
    expect(logs).toContainEqual(
      expect.objectContaining({
        event: 'delegate.chosen',
        kind: 'workspace-runner',
        reason: 'offline conversation, Codex has no API key or login',
      }),
    );
    await spoken(/Parley offline check: 7 tests passed/);
    // The result was spoken: well over a second of 24 kHz audio reached the renderer.
    await until(() => played() > 24_000, 'the reply audio', 30_000);
  }, 60_000);

  it('the workspace changed mid-conversation: the engine keeps serving it, and a runner task says why it cannot run there', async () => {
    const env = freshMachine("echo 'first workspace'");
    const first = env.PARLEY_WORKSPACE;
    writeFileSync(
      join(first, 'package.json'),
      JSON.stringify({ name: 'first', scripts: { test: "echo 'first workspace'", alpha: 'true' } }),
    );
    // Set in Settings, not by the environment (which would lock the field).
    const { PARLEY_WORKSPACE: _, ...unlocked } = env;
    const started = await startRealApp(unlocked);
    app = started.app;
    await invoke(app, 'settings.update', { workspace: first });
    await invoke(app, 'conversation.start');
    expect(await invoke(app, 'conversation.state')).toMatchObject({ backend: 'offline' });
    const second = tempFolder('parley-offline-ws2-');
    writeFileSync(join(second, 'package.json'), JSON.stringify({ scripts: { beta: 'true' } }));
    await invoke(app, 'settings.update', { workspace: second });
    // Settings lists what can be said now: the commands of the conversation's workspace.
    const phrases = (await invoke(app, 'offline.commands')).map((c) => c.phrase);
    expect(phrases).toContain('run the alpha script');
    expect(phrases).not.toContain('run the beta script');
    expect((await invoke(app, 'conversation.state')).phase).toBe('live');
    await invoke(app, 'conversation.sendText', { text: 'run the tests' });
    const task = await until(
      () => ['done', 'failed'].includes(listTasks(app!)[0]?.status ?? '') && listTasks(app!)[0],
      'the task to end',
      30_000,
    );
    expect(task.status).toBe('failed');
    expect(task.error).toContain(
      `The offline commands of this conversation are for ${first}, and the workspace is now ${second}: start a new conversation to use them there.`,
    );
  }, 60_000);

  it('a failing test script: the failure is spoken plainly', async () => {
    const env = freshMachine("echo 'Parley offline check: 2 of 9 tests failed.' >&2; exit 1");
    const { task, spoken } = await runTheTests(env);
    expect(task.status).toBe('failed');
    expect(task.error).toBe(
      '`npm test --silent` failed with exit code 1.\nParley offline check: 2 of 9 tests failed.',
    );
    await spoken(/failed with exit code 1\. Parley offline check: 2 of 9 tests failed\./);
  }, 60_000);

  it('with Codex set up (here a provider of its own on a dead loopback port), Codex runs', async () => {
    const env = freshMachine("echo 'the runner ran'");
    writeFileSync(
      join(env.CODEX_HOME, 'config.toml'),
      [
        'model_provider = "mock"',
        '[model_providers.mock]',
        'name = "mock"',
        'base_url = "http://127.0.0.1:9/v1"',
        'wire_api = "responses"',
        'env_key = "MOCK_API_KEY"',
        'supports_websockets = false',
        'request_max_retries = 0',
        'stream_max_retries = 0',
        '',
      ].join('\n'),
    );
    const { task, logs } = await runTheTests({ ...env, MOCK_API_KEY: 'mock-key' });
    expect(logs).toContainEqual(
      expect.objectContaining({
        event: 'delegate.chosen',
        kind: 'codex',
        reason: 'offline conversation, Codex can answer (model provider mock)',
      }),
    );
    // Codex, not the runner, took the task: it could not reach its provider.
    expect(task.status).toBe('failed');
    expect(task.error).toMatch(/^Codex turn failed: Connection failed/);
    expect(JSON.stringify(task)).not.toContain('the runner ran');
  }, 60_000);
});
