import type { ThreadEvent } from '@openai/codex-sdk';
import { describe, expect, it } from 'vitest';
import { CodexEventMapper, readableFailure, usageDelta } from '../../../main/delegate/codex-events';

const usage = (input: number, output: number) => ({
  input_tokens: input,
  cached_input_tokens: 0,
  cache_write_input_tokens: 0,
  output_tokens: output,
  reasoning_output_tokens: 0,
});

describe('CodexEventMapper', () => {
  it('maps a real `codex exec --experimental-json` turn', () => {
    // The events codex 0.163 printed for one exec_command call and one message.
    const events: ThreadEvent[] = [
      { type: 'thread.started', thread_id: 'thr_1' },
      {
        type: 'item.completed',
        item: {
          id: 'item_0',
          type: 'error',
          message: 'Model metadata for `mock-model` not found.',
        },
      },
      { type: 'turn.started' },
      {
        type: 'item.started',
        item: {
          id: 'item_1',
          type: 'command_execution',
          command: "/bin/bash -lc 'echo hi'",
          aggregated_output: '',
          status: 'in_progress',
        },
      },
      {
        type: 'item.completed',
        item: {
          id: 'item_1',
          type: 'command_execution',
          command: "/bin/bash -lc 'echo hi'",
          aggregated_output: 'hi\n',
          exit_code: 0,
          status: 'completed',
        },
      },
      { type: 'item.completed', item: { id: 'item_2', type: 'agent_message', text: 'All done.' } },
      { type: 'turn.completed', usage: usage(20, 10) },
    ];
    const mapper = new CodexEventMapper();
    const progress = events.flatMap((e) => mapper.map(e));
    expect(progress).toEqual([
      { kind: 'log', line: 'codex: Model metadata for `mock-model` not found.', stream: 'stderr' },
      {
        kind: 'command',
        command: "/bin/bash -lc 'echo hi'",
        exitCode: null,
        status: 'in_progress',
      },
      { kind: 'command', command: "/bin/bash -lc 'echo hi'", exitCode: 0, status: 'completed' },
      { kind: 'agent_message', text: 'All done.' },
      { kind: 'usage', usage: { inputTokens: 20, outputTokens: 10 } },
    ]);
    expect(mapper.threadId).toBe('thr_1');
    expect(mapper.lastMessage).toBe('All done.');
    expect(mapper.end).toEqual({ kind: 'completed', usage: { inputTokens: 20, outputTokens: 10 } });
  });

  it('maps file changes and plans, reporting an unchanged plan once', () => {
    const mapper = new CodexEventMapper();
    const plan = (done: boolean): ThreadEvent => ({
      type: 'item.updated',
      item: {
        id: 'p',
        type: 'todo_list',
        items: [
          { text: 'write code', completed: done },
          { text: 'test', completed: false },
        ],
      },
    });
    const out = [
      plan(false),
      plan(false),
      plan(true),
      {
        type: 'item.completed',
        item: {
          id: 'f',
          type: 'file_change',
          status: 'completed',
          changes: [
            { path: 'a.ts', kind: 'add' },
            { path: 'b.ts', kind: 'update' },
          ],
        },
      } satisfies ThreadEvent,
      {
        type: 'item.completed',
        item: { id: 'r', type: 'reasoning', text: 'hmm' },
      } satisfies ThreadEvent,
    ].flatMap((e) => mapper.map(e));
    expect(out).toEqual([
      {
        kind: 'plan',
        items: [
          { text: 'write code', completed: false },
          { text: 'test', completed: false },
        ],
      },
      {
        kind: 'plan',
        items: [
          { text: 'write code', completed: true },
          { text: 'test', completed: false },
        ],
      },
      { kind: 'file_change', path: 'a.ts', change: 'add' },
      { kind: 'file_change', path: 'b.ts', change: 'update' },
    ]);
  });

  it('records a failed turn with the stream error as fallback', () => {
    const mapper = new CodexEventMapper();
    mapper.map({ type: 'error', message: 'Connection failed: error sending request' });
    mapper.map({ type: 'turn.failed', error: { message: '' } });
    expect(mapper.end).toEqual({
      kind: 'failed',
      message: 'Connection failed: error sending request',
    });
  });

  it('turns thread totals into per-turn usage', () => {
    const mapper = new CodexEventMapper(usage(20, 10));
    expect(mapper.map({ type: 'turn.completed', usage: usage(45, 12) })).toEqual([
      { kind: 'usage', usage: { inputTokens: 25, outputTokens: 2 } },
    ]);
    expect(mapper.usageTotal).toEqual(usage(45, 12));
    expect(usageDelta(usage(5, 1), usage(20, 10))).toEqual({ inputTokens: 5, outputTokens: 1 });
  });

  it('reduces a JSON error body to its message', () => {
    expect(readableFailure('{"error":{"message":"bad model"}}')).toBe('bad model');
    expect(readableFailure('plain words')).toBe('plain words');
  });
});
