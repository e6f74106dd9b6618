import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processesMatching } from '../../support/processes';
import {
  createCodexDelegate,
  type CodexDelegateOptions,
} from '../../../main/delegate/codex-delegate';
import type { Delegate, DelegateOutcome, DelegateRun } from '../../../main/delegate/types';
import type { ProgressItem } from '../../../preload/schemas/tasks';
import {
  execCommandReply,
  inputTexts,
  messageReply,
  mockProviderConfigToml,
  startScriptedResponsesServer,
  type ScriptedResponsesServer,
} from '../../fakes/scripted-responses-server';

let scratch: string;
let workspace: string;
let codexHome: string;
const servers: ScriptedResponsesServer[] = [];
const delegates: Delegate[] = [];

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'parley-codex-'));
  workspace = join(scratch, 'workspace');
  codexHome = join(scratch, 'codex-home');
  mkdirSync(workspace);
  mkdirSync(codexHome);
});

afterEach(async () => {
  for (const d of delegates.splice(0)) d.dispose();
  for (const s of servers.splice(0)) await s.close();
  rmSync(scratch, { recursive: true, force: true });
});

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    }),
  ]);
}

async function server(replies: Parameters<typeof startScriptedResponsesServer>[0]) {
  const s = await startScriptedResponsesServer(replies);
  servers.push(s);
  return s;
}

/** A delegate whose Codex reads a scratch CODEX_HOME pointing at `baseUrl`; no real key. */
function codexDelegate(baseUrl: string, extra: Partial<CodexDelegateOptions> = {}) {
  writeFileSync(join(codexHome, 'config.toml'), mockProviderConfigToml(baseUrl));
  const delegate = createCodexDelegate({
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: scratch,
      CODEX_HOME: codexHome,
      MOCK_API_KEY: 'test-not-a-key',
    },
    config: { model_providers: { mock: { request_max_retries: 0, stream_max_retries: 0 } } },
    ...extra,
  });
  delegates.push(delegate);
  return delegate;
}

function start(
  delegate: Delegate,
  text: string,
  controller = new AbortController(),
  conversationId = 'conv-1',
) {
  const run: DelegateRun = delegate.start({
    taskId: 'task-1',
    conversationId,
    text,
    workspace,
    signal: controller.signal,
  });
  const progress: ProgressItem[] = [];
  run.on('progress', (p) => progress.push(p));
  const outcome: Promise<DelegateOutcome> = withTimeout(run.outcome, 30_000, 'codex outcome');
  return { run, progress, outcome, controller };
}

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

