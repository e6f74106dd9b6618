import type { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistorySearchHit } from '../../../../preload/schemas/history';
import { HistoryReader } from '../../../../main/store/history/history-reader';
import { parseSnippet, toFtsQuery } from '../../../../main/store/history/history-search';
import { HistoryWriter } from '../../../../main/store/history/history-writer';
import { FakeClock } from '../../../fakes/fake-clock';
import { makeEntry, makeTask, memoryDatabase, redactKeys } from '../../../support/history-builders';

let db: DatabaseSync;
let writer: HistoryWriter;
let reader: HistoryReader;

const marked = (hit: HistorySearchHit | undefined): string =>
  hit ? hit.ranges.map((r) => hit.snippet.slice(r.start, r.end)).join('|') : '';

beforeEach(() => {
  db = memoryDatabase();
  writer = new HistoryWriter({ db, clock: new FakeClock(), redact: redactKeys });
  reader = new HistoryReader(db);
  writer.conversationStarted({ id: 'c1', startedAt: 1_000, protocol: 'v2', model: 'm' });
  writer.conversationStarted({ id: 'c2', startedAt: 9_000, protocol: 'v1', model: 'm' });
});

afterEach(() => {
  writer.dispose();
  db.close();
});

describe('toFtsQuery', () => {
  it('quotes every word, so no input is FTS syntax, and makes the last a prefix', () => {
    expect(toFtsQuery('fix the build')).toBe('"fix" "the" "build"*');
    expect(toFtsQuery('"unbalanced AND NEAR( x* -y')).toBe('"unbalanced" "AND" "NEAR" "x" "y"*');
    expect(toFtsQuery('café déjà-vu')).toBe('"café" "déjà" "vu"*');
    expect(toFtsQuery('  *** "" ')).toBeNull();
  });
});

describe('parseSnippet', () => {
  it('turns the match marks into ranges over the plain text', () => {
    expect(parseSnippet('…the \u0002build\u0003 is \u0002green\u0003')).toEqual({
      snippet: '…the build is green',
      ranges: [
        { start: 5, end: 10 },
        { start: 14, end: 19 },
      ],
    });
  });
});

describe('HistoryReader search', () => {
  it('finds words in transcripts and task prompts and results, ranked, with match ranges', () => {
    writer.entry('c1', makeEntry({ id: 't1', text: 'can you fix the build on main', at: 1_100 }));
    writer.entry(
      'c1',
      makeEntry({ id: 't2', role: 'assistant', text: 'the weather is fine', at: 1_200 }),
    );
    writer.entry(
      'c2',
      makeEntry({ id: 't1', text: 'builds are slow, the build build build', at: 9_100 }),
    );
    writer.task(
      makeTask({
        id: 'task-1',
        conversationId: 'c1',
        prompt: 'fix the build',
        result: 'Fixed: the build passes now',
        createdAt: 1_150,
      }),
    );
    writer.flush();
    const hits = reader.search('build');
    expect(hits.map((h) => [h.source, h.conversationId, h.itemId])).toEqual(
      expect.arrayContaining([
        ['transcript', 'c1', 't1'],
        ['transcript', 'c2', 't1'],
        ['task_prompt', 'c1', 'task-1'],
        ['task_result', 'c1', 'task-1'],
      ]),
    );
    expect(hits).toHaveLength(4);
    // BM25: the entry that says "build" four times ranks above the one that says it once.
    const transcript = hits.filter((h) => h.source === 'transcript');
    expect(transcript[0]?.conversationId).toBe('c2');
    const c1 = hits.find((h) => h.source === 'transcript' && h.conversationId === 'c1');
    expect(c1).toMatchObject({
      role: 'user',
      at: 1_100,
      conversationStartedAt: 1_000,
      conversationTitle: 'can you fix the build on main',
    });
    expect(c1?.snippet).toBe('can you fix the build on main');
    expect(marked(c1)).toBe('build');
    // Porter stemming and the prefix: "builds" matches, "fix" finds "Fixed".
    expect(marked(transcript[0])).toBe('builds|build|build|build');
    expect(marked(hits.find((h) => h.source === 'task_result'))).toBe('build');
    expect(
      reader
        .search('fix')
        .map((h) => h.source)
        .sort(),
    ).toEqual(['task_prompt', 'task_result', 'transcript']);
    expect(reader.search('weather fine').map((h) => h.itemId)).toEqual(['t2']);
    expect(reader.search('wea').map((h) => h.itemId)).toEqual(['t2']);
    expect(reader.search('nothing-like-this')).toEqual([]);
    expect(reader.search('build', 2)).toHaveLength(2);
  });

  it('keeps markup as plain text in the snippet, and hostile queries are only words', () => {
    writer.entry(
      'c1',
      makeEntry({ id: 't1', text: 'paste <img src=x onerror=alert(1)> into the page' }),
    );
    writer.flush();
    const [hit] = reader.search('onerror');
    expect(hit?.snippet).toBe('paste <img src=x onerror=alert(1)> into the page');
    expect(marked(hit)).toBe('onerror');
    expect(() => reader.search('" OR 1=1 -- NEAR(')).not.toThrow();
    expect(reader.search('img"*^')).toHaveLength(1);
  });

  it('follows updates and deletes: old words are gone, new words are found', () => {
    writer.entry('c1', makeEntry({ id: 't1', text: 'first draft', final: false }));
    writer.flush();
    expect(reader.search('draft')).toHaveLength(1);
    writer.entry('c1', makeEntry({ id: 't1', text: 'final wording' }));
    writer.task(makeTask({ id: 'task-1', conversationId: 'c1', prompt: 'alpha' }));
    writer.flush();
    writer.task(makeTask({ id: 'task-1', conversationId: 'c1', prompt: 'alpha', result: 'omega' }));
    writer.flush();
    expect(reader.search('draft')).toEqual([]);
    expect(reader.search('wording')).toHaveLength(1);
    expect(reader.search('omega').map((h) => h.source)).toEqual(['task_result']);
    db.prepare('DELETE FROM conversations WHERE id = ?').run('c1');
    expect(reader.search('wording')).toEqual([]);
    expect(reader.search('alpha')).toEqual([]);
    // FTS5 checks its index against the content tables and throws when they differ.
    for (const table of ['entries_fts', 'tasks_fts']) {
      expect(() =>
        db.exec(`INSERT INTO ${table} (${table}, rank) VALUES ('integrity-check', 1)`),
      ).not.toThrow();
    }
  });
});
