import { describe, expect, it } from 'vitest';
import type { TaskSnapshot } from '../../../preload/schemas/tasks';
import { DEFAULT_SETTINGS } from '../../../preload/schemas/settings';
import { formatClock, formatDuration } from '../../../renderer/src/durations';
import { draftFrom, patchFrom } from '../../../renderer/src/settings-draft';
import { precheckPatch } from '../../../renderer/src/settings-precheck';
import { toJsonLines } from '../../../renderer/src/stores/inspector';
import { paneOrder } from '../../../renderer/src/stores/tasks';
import { statusWord, visibleProgress } from '../../../renderer/src/task-display';
import { rowOffsets, visibleRange } from '../../../renderer/src/virtual-window';
import { VIEW } from './fake-api';

const task = (patch: Partial<TaskSnapshot>): TaskSnapshot => ({
  id: 'task-1',
  name: 'task-1-x',
  conversationId: 'c',
  prompt: 'p',
  text: 'p',
  workspace: '/w',
  status: 'done',
  createdAt: 0,
  startedAt: 0,
  endedAt: 10,
  durationMs: 10,
  result: null,
  error: null,
  usage: null,
  progress: [],
  progressDropped: 0,
  cancelRequested: false,
  followUps: [],
  followUpOf: null,
  ...patch,
});

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [12, '12 ms'],
    [999, '999 ms'],
    [1000, '1.0 s'],
    [4240, '4.2 s'],
    [90_000, '1 min 30 s'],
    [7_500_000, '2 h 5 min'],
  ])('%d ms reads %s (a short task is not "0.0 s")', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('shows the date beside the time for another day', () => {
    const day = new Date(2025, 0, 2, 14, 5).getTime();
    expect(formatClock(day, day + 1000)).not.toMatch(/Jan/);
    expect(formatClock(day, day + 3 * 86_400_000)).toMatch(/Jan/);
  });
});

describe('visibleProgress: the result is not shown twice', () => {
  it('leaves out the stdout lines a command delegate returned as its result', () => {
    const t = task({
      result: 'checking\n3 files changed',
      progress: [
        { at: 1, item: { kind: 'log', line: 'checking', stream: 'stdout' } },
        { at: 2, item: { kind: 'log', line: 'warning: slow disk', stream: 'stderr' } },
        { at: 3, item: { kind: 'log', line: '3 files changed', stream: 'stdout' } },
      ],
    });
    expect(visibleProgress(t).map((e) => e.item)).toEqual([
      { kind: 'log', line: 'warning: slow disk', stream: 'stderr' },
    ]);
  });

  it('leaves out the Codex message that is its result, and keeps commands and changes', () => {
    const t = task({
      result: 'All tests pass.',
      progress: [
        { at: 1, item: { kind: 'agent_message', text: 'Running the tests.' } },
        { at: 2, item: { kind: 'command', command: 'npm test', exitCode: 0, status: 'completed' } },
        { at: 3, item: { kind: 'agent_message', text: 'All tests pass.' } },
      ],
    });
    expect(visibleProgress(t).map((e) => e.item.kind)).toEqual(['agent_message', 'command']);
  });

  it('shows everything while there is no result', () => {
    const t = task({ status: 'running', progress: [{ at: 1, item: { kind: 'log', line: 'x' } }] });
    expect(visibleProgress(t)).toHaveLength(1);
    expect(statusWord({ ...t, cancelRequested: true })).toBe('cancelling');
  });
});

describe('paneOrder: running first, then queued, then finished, newest first', () => {
  it('orders a mixed list', () => {
    const list = [
      task({ id: 'a', status: 'done', createdAt: 5 }),
      task({ id: 'b', status: 'running', createdAt: 1 }),
      task({ id: 'c', status: 'failed', createdAt: 9 }),
      task({ id: 'd', status: 'queued', createdAt: 7 }),
    ];
    expect([...list].sort(paneOrder).map((t) => t.id)).toEqual(['b', 'd', 'c', 'a']);
  });
});