describe('codex delegate (real Codex CLI, scripted Responses server)', () => {
  it('sends the delegation text, runs the streamed exec_command in the workspace, returns the final message', async () => {
    const srv = await server({
      replies: [
        execCommandReply('echo made-by-codex > proof.txt && echo listed'),
        messageReply('Created proof.txt.'),
      ],
    });
    const delegate = codexDelegate(srv.baseUrl);
    const text = '<realtime_delegation><input>create the proof file</input></realtime_delegation>';
    const t0 = Date.now();
    const { outcome, progress } = start(delegate, text);
    const o = await outcome;
    expect(o).toMatchObject({ status: 'done', result: 'Created proof.txt.', error: null });
    expect(readFileSync(join(workspace, 'proof.txt'), 'utf8')).toBe('made-by-codex\n');

    const requests = await srv.waitForRequests(2, 1_000);
    expect(inputTexts(requests[0]!.body).some((t) => t.includes(text))).toBe(true);
    // Codex answered our call with its output in the next request.
    const second = requests[1]!.body?.input as Record<string, unknown>[];
    const output = second.find((i) => i.type === 'function_call_output');
    expect(String(output?.output)).toMatch(/Process exited with code 0[\s\S]*listed/);

    const commands = progress.filter((p) => p.kind === 'command');
    expect(commands.at(0)).toMatchObject({ status: 'in_progress', exitCode: null });
    expect(commands.at(-1)).toMatchObject({ status: 'completed', exitCode: 0 });
    expect(commands.at(-1)?.kind === 'command' && commands.at(-1)?.command).toContain('proof.txt');
    expect(progress).toContainEqual({ kind: 'agent_message', text: 'Created proof.txt.' });
    expect(progress.find((p) => p.kind === 'usage')).toEqual({
      kind: 'usage',
      usage: { inputTokens: 20, outputTokens: 10 },
    });
    expect(o.usage).toEqual({ inputTokens: 20, outputTokens: 10 });
    console.info(`codex task with one exec_command: ${Date.now() - t0} ms`);
  });

  it('a second task in the same conversation resumes the same thread', async () => {
    const srv = await server({
      replies: [messageReply('first answer'), messageReply('second answer')],
    });
    const threads: string[] = [];
    const delegate = codexDelegate(srv.baseUrl, { onThread: (_c, id) => threads.push(id) });
    expect((await start(delegate, 'remember the word pineapple').outcome).result).toBe(
      'first answer',
    );
    const second = await start(delegate, 'what was the word?').outcome;
    expect(second).toMatchObject({ status: 'done', result: 'second answer' });
    // Per-turn usage, although Codex reports thread totals.
    expect(second.usage).toEqual({ inputTokens: 10, outputTokens: 5 });
    expect(threads).toHaveLength(1);
    const requests = await srv.waitForRequests(2, 1_000);
    const history = inputTexts(requests[1]!.body);
    expect(history.some((t) => t.includes('remember the word pineapple'))).toBe(true);
    expect(history.some((t) => t.includes('first answer'))).toBe(true);
    expect(history.some((t) => t.includes('what was the word?'))).toBe(true);
    expect(requests[0]!.body?.prompt_cache_key).toBe(requests[1]!.body?.prompt_cache_key);
  });

  it('a steer while running becomes the next turn on the same thread', async () => {
    const srv = await server({
      replies: [
        { ...messageReply('working on it'), delayMs: 1_000 },
        messageReply('added the tests too'),
      ],
    });
    const delegate = codexDelegate(srv.baseUrl);
    const { run, outcome, progress } = start(delegate, 'refactor the parser');
    await srv.waitForRequests(1, 15_000);
    expect(run.steer?.('also add tests')).toBe(true);
    const o = await outcome;
    expect(o).toMatchObject({ status: 'done', result: 'added the tests too' });
    expect(
      progress
        .filter((p) => p.kind === 'agent_message')
        .map((p) => p.kind === 'agent_message' && p.text),
    ).toEqual(['working on it', 'added the tests too']);
    const requests = await srv.waitForRequests(2, 1_000);
    expect(inputTexts(requests[1]!.body).some((t) => t.includes('also add tests'))).toBe(true);
    expect(run.steer?.('too late')).toBe(false);
  });

  it('a dead endpoint fails clearly within a few seconds', async () => {
    const port = await closedPort();
    const delegate = codexDelegate(`http://127.0.0.1:${port}/v1`);
    const t0 = Date.now();
    const o = await start(delegate, 'anything').outcome;
    const elapsed = Date.now() - t0;
    expect(o.status).toBe('failed');
    expect(o.error).toMatch(/^Codex turn failed: .*(connect|Connection|error sending request)/i);
    expect(elapsed).toBeLessThan(8_000);
    console.info(`codex dead endpoint failure: ${elapsed} ms: ${o.error}`);
  });

  it('a failed turn (HTTP 400 from the model server) gives its reason', async () => {
    const srv = await server({
      replies: [
        {
          status: 400,
          body: JSON.stringify({
            error: { message: 'scripted bad request', type: 'invalid_request_error' },
          }),
        },
      ],
    });
    const o = await start(codexDelegate(srv.baseUrl), 'anything').outcome;
    expect(o.status).toBe('failed');
    expect(o.error).toBe('Codex turn failed: scripted bad request');
    console.info(`codex HTTP 400: ${o.error}`);
  });

  it('a missing binary gives a clear error at once', async () => {
    const delegate = createCodexDelegate({ codexPath: join(scratch, 'no-such-codex') });
    delegates.push(delegate);
    const o = await start(delegate, 'anything').outcome;
    expect(o).toMatchObject({
      status: 'failed',
      error: `Codex CLI not found at ${join(scratch, 'no-such-codex')}.`,
    });
  });

  it('cancel aborts a turn waiting on a silent model stream', async () => {
    const srv = await server({ replies: [{ hang: true }] });
    const controller = new AbortController();
    const { outcome } = start(codexDelegate(srv.baseUrl), 'anything', controller);
    await srv.waitForRequests(1, 15_000);
    const t0 = Date.now();
    controller.abort();
    expect((await outcome).status).toBe('cancelled');
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('cancel aborts the turn and stops the command Codex is running', async () => {
    const marker = `sleep 31.${process.pid}`;
    const srv = await server({ replies: [execCommandReply(`${marker}; touch late.txt`)] });
    const delegate = codexDelegate(srv.baseUrl);
    const controller = new AbortController();
    const { outcome, progress } = start(delegate, 'run something slow', controller);
    const running = Date.now() + 15_000;
    while (!progress.some((p) => p.kind === 'command')) {
      if (Date.now() > running) throw new Error('the command never started');
      await new Promise((r) => setTimeout(r, 50));
    }
    const seen = Date.now() + 5_000;
    while (processesMatching(marker).length === 0) {
      if (Date.now() > seen) throw new Error('the sleep never showed up as a process');
      await new Promise((r) => setTimeout(r, 50));
    }
    const t0 = Date.now();
    controller.abort();
    const o = await outcome;
    expect(o.status).toBe('cancelled');
    expect(Date.now() - t0).toBeLessThan(10_000);
    const deadline = Date.now() + 5_000;
    while (processesMatching(marker).length > 0) {
      if (Date.now() > deadline)
        throw new Error(`still running: ${processesMatching(marker).join(', ')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(existsSync(join(workspace, 'late.txt'))).toBe(false);
  });
});
