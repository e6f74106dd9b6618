import type { RecentTask } from '../../preload/schemas/tasks';
import type { Dirent } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** A delegated task as the startup context shows it (newest first in the list). */

/** Input of {@link buildStartupContext}. */
export interface StartupContextOptions {
  /** Folder the delegate works in; null or missing gives a context without workspace part. */
  workspace: string | null;
  recentTasks?: readonly RecentTask[];
  /** Budget in tokens, counted as UTF-8 bytes / 4. Default 5,000. */
  maxTokens?: number;
}

/** Directory names never listed: VCS, dependencies, build output and caches. */
export const SKIPPED_DIRS: ReadonlySet<string> = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  'dist',
  'build',
  'out',
  'target',
  '.cache',
  '__pycache__',
  '.next',
  '.nuxt',
  '.svelte-kit',
  '.turbo',
  '.parcel-cache',
  '.venv',
  'venv',
  '.tox',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
  '.gradle',
  '.idea',
]);
/** Files never listed. */
const SKIPPED_FILES: ReadonlySet<string> = new Set(['.DS_Store', 'Thumbs.db']);

const DOC_NAMES = ['agents.md', 'readme.md', 'readme', 'readme.txt', 'readme.rst'];
const MAX_TASKS = 10;
const MAX_TASK_LINE = 300;
const MAX_CHILDREN_PER_DIR = 25;
const TASK_SHARE = 0.3;
const DOC_SHARE = 0.3;

/** Token estimate used for the budget: UTF-8 bytes / 4, rounded up. */
export function estimateTokens(text: string): number {
  return Math.ceil(Buffer.byteLength(text, 'utf8') / 4);
}

/**
 * The startup context appended to the voice prompt: workspace name, a
 * depth-2 tree, the head of AGENTS.md (else README), and the recent tasks with outcomes,
 * within `maxTokens`. Tasks and the doc head each get at most 30% of the budget and the tree
 * the rest, cut with a "… N more" marker. Never throws: unreadable parts are left out.
 */
export async function buildStartupContext(options: StartupContextOptions): Promise<string> {
  const budget = Math.max(0, (options.maxTokens ?? 5_000) * 4);
  const tasks = tasksSection(options.recentTasks ?? [], Math.floor(budget * TASK_SHARE));
  const workspace = await workspaceDir(options.workspace);
  if (!workspace) return cutToBytes(tasks, budget);

  const entries = await listDir(workspace);
  const header = `## Workspace\nName: ${basename(workspace)}\nPath: ${workspace}`;
  const docs = await docSection(workspace, entries, Math.floor(budget * DOC_SHARE));
  const used = bytes(header) + bytes(docs) + bytes(tasks) + 12; // separators
  const treeLines = await treeLinesOf(workspace, entries);
  const tree = fitLines(['Files (depth 2):', ...treeLines], budget - used);
  const parts = [header + (tree ? `\n\n${tree}` : ''), docs, tasks].filter((p) => p !== '');
  return cutToBytes(parts.join('\n\n'), budget);
}

async function workspaceDir(path: string | null): Promise<string | null> {
  if (!path || path.trim() === '') return null;
  try {
    return (await stat(path)).isDirectory() ? path : null;
  } catch {
    return null;
  }
}

