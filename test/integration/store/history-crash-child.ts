/**
 * A process that writes a conversation to the history in `argv[2]` until it is killed, and
 * prints one JSON line per committed transaction (after the commit) naming what it saved.
 */
import { writeSync } from 'node:fs';
import { createRandom } from '../../../bench/seeded-random';
import { systemClock } from '../../../main/base/clock';
import { redact } from '../../../main/base/redaction';
import { openHistory } from '../../../main/store/history/history-store';
import { conversationStream, feed } from '../../support/conversation-stream';

const [dataDir, seedText, runText] = process.argv.slice(2);
if (!dataDir || !seedText || !runText)
  throw new Error('usage: history-crash-child <dataDir> <seed> <run>');

const print = (record: unknown): void => {
  // Synchronous, so a line is out before the next transaction can start.
  writeSync(1, `${JSON.stringify(record)}\n`);
};

const store = openHistory({
  dataDir,
  clock: systemClock,
  redact: (text) => redact(text),
  writer: { flushDelayMs: 20 },
});
print({ opened: store.status() });
store.writer.on('committed', ({ batch, ops }) => {
  const entries = ops.flatMap((op) =>
    op.kind === 'entry' ? [[op.conversationId, op.entry.id, op.entry.text, op.entry.final]] : [],
  );
  const tasks = ops.flatMap((op) =>
    op.kind === 'task' ? [[op.task.conversationId, op.task.id, op.task.status]] : [],
  );
  print({ batch, entries, tasks });
});
store.writer.on('error', (error) => print({ error }));

const conversationId = `run-${runText}`;
const startedAt = Date.now();
store.writer.conversationStarted({
  id: conversationId,
  startedAt,
  protocol: 'v2',
  model: 'gpt-realtime',
});
const stream = conversationStream(createRandom(Number(seedText)), conversationId, startedAt);

// Bursts of a few events per millisecond: far more than a person says, so commits are frequent.
function tick(): void {
  for (let i = 0; i < 8; i++) feed(store.writer, stream.next().value!);
  setTimeout(tick, 1);
}
tick();
