import { describe, expect, it } from 'vitest';
import { dayAndTime, dayKey, dayLabel, groupByDay } from '../../../renderer/src/history-days';
import { splitByRanges } from '../../../renderer/src/highlight-ranges';
import { historyNotice } from '../../../renderer/src/history-notice';
import { conversationTimeline, countParts } from '../../../renderer/src/history-timeline';
import { groupHitsByConversation } from '../../../renderer/src/search-hit-groups';
import { conversation, entry, hit, status, summary, task } from './history-fixtures';

// A fixed local "now": Wednesday 12 March 2025, 15:00 in whatever zone the tests run in.
const NOW = new Date(2025, 2, 12, 15, 0).getTime();
const at = (month: number, day: number, hour: number, year = 2025) =>
  new Date(year, month - 1, day, hour).getTime();

describe('the conversation list by day', () => {
  it('names today and yesterday, then dates in the locale, with the year only when it differs', () => {
    expect(dayLabel(at(3, 12, 0), NOW)).toBe('Today');
    expect(dayLabel(at(3, 11, 23), NOW)).toBe('Yesterday');
    expect(dayLabel(at(3, 10, 9), NOW, 'en-GB')).toBe('Monday 10 March');
    expect(dayLabel(at(3, 10, 9), NOW, 'en-US')).toBe('Monday, March 10');
    expect(dayLabel(at(12, 31, 9, 2024), NOW, 'en-GB')).toMatch(/^Tuesday,? 31 December 2024$/);
    expect(dayLabel(at(3, 10, 9), NOW, 'de-DE')).toBe('Montag, 10. März');
  });

  it('counts yesterday in calendar days, so the first of a month follows the last', () => {
    const first = new Date(2025, 3, 1, 0, 30).getTime();
    expect(dayLabel(at(3, 31, 22), first)).toBe('Yesterday');
    expect(dayKey(at(3, 31, 22))).toBe('2025-03-31');
  });

  it('groups newest first, and merges a day that two pages split', () => {
    const list = [
      summary('c4', at(3, 12, 14)),
      summary('c3', at(3, 12, 9)),
      summary('c2', at(3, 11, 20)),
      // The next page: the same day again, then an older one.
      summary('c1', at(3, 11, 8)),
      summary('c0', at(3, 1, 8)),
    ];
    const groups = groupByDay([...list.slice(3), ...list.slice(0, 3)], NOW, 'en-GB');
    expect(groups.map((g) => [g.label, g.conversations.map((c) => c.id)])).toEqual([
      ['Today', ['c4', 'c3']],
      ['Yesterday', ['c2', 'c1']],
      ['Saturday 1 March', ['c0']],
    ]);
    expect(groups.map((g) => g.key)).toEqual(['2025-03-12', '2025-03-11', '2025-03-01']);
  });

  it('says when a hit was said with the day and the time', () => {
    expect(dayAndTime(new Date(2025, 2, 12, 9, 5).getTime(), NOW, 'en-GB')).toBe('Today 09:05');
  });
});

describe('highlighting the matched words', () => {
  const join = (pieces: { text: string }[]) => pieces.map((p) => p.text).join('');

  it('cuts a snippet into plain and matched pieces that join back into it', () => {
    const text = 'run the tests & fix <b>';
    const pieces = splitByRanges(text, [
      { start: 0, end: 3 },
      { start: 20, end: 23 },
    ]);
    expect(pieces).toEqual([
      { text: 'run', match: true },
      { text: ' the tests & fix ', match: false },
      { text: '<b>', match: true },
    ]);
    expect(join(pieces)).toBe(text);
  });

  it('merges overlapping ranges, sorts them, and clamps or drops ones out of bounds', () => {
    const text = 'abcdefgh';
    const pieces = splitByRanges(text, [
      { start: 5, end: 99 },
      { start: 1, end: 3 },
      { start: 2, end: 4 },
      { start: 6, end: 6 },
      { start: 40, end: 50 },
    ]);
    expect(pieces).toEqual([
      { text: 'a', match: false },
      { text: 'bcd', match: true },
      { text: 'e', match: false },
      { text: 'fgh', match: true },
    ]);
    expect(splitByRanges('', [{ start: 0, end: 2 }])).toEqual([]);
    expect(splitByRanges('plain', [])).toEqual([{ text: 'plain', match: false }]);
  });
});