describe('the virtual window', () => {
  const heights = Array.from({ length: 5000 }, (_, i) => 40 + (i % 3) * 20);
  const offsets = rowOffsets(heights.length, (i) => heights[i]!);

  it('adds up the rows', () => {
    expect(offsets[0]).toBe(0);
    expect(offsets[3]).toBe(40 + 60 + 80);
    expect(offsets[5000]).toBe(heights.reduce((a, b) => a + b, 0));
  });

  it('renders only what is on screen plus the overscan', () => {
    const bottom = offsets[5000]! - 800;
    const { start, end } = visibleRange(offsets, bottom, 800, 200);
    expect(end).toBe(5000);
    expect(end - start).toBeLessThan(30);
    expect(offsets[start]!).toBeLessThanOrEqual(bottom - 200);
    // Rows 0–13 cover 0–820 px: the 14th row is cut by the bottom edge and still drawn.
    expect(visibleRange(offsets, 0, 800, 0)).toEqual({ start: 0, end: 14 });
    expect(
      visibleRange(
        rowOffsets(0, () => 0),
        0,
        800,
        100,
      ),
    ).toEqual({ start: 0, end: 0 });
  });
});

describe('settings form', () => {
  it('sends only what changed, with the key when one was typed or removed', () => {
    const draft = draftFrom(DEFAULT_SETTINGS);
    expect(patchFrom(draft, DEFAULT_SETTINGS, { typed: '', remove: false })).toEqual({});
    draft.model = 'm2';
    draft.workspace = '  ';
    draft.voice = 'cedar';
    expect(patchFrom(draft, DEFAULT_SETTINGS, { typed: ' sk-new ', remove: false })).toEqual({
      model: 'm2',
      voice: 'cedar',
      apiKey: 'sk-new',
    });
    expect(
      patchFrom(draftFrom(DEFAULT_SETTINGS), DEFAULT_SETTINGS, { typed: 'x', remove: true }),
    ).toEqual({ apiKey: '' });
  });

  it('prechecks with the contract’s schemas: each field’s rule, env-set fields, rules between fields', () => {
    expect(precheckPatch({ realtimeUrl: 'ftp://x', model: '' }, VIEW)).toEqual({
      realtimeUrl: expect.stringMatching(/unsupported scheme "ftp"/),
      model: 'Enter a model name.',
    });
    expect(precheckPatch({ apiKey: 'sk-short' }, VIEW).apiKey).toMatch(/too short/);
    expect(precheckPatch({ delegate: 'command' }, VIEW).delegateCommand).toMatch(/needs a command/);
    expect(
      precheckPatch({ protocol: 'v1' }, { ...VIEW, values: { ...VIEW.values, voice: 'marin' } })
        .voice,
    ).toMatch(/not available with the V1/);
    const fixed = { ...VIEW, overriddenBy: { model: 'PARLEY_MODEL' } };
    expect(precheckPatch({ model: 'x' }, fixed)).toEqual({
      model: 'Set by PARLEY_MODEL; change or unset the variable.',
    });
    expect(precheckPatch({ model: VIEW.values.model }, fixed)).toEqual({});
  });
});

describe('inspector export', () => {
  it('writes one JSON object per line, payloads parsed back where whole', () => {
    const text = toJsonLines([
      {
        seq: 0,
        at: 1,
        direction: 'client',
        type: 'session.update',
        bytes: 20,
        count: 1,
        payload: '{"type":"session.update"}',
      },
      {
        seq: 1,
        at: 2,
        direction: 'client',
        type: 'input_audio_buffer.append',
        bytes: 900,
        count: 12,
        payload: null,
      },
      {
        seq: 2,
        at: 3,
        direction: 'server',
        type: 'x',
        bytes: 9,
        count: 1,
        payload: '{"cut…(5 more characters)',
      },
    ]);
    const lines = text.split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]!.payload).toEqual({ type: 'session.update' });
    expect(lines[1]).toMatchObject({ count: 12, payload: null });
    expect(lines[2]!.payload).toBe('{"cut…(5 more characters)');
  });
});
