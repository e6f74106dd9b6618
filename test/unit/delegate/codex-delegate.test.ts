import type {
  CodexOptions,
  Input,
  ThreadEvent,
  ThreadOptions,
  TurnOptions,
} from '@openai/codex-sdk';
import { describe, expect, it } from 'vitest';
import {
  cleanCodexError,
  createCodexDelegate,
  type CodexClient,
} from '../../../main/delegate/codex-delegate';
import type { DelegateRequest } from '../../../main/delegate/types';

type Turn = { input: Input; threadId: string | null; options: ThreadOptions; signal?: AbortSignal };
type Script = (turn: Turn) => AsyncGenerator<ThreadEvent>;

const completed = (): ThreadEvent => ({
  type: 'turn.completed',
  usage: {
    input_tokens: 1,
    cached_input_tokens: 0,
    cache_write_input_tokens: 0,
    output_tokens: 1,
    reasoning_output_tokens: 0,
  },
});

/** A fake SDK client: every turn is recorded and answered by `script`. */
function fakeClient(script: Script) {
  const turns: Turn[] = [];
  const sdkOptions: CodexOptions[] = [];
  let threads = 0;
  const thread = (threadId: string | null, options: ThreadOptions) => ({
    id: threadId,
    runStreamed: async (input: Input, turnOptions: TurnOptions = {}) => {
      const turn = {
        input,
        threadId,
        options,
        ...(turnOptions.signal ? { signal: turnOptions.signal } : {}),
      };
      turns.push(turn);
      return { events: script(turn) };
    },
  });
  const client = {
    startThread: (options: ThreadOptions = {}) => thread(null, options),
    resumeThread: (id: string, options: ThreadOptions = {}) => thread(id, options),
  } as unknown as CodexClient;
  return {
    turns,
    sdkOptions,
    newThreadId: () => `thr_${++threads}`,
    createClient: (o: CodexOptions) => (sdkOptions.push(o), client),
  };
}

function request(overrides: Partial<DelegateRequest> = {}): DelegateRequest {
  return {
    taskId: 't1',
    conversationId: 'c1',
    text: 'do it',
    workspace: '/ws',
    signal: new AbortController().signal,
    ...overrides,
  };
}

describe('codex delegate (fake SDK client)', () => {
  it('passes sandbox, approval, workspace, model and the retry switch; resumes per conversation', async () => {
    const fake = fakeClient(async function* (turn) {
      if (!turn.threadId) yield { type: 'thread.started', thread_id: fake.newThreadId() };
      yield {
        type: 'item.completed',
        item: { id: 'm', type: 'agent_message', text: `re: ${String(turn.input)}` },
      };
      yield completed();
    });
    const seen: string[] = [];
    const delegate = createCodexDelegate({
      model: 'gpt-test',
      config: { features: { other: true } },
      createClient: fake.createClient,
      onThread: (c, id) => seen.push(`${c}=${id}`),
      threads: { c9: 'thr_saved' },
    });
    expect((await delegate.start(request()).outcome).result).toBe('re: do it');
    await delegate.start(request({ text: 'again' })).outcome;
    await delegate.start(request({ conversationId: 'c2' })).outcome;
    await delegate.start(request({ conversationId: 'c9' })).outcome;
    expect(fake.sdkOptions).toEqual([
      { config: { features: { other: true, unbounded_connection_retries: false } } },
    ]);
    expect(fake.turns.map((t) => t.threadId)).toEqual([null, 'thr_1', null, 'thr_saved']);
    expect(fake.turns[0]?.options).toEqual({
      workingDirectory: '/ws',
      sandboxMode: 'workspace-write',
      approvalPolicy: 'never',
      skipGitRepoCheck: true,
      model: 'gpt-test',
    });
    expect(seen).toEqual(['c1=thr_1', 'c2=thr_2']);
  });

  it('a second task while the conversation thread is busy gets a thread of its own', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const fake = fakeClient(async function* (turn) {
      if (!turn.threadId) yield { type: 'thread.started', thread_id: fake.newThreadId() };
      if (turn.input === 'slow') await gate;
      yield completed();
    });
    const delegate = createCodexDelegate({ createClient: fake.createClient });
    const slow = delegate.start(request({ text: 'slow' }));
    await new Promise((r) => setTimeout(r, 10));
    await delegate.start(request({ text: 'fast' })).outcome;
    release();
    await slow.outcome;
    await delegate.start(request({ text: 'later' })).outcome;
    expect(fake.turns.map((t) => `${String(t.input)}@${t.threadId}`)).toEqual([
      'slow@null',
      'fast@null',
      'later@thr_1',
    ]);
  });

  it('a turn that ends without turn.completed fails', async () => {
    const fake = fakeClient(async function* () {
      yield { type: 'turn.started' };
    });
    const o = await createCodexDelegate({ createClient: fake.createClient }).start(request())
      .outcome;
    expect(o).toMatchObject({
      status: 'failed',
      error: 'Codex stopped before the turn completed.',
    });
  });

  it('an SDK that cannot find the binary fails the task with its message', async () => {
    const delegate = createCodexDelegate({
      createClient: () => {
        throw new Error(
          'Unable to locate Codex CLI binaries. Ensure @openai/codex is installed with optional dependencies.',
        );
      },
    });
    const o = await delegate.start(request()).outcome;
    expect(o.error).toMatch(/^Unable to locate Codex CLI binaries/);
  });

  it('dispose aborts a running turn', async () => {
    const fake = fakeClient(async function* (turn) {
      await new Promise<void>((_, reject) =>
        turn.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
      );
      yield completed();
    });
    const delegate = createCodexDelegate({ createClient: fake.createClient });
    const run = delegate.start(request());
    await new Promise((r) => setTimeout(r, 10));
    delegate.dispose();
    expect((await run.outcome).status).toBe('cancelled');
  });

  it('cleans SDK errors', () => {
    const spawnError = Object.assign(new Error('spawn /x/codex ENOENT'), { code: 'ENOENT' });
    expect(cleanCodexError(spawnError, '/x/codex')).toBe(
      'Codex CLI not found at /x/codex: install @openai/codex or set its path.',
    );
    expect(
      cleanCodexError(
        new Error(
          'Codex Exec exited with code 1: WARNING: proceeding, even though we could not create PATH aliases: x\nReading additional input from stdin...\nError: bad config\n',
        ),
        undefined,
      ),
    ).toBe('Codex exited with code 1: Error: bad config');
  });
});
