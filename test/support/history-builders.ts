import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { TaskSnapshot } from '../../preload/schemas/tasks';
import type { TranscriptEntry } from '../../preload/schemas/conversation';
import { redact } from '../../main/base/redaction';
import { migrate } from '../../main/store/history/history-schema';

/** A transcript entry with sensible defaults. */
export function makeEntry(fields: Partial<TranscriptEntry> & { id: string }): TranscriptEntry {
  return {
    conversationId: 'c1',
    role: 'user',
    text: '',
    final: true,
    at: 1_000,
    typed: false,
    heardChars: null,
    ...fields,
  };
}

/** A task snapshot with sensible defaults. */
export function makeTask(
  fields: Partial<TaskSnapshot> & { id: string; conversationId: string },
): TaskSnapshot {
  return {
    name: `${fields.id}-work`,
    prompt: 'do the work',
    text: 'do the work',
    workspace: '/home/me/project',
    status: 'queued',
    createdAt: 1_000,
    startedAt: null,
    endedAt: null,
    durationMs: null,
    result: null,
    error: null,
    usage: null,
    progress: [],
    progressDropped: 0,
    cancelRequested: false,
    followUps: [],
    followUpOf: null,
    ...fields,
  };
}

/** A migrated in-memory database with foreign keys on. */
export function memoryDatabase(): DatabaseSync {
  const db = new DatabaseSync(':memory:');
  db.exec('PRAGMA foreign_keys = ON');
  migrate(db);
  return db;
}

/** A fresh temp folder and its removal. */
export function tempDir(prefix = 'parley-history-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A stored key in the shape the app's redaction knows, and that redaction as history gets it. */
export const TEST_KEY = 'sk-test-0123456789abcdefghij';
export const redactKeys = (text: string): string => redact(text, [TEST_KEY]);
