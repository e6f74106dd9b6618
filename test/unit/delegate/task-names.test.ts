import { describe, expect, it } from 'vitest';
import {
  plainWords,
  sequentialTaskIds,
  taskName,
  taskSlug,
} from '../../../main/delegate/task-names';
import { clip, describeProgress, formatDuration } from '../../../main/delegate/task-summary';

describe('task names', () => {
  it('slugs keep at most five meaningful words', () => {
    expect(taskSlug('run the tests and tell me what broke')).toBe('run-tests-broke');
    expect(
      taskSlug('Please refactor the session outbox, add retries, update docs and bump version'),
    ).toBe('refactor-session-outbox-add-retries');
    expect(taskSlug('what is it')).toBe('what-is-it');
    expect(taskSlug('Café déjà vu')).toBe('cafe-deja-vu');
    expect(taskSlug('!!!')).toBe('');
  });

  it('names combine the id and the slug', () => {
    expect(taskName('task-4', 'draft a reply to that issue')).toBe('task-4-draft-reply-issue');
    expect(taskName('task-5', '???')).toBe('task-5');
  });

  it('plain words drop the envelope and decode entities', () => {
    expect(
      plainWords(
        '<realtime_delegation>\n <input>a &amp; b &lt;c&gt;</input></realtime_delegation>',
      ),
    ).toBe('a & b <c>');
  });

  it('ids count up per generator', () => {
    const next = sequentialTaskIds();
    expect([next(), next()]).toEqual(['task-1', 'task-2']);
    expect(sequentialTaskIds()()).toBe('task-1');
  });
});

describe('task summary pieces', () => {
  it('formats durations', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(59_400)).toBe('59s');
    expect(formatDuration(185_000)).toBe('3m 05s');
    expect(formatDuration(3_725_000)).toBe('1h 02m');
  });

  it('clips and describes progress', () => {
    expect(clip('a  b\n c', 10)).toBe('a b c');
    expect(clip('abcdefghij', 5)).toBe('abcd…');
    expect(
      describeProgress({ kind: 'command', command: 'npm test', exitCode: 1, status: 'failed' }),
    ).toBe('ran `npm test` (exit 1)');
    expect(describeProgress({ kind: 'file_change', path: 'a.ts', change: 'delete' })).toBe(
      'deleted a.ts',
    );
    expect(
      describeProgress({
        kind: 'plan',
        items: [
          { text: 'one', completed: true },
          { text: 'two', completed: false },
        ],
      }),
    ).toBe('plan 1/2 done, next: two');
    expect(
      describeProgress({ kind: 'usage', usage: { inputTokens: 1, outputTokens: 1 } }),
    ).toBeNull();
  });
});