describe('what the view says about saving', () => {
  it('says nothing while history is saved to its file', () => {
    expect(historyNotice(status())).toBeNull();
  });

  it('says that writes fail, what is kept, and names it in the header', () => {
    const notice = historyNotice(
      status({ writeError: 'History could not be saved: the disk is full.', pendingChanges: 3 }),
    );
    expect(notice?.tone).toBe('failure');
    expect(notice?.short).toBe('History not saving');
    expect(notice?.problem.summary).toBe(
      'History could not be saved: the disk is full. 3 unsaved changes are kept and retried.',
    );
    expect(notice?.problem.detail).toBe('History file: /home/u/.config/Parley/history.sqlite');
  });

  it('says history is in memory only in plain words, with main’s reason as the detail', () => {
    const reason =
      "History cannot be saved: the data folder /data is read-only (EROFS). This run's history is kept in memory only and is lost when Parley quits.";
    const withReason = historyNotice(
      status({ location: 'memory', path: null, warnings: [reason] }),
    );
    expect(withReason).toMatchObject({ tone: 'failure', short: 'History in memory only' });
    expect(withReason?.problem.summary).toBe(
      'History is not being saved: the conversations of this run are kept in memory only and are lost when Parley quits.',
    );
    expect(withReason?.problem.detail).toBe(reason);
    const bare = historyNotice(status({ location: 'memory', path: null }));
    expect(bare?.problem).toMatchObject({ summary: withReason?.problem.summary, detail: null });
  });

  it('counts what was given up, and keeps a mere note quiet in the header', () => {
    expect(historyNotice(status({ droppedChanges: 1 }))).toMatchObject({
      tone: 'failure',
      short: 'Some history lost',
      problem: { summary: '1 change was given up: it could not be saved.' },
    });
    const note = historyNotice(status({ warnings: ['History search is slower: no FTS5.'] }));
    expect(note).toMatchObject({ tone: 'notice', short: null });
  });
});

describe('a past conversation read in order', () => {
  it('places each task where it was handed off, after the words at the same moment', () => {
    const c = conversation(
      summary('c1', 1000, { entryCount: 3, taskCount: 2 }),
      [entry('u1', 1000), entry('a1', 3000, { role: 'assistant' }), entry('u2', 5000)],
      [task('task-2', 6000), task('task-1', 3000)],
    );
    expect(conversationTimeline(c).map((item) => `${item.kind}:${item.id}`)).toEqual([
      'entry:u1',
      'entry:a1',
      'task:task-1',
      'entry:u2',
      'task:task-2',
    ]);
  });

  it('counts messages and tasks in words', () => {
    expect(countParts(1, 0)).toEqual(['1 message', '0 tasks']);
    expect(countParts(12, 1)).toEqual(['12 messages', '1 task']);
  });
});

describe('search hits by conversation', () => {
  it('names each conversation once, in the order of its best hit, its hits in rank order', () => {
    const hits = [hit('c2', 'u5'), hit('c1', 'u1'), hit('c2', 'task-1'), hit('c1', 'a2')];
    const groups = groupHitsByConversation(hits);
    expect(groups.map((g) => [g.conversationId, g.hits.map((h) => h.itemId)])).toEqual([
      ['c2', ['u5', 'task-1']],
      ['c1', ['u1', 'a2']],
    ]);
    expect(groups[0]).toMatchObject({
      title: 'Conversation c2',
      startedAt: hits[0]!.conversationStartedAt,
    });
  });
});
