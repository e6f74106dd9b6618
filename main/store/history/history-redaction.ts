import type { ProgressItem, TaskSnapshot } from '../../../preload/schemas/tasks';
import type { TranscriptEntry } from '../../../preload/schemas/conversation';
import type { HistoryOp } from './history-ops';

/** Turns text about to be saved into text safe to save (API keys replaced). */
export type Redact = (text: string) => string;

// STX and ETX mark the matches in search snippets, so stored text must not contain them.
const SNIPPET_MARKS = ['\u0002', '\u0003'];

/** `redact`, and the snippet marks removed. */
function cleaner(redact: Redact): Redact {
  return (text) => SNIPPET_MARKS.reduce((out, mark) => out.replaceAll(mark, ''), redact(text));
}

/**
 * A copy of `op` with every text it carries passed through `redact`. Ids, times and numbers
 * are kept; an entry's heard length is recounted on the redacted text so it still marks the
 * same words.
 */
export function redactOp(op: HistoryOp, redact: Redact): HistoryOp {
  const clean = cleaner(redact);
  switch (op.kind) {
    case 'conversation_started':
      return { ...op, conversation: { ...op.conversation, model: clean(op.conversation.model) } };
    case 'entry':
      return { ...op, entry: redactEntry(op.entry, clean) };
    case 'task':
      return { ...op, task: redactTask(op.task, clean) };
    case 'task_progress':
      return { ...op, name: clean(op.name), item: redactItem(op.item, clean) };
    default:
      return op;
  }
}

function redactEntry(entry: TranscriptEntry, clean: Redact): TranscriptEntry {
  const text = clean(entry.text);
  const heardChars =
    entry.heardChars === null ? null : clean(entry.text.slice(0, entry.heardChars)).length;
  return {
    ...entry,
    text,
    heardChars: heardChars === null ? null : Math.min(heardChars, text.length),
  };
}

function redactTask(task: TaskSnapshot, clean: Redact): TaskSnapshot {
  const maybe = (text: string | null): string | null => (text === null ? null : clean(text));
  return {
    ...task,
    name: clean(task.name),
    prompt: clean(task.prompt),
    text: clean(task.text),
    workspace: clean(task.workspace),
    result: maybe(task.result),
    error: maybe(task.error),
    followUps: task.followUps.map(clean),
    // Progress is saved from its own operations; the snapshot's copy is not written.
    progress: [],
  };
}

/** A progress item with each of its texts redacted. */
export function redactItem(item: ProgressItem, clean: Redact): ProgressItem {
  switch (item.kind) {
    case 'agent_message':
      return { ...item, text: clean(item.text) };
    case 'command':
      return { ...item, command: clean(item.command) };
    case 'file_change':
      return { ...item, path: clean(item.path) };
    case 'plan':
      return { ...item, items: item.items.map((p) => ({ ...p, text: clean(p.text) })) };
    case 'log':
      return { ...item, line: clean(item.line) };
    case 'usage':
      return item;
  }
}
