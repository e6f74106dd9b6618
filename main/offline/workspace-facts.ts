import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseJson, isJsonObject } from '../base/json';
import type { WorkspaceFacts } from './offline-commands';

/** Makefile names make looks for, in its order. */
const MAKEFILE_NAMES = ['GNUmakefile', 'makefile', 'Makefile'];

/** The facts, and what could not be read (each a sentence for the log). */
export interface WorkspaceReading {
  facts: WorkspaceFacts;
  problems: string[];
}

/** Script names of a package.json text; throws with a clear message on bad JSON or shape. */
export function parseNpmScripts(text: string): string[] {
  const parsed = parseJson(text);
  if (!parsed.ok) throw new Error(`package.json is not valid JSON: ${parsed.error.message}`);
  if (!isJsonObject(parsed.value)) throw new Error('package.json is not a JSON object');
  const scripts = parsed.value['scripts'];
  if (scripts === undefined) return [];
  if (!isJsonObject(scripts)) throw new Error('package.json "scripts" is not an object');
  return Object.entries(scripts)
    .filter(([name, command]) => name.trim() !== '' && typeof command === 'string')
    .map(([name]) => name);
}

/**
 * Explicit targets of a Makefile: `name: deps` rules, in order, without special targets
 * (`.PHONY`), pattern rules (`%.o`), variable assignments (`X := y`) or recipe lines.
 */
export function parseMakeTargets(text: string): string[] {
  const targets: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('\t') || line.trimStart().startsWith('#')) continue;
    const match = /^([^:=#\s][^:=#]*?)\s*::?(?![=])/.exec(line);
    if (!match?.[1]) continue;
    for (const name of match[1].split(/\s+/)) {
      if (name === '' || name.startsWith('.') || /[%$()]/.test(name)) continue;
      if (!targets.includes(name)) targets.push(name);
    }
  }
  return targets;
}

async function readOptional(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function readMakefile(dir: string): Promise<string | null> {
  for (const name of MAKEFILE_NAMES) {
    const text = await readOptional(join(dir, name));
    if (text !== null) return text;
  }
  return null;
}

/** What {@link readWorkspaceFacts} tolerates: a part that fails is reported, not fatal. */
async function attempt<T>(problems: string[], what: string, read: () => Promise<T>, empty: T) {
  try {
    return await read();
  } catch (error) {
    problems.push(`${what}: ${(error as Error).message}`);
    return empty;
  }
}

/** Reads the npm scripts, Makefile targets and top-level files of `dir`. */
export async function readWorkspaceFacts(dir: string): Promise<WorkspaceReading> {
  const problems: string[] = [];
  const npmScripts = await attempt(
    problems,
    'package.json',
    async () => {
      const text = await readOptional(join(dir, 'package.json'));
      return text === null ? [] : parseNpmScripts(text);
    },
    [],
  );
  const makeTargets = await attempt(
    problems,
    'Makefile',
    async () => {
      const text = await readMakefile(dir);
      return text === null ? [] : parseMakeTargets(text);
    },
    [],
  );
  const files = await attempt(
    problems,
    'workspace folder',
    async () =>
      (await readdir(dir, { withFileTypes: true }))
        .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
        .map((entry) => entry.name)
        .sort((a, b) => a.localeCompare(b)),
    [],
  );
  return { facts: { npmScripts, makeTargets, files }, problems };
}
