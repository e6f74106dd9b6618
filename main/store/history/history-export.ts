import { describeIssues } from '../../../preload/contract';
import {
  ConversationExport,
  type HistoryConversation,
  type HistoryTask,
} from '../../../preload/schemas/history';
import { type ProgressItem } from '../../../preload/schemas/tasks';
import { type TranscriptEntry } from '../../../preload/schemas/conversation';
import { parseJson } from '../../base/json';
import { err, ok, type Result, type TaggedError } from '../../base/result';

/** `conversation` as the JSON export file: {@link parseConversationExport} reads it back. */
export function exportJson(conversation: HistoryConversation): string {
  const file: ConversationExport = { format: 'parley.conversation', version: 1, conversation };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Reads a JSON export back; a file that is not one says what is wrong with it. */
export function parseConversationExport(
  text: string,
): Result<HistoryConversation, TaggedError<'malformed_json' | 'not_an_export'>> {
  const json = parseJson(text);
  if (!json.ok) return json;
  const parsed = ConversationExport.safeParse(json.value);
  if (!parsed.success) return err('not_an_export', describeIssues(parsed.error));
  return ok(parsed.data.conversation);
}

/** How times are written in an export (local time by default). */
export type FormatTime = (epochMs: number) => string;

/** `YYYY-MM-DD HH:MM:SS` in this process's time zone. */
export const localTime: FormatTime = (epochMs) => {
  const d = new Date(epochMs);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `${date} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
};

/**
 * `conversation` as a Markdown document: the transcript (unheard words struck through) and
 * each task with its result and progress. Every text is escaped, so what was said can neither
 * format the document nor put HTML in it.
 */
export function exportMarkdown(
  conversation: HistoryConversation,
  formatTime: FormatTime = localTime,
): string {
  const c = conversation.conversation;
  const lines = [
    `# ${c.title ? escapeMarkdown(c.title) : 'Conversation'}`,
    '',
    `- Started: ${formatTime(c.startedAt)}`,
    `- Ended: ${c.endedAt === null ? 'not recorded' : formatTime(c.endedAt)}`,
    `- Protocol: ${escapeMarkdown(c.protocol)}, model: ${escapeMarkdown(c.model)}`,
  ];
  if (c.codexThreadId) lines.push(`- Codex thread: ${codeSpan(c.codexThreadId)}`);
  lines.push('', '## Transcript', '');
  if (conversation.entries.length === 0) lines.push('_Nothing was said._', '');
  for (const entry of conversation.entries) lines.push(entryLine(entry, formatTime), '');
  if (conversation.tasks.length > 0) {
    lines.push('## Tasks', '');
    for (const task of conversation.tasks) lines.push(...taskLines(task, formatTime), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function entryLine(entry: TranscriptEntry, formatTime: FormatTime): string {
  const who = entry.role === 'user' ? 'You' : 'Parley';
  const how = [
    formatTime(entry.at),
    entry.typed ? 'typed' : null,
    entry.final ? null : 'unfinished',
  ]
    .filter((part) => part !== null)
    .join(', ');
  const heard = entry.heardChars === null ? entry.text : entry.text.slice(0, entry.heardChars);
  const unheard = entry.heardChars === null ? '' : entry.text.slice(entry.heardChars);
  if (!unheard.trim()) return `**${who}** (${how}): ${escapeMarkdown(entry.text)}`;
  const struck = `~~${escapeMarkdown(unheard.trim())}~~ _(not heard: cut off)_`;
  return `**${who}** (${how}): ${escapeMarkdown(heard.trimEnd())} ${struck}`;
}

function taskLines(task: HistoryTask, formatTime: FormatTime): string[] {
  const lines = [`### ${escapeMarkdown(task.name)} — ${task.status}`, ''];
  lines.push(`- Asked: ${escapeMarkdown(task.prompt)}`);
  lines.push(`- Created: ${formatTime(task.createdAt)}`);
  if (task.durationMs !== null) lines.push(`- Took: ${(task.durationMs / 1_000).toFixed(1)} s`);
  if (task.usage) {
    lines.push(`- Tokens: ${task.usage.inputTokens} in, ${task.usage.outputTokens} out`);
  }
  if (task.result !== null) lines.push('', 'Result:', '', blockquote(task.result));
  if (task.error !== null) lines.push('', `Error: ${escapeMarkdown(task.error)}`);
  if (task.progress.length > 0) {
    lines.push('', 'Progress:', '');
    for (const { item } of task.progress) lines.push(`- ${progressText(item)}`);
    if (task.progressDropped > 0) lines.push(`- … ${task.progressDropped} more not kept`);
  }
  return lines;
}

function progressText(item: ProgressItem): string {
  switch (item.kind) {
    case 'agent_message':
      return escapeMarkdown(item.text);
    case 'command':
      return `ran ${codeSpan(item.command)} (${item.status}${item.exitCode === null ? '' : `, exit ${item.exitCode}`})`;
    case 'file_change':
      return `${item.change} ${codeSpan(item.path)}`;
    case 'plan':
      return `plan: ${item.items.map((p) => `${p.completed ? '[x]' : '[ ]'} ${escapeMarkdown(p.text)}`).join('; ')}`;
    case 'log':
      return `${item.stream ?? 'log'}: ${codeSpan(item.line)}`;
    case 'usage':
      return `tokens: ${item.usage.inputTokens} in, ${item.usage.outputTokens} out`;
  }
}

/**
 * Backslash-escapes the characters that format text inside a line (emphasis, code, links,
 * HTML, entities, strike-through, tables), and folds lines into one.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/[\\`*_[\]<>&~|]/g, '\\$&');
}

/** {@link escapeMarkdown}, plus what starts a heading, list or rule at the start of a line. */
function escapeLine(text: string): string {
  return escapeMarkdown(text)
    .replace(/^(\s*)([#+=-])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

/** A code span whose fence is longer than any run of backticks inside it. */
function codeSpan(text: string): string {
  const oneLine = text.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...(oneLine.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') || oneLine === '' ? ' ' : '';
  return `${fence}${pad}${oneLine}${pad}${fence}`;
}

function blockquote(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => (line.trim() ? `> ${escapeLine(line)}` : '>'))
    .join('\n');
}