/** Directory entries, directories first, then by name; [] when unreadable. */
async function listDir(path: string): Promise<Dirent[]> {
  try {
    const entries = await readdir(path, { withFileTypes: true });
    return entries
      .filter((e) => !(e.isDirectory() ? SKIPPED_DIRS : SKIPPED_FILES).has(e.name))
      .sort(
        (a, b) =>
          Number(b.isDirectory()) - Number(a.isDirectory()) ||
          (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
      );
  } catch {
    return [];
  }
}

async function treeLinesOf(root: string, entries: readonly Dirent[]): Promise<string[]> {
  const lines: string[] = [];
  for (const entry of entries) {
    // Symlinked directories are listed but not followed (they may point anywhere).
    if (!entry.isDirectory()) {
      lines.push(entry.name);
      continue;
    }
    lines.push(`${entry.name}/`);
    const children = await listDir(join(root, entry.name));
    for (const child of children.slice(0, MAX_CHILDREN_PER_DIR)) {
      lines.push(`  ${child.name}${child.isDirectory() ? '/' : ''}`);
    }
    if (children.length > MAX_CHILDREN_PER_DIR) {
      lines.push(`  … ${children.length - MAX_CHILDREN_PER_DIR} more`);
    }
  }
  return lines;
}

async function docSection(
  root: string,
  entries: readonly Dirent[],
  budget: number,
): Promise<string> {
  const doc = DOC_NAMES.map((name) =>
    entries.find((e) => !e.isDirectory() && e.name.toLowerCase() === name),
  ).find((e) => e !== undefined);
  if (!doc) return '';
  const heading = `## ${doc.name} (head)`;
  const room = budget - bytes(heading) - 1;
  if (room <= 0) return '';
  const head = await readHead(join(root, doc.name), room + 1);
  if (head === null || head.text.trim() === '') return '';
  const lines = head.text.replace(/\r\n/g, '\n').trimEnd().split('\n');
  // A file longer than what was read ends mid-line: drop that partial line.
  if (head.truncated && lines.length > 1) lines.pop();
  const marker = '\n…';
  let body = fitLines(lines, room - (head.truncated ? bytes(marker) : 0), () => '…');
  if (head.truncated && body !== '' && !body.endsWith('…')) body += marker;
  return body ? `${heading}\n${body}` : '';
}

async function readHead(
  path: string,
  maxBytes: number,
): Promise<{ text: string; truncated: boolean } | null> {
  try {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(maxBytes);
      const { bytesRead } = await handle.read(buffer, 0, maxBytes, 0);
      const size = (await handle.stat()).size;
      return { text: buffer.subarray(0, bytesRead).toString('utf8'), truncated: size > bytesRead };
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
}

function tasksSection(tasks: readonly RecentTask[], budget: number): string {
  if (tasks.length === 0) return '';
  const lines = tasks.slice(0, MAX_TASKS).map((task) => {
    const prompt = task.prompt?.trim() ? ` "${oneLine(task.prompt)}"` : '';
    const outcome = task.outcome?.trim() ? ` → ${oneLine(task.outcome)}` : '';
    return clip(`- ${oneLine(task.name)} [${task.status}]${prompt}${outcome}`, MAX_TASK_LINE);
  });
  const more = tasks.length - lines.length;
  if (more > 0) lines.push(`… ${more} older`);
  return fitLines(['## Recent delegated tasks', ...lines], budget);
}

/**
 * As many whole lines as fit in `budget` bytes (newline-joined); when some are left out the
 * last kept line is followed by a marker, "… N more" by default.
 */
function fitLines(
  lines: readonly string[],
  budget: number,
  marker: (left: number) => string = (left) => `… ${left} more`,
): string {
  const all = lines.join('\n');
  if (bytes(all) <= budget) return all;
  const kept: string[] = [];
  let size = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const next = size + bytes(line) + (kept.length ? 1 : 0);
    const tail = bytes(marker(lines.length - i - 1)) + 1;
    if (next + tail > budget) {
      const left = lines.length - i;
      return kept.length ? [...kept, marker(left)].join('\n') : '';
    }
    kept.push(line);
    size = next;
  }
  return kept.join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Last resort so the budget always holds: cut at a line end within `budget` bytes. */
function cutToBytes(text: string, budget: number): string {
  if (bytes(text) <= budget) return text;
  const cut = Buffer.from(text, 'utf8').subarray(0, budget).toString('utf8');
  const end = cut.lastIndexOf('\n');
  return (end > 0 ? cut.slice(0, end) : '').replace(/\uFFFD$/, '');
}
