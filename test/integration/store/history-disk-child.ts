/**
 * Runs inside a private mount namespace with `argv[3]` on a small tmpfs (see the test), and
 * plays one fault against the history there: `full` fills the disk mid-conversation and frees
 * it again; `readonly` remounts the data dir read-only before opening. Prints one JSON line
 * per commit and per event, then copies the database to `argv[4]` for the test to check.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { join } from 'node:path';
import { createRandom } from '../../../bench/seeded-random';
import { systemClock } from '../../../main/base/clock';
import { redact } from '../../../main/base/redaction';
import { openHistory, type HistoryStore } from '../../../main/store/history/history-store';
import { conversationStream, feed } from '../../support/conversation-stream';

const [scenario, dataDir, outDir] = process.argv.slice(2);
if (!scenario || !dataDir || !outDir)
  throw new Error('usage: history-disk-child <full|readonly> <dataDir> <outDir>');

const print = (record: unknown): void => void writeSync(1, `${JSON.stringify(record)}\n`);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function open(dir: string): HistoryStore {
  const store = openHistory({
    dataDir: dir,
    clock: systemClock,
    redact: (text) => redact(text),
    writer: { flushDelayMs: 20, retryDelayMs: { first: 50, max: 200 } },
  });
  store.writer.on('committed', ({ ops }) => {
    const entries = ops.flatMap((op) =>
      op.kind === 'entry' ? [[op.conversationId, op.entry.id, op.entry.text, op.entry.final]] : [],
    );
    print({ committed: entries });
  });
  store.writer.on('error', (error) => print({ error }));
  store.writer.on('recovered', (event) => print({ recovered: event }));
  return store;
}

/** Writes zeros to `path` until the file system says it is full. */
function fillDisk(path: string): number {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(16 * 1024);
  let bytes = 0;
  try {
    for (;;) bytes += writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  return bytes;
}

async function talk(
  store: HistoryStore,
  events: Iterator<ReturnType<typeof conversationStream> extends Generator<infer E> ? E : never>,
  count: number,
): Promise<void> {
  for (let i = 0; i < count; i++) {
    feed(store.writer, events.next().value!);
    if (i % 8 === 7) await sleep(1);
  }
}

async function diskFull(): Promise<void> {
  const store = open(dataDir!);
  print({ opened: store.status() });
  const id = 'full-1';
  store.writer.conversationStarted({ id, startedAt: Date.now(), protocol: 'v2', model: 'm' });
  const events = conversationStream(createRandom(7), id, Date.now());
  await talk(store, events, 400);
  await sleep(50);
  print({ phase: 'filling', filler: fillDisk(join(dataDir!, 'filler')) });
  let errors = 0;
  store.writer.on('error', () => errors++);
  for (let i = 0; i < 200 && errors === 0; i++) await talk(store, events, 50);
  await talk(store, events, 200);
  print({ phase: 'full', status: store.status() });
  rmSync(join(dataDir!, 'filler'));
  print({ phase: 'freed' });
  await sleep(300);
  await talk(store, events, 400);
  print({ phase: 'done', unsaved: store.dispose().unsaved });
}

async function readOnly(): Promise<void> {
  const first = open(dataDir!);
  first.writer.conversationStarted({
    id: 'before',
    startedAt: Date.now(),
    protocol: 'v2',
    model: 'm',
  });
  await talk(first, conversationStream(createRandom(8), 'before', Date.now()), 100);
  first.dispose();
  const broken = join(dataDir!, 'broken');
  mkdirSync(broken);
  writeFileSync(join(broken, 'history.db'), 'not a database at all\n'.repeat(100));
  print({ hashBefore: sha256(join(dataDir!, 'history.db')) });
  execFileSync('mount', ['-o', 'remount,ro', dataDir!]);
  for (const dir of [dataDir!, broken]) {
    const store = open(dir);
    print({ opened: store.status(), dir });
    store.writer.conversationStarted({
      id: 'ro',
      startedAt: Date.now(),
      protocol: 'v2',
      model: 'm',
    });
    store.writer.entry('ro', {
      id: 't1',
      conversationId: 'ro',
      role: 'user',
      text: 'kept in memory',
      final: true,
      at: 1,
      typed: false,
      heardChars: null,
    });
    const saved = store.conversation('ro');
    print({ memoryRead: saved.ok ? saved.value.entries.map((e) => e.text) : saved.error.message });
    print({ unsaved: store.dispose().unsaved });
  }
  print({ hashAfter: sha256(join(dataDir!, 'history.db')) });
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

await (scenario === 'full' ? diskFull() : readOnly());
mkdirSync(outDir, { recursive: true });
for (const name of ['history.db', 'history.db-wal']) {
  if (existsSync(join(dataDir, name))) copyFileSync(join(dataDir, name), join(outDir, name));
}
print({ copied: true });
