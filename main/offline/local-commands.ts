import type { LocalCommand, LocalStep } from '../../preload/schemas/offline';

/** The shell a local command is written for: `/bin/sh` on POSIX, `cmd.exe` on Windows. */
export type ShellDialect = 'posix' | 'cmd';

/** The dialect of the shell the command delegate uses on `platform`. */
export function shellDialect(platform: NodeJS.Platform): ShellDialect {
  return platform === 'win32' ? 'cmd' : 'posix';
}

/** Lines of a file read out for "summarize …": the summariser speaks only the first sentences. */
const FIRST_LINES = 40;

/** `arg` as one shell word: plain names stay as they are, others are quoted. */
export function quoteArg(arg: string, dialect: ShellDialect): string {
  if (/^[\w@%+=:,./-]+$/.test(arg) && !(dialect === 'cmd' && arg.includes('%'))) return arg;
  if (dialect === 'cmd') return `"${arg.replace(/"/g, '""')}"`;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

function run(...steps: LocalStep[]): LocalCommand {
  return { kind: 'run', steps };
}

/** An npm script; `--silent` keeps npm's banner and its own error report out of the answer. */
export function npmScriptCommand(name: string, dialect: ShellDialect): LocalCommand {
  const command = name === 'test' ? 'npm test' : `npm run ${quoteArg(name, dialect)}`;
  return run({ command: `${command} --silent`, whenEmpty: `\`${command}\` printed nothing.` });
}

/** A Makefile target; `-s` keeps make from echoing each recipe line into the answer. */
export function makeTargetCommand(target: string, dialect: ShellDialect): LocalCommand {
  const command = `make -s ${quoteArg(target, dialect)}`;
  return run({ command, whenEmpty: `\`make ${target}\` printed nothing.` });
}

/** The first lines of a top-level file (the whole file on Windows, bounded by the runner). */
export function firstLinesCommand(file: string, dialect: ShellDialect): LocalCommand {
  const quoted = quoteArg(file, dialect);
  const command = dialect === 'cmd' ? `type ${quoted}` : `head -n ${FIRST_LINES} ${quoted}`;
  return run({ command, whenEmpty: `${file} is empty.` });
}

/** The workspace's top-level files and folders (folders end in `/` on POSIX). */
export function listingCommand(dialect: ShellDialect): LocalCommand {
  const command = dialect === 'cmd' ? 'dir /b' : 'ls -Ap';
  return run({
    command,
    title: 'Top-level files and folders:',
    whenEmpty: 'The workspace is empty.',
  });
}

/** The branch and the uncommitted changes. */
export const GIT_STATUS_COMMAND: LocalCommand = run({ command: 'git status --short --branch' });

/** Today's commits and what is not committed yet. */
export const CHANGED_TODAY_COMMAND: LocalCommand = run(
  {
    command: 'git log --since=midnight --oneline',
    title: 'Commits since midnight:',
    whenEmpty: 'No commits since midnight.',
  },
  {
    command: 'git status --short',
    title: 'Uncommitted changes:',
    whenEmpty: 'No uncommitted changes.',
  },
);

/** Opens the workspace with the desktop's opener; the runner says so plainly where there is none. */
export const OPEN_WORKSPACE_COMMAND: LocalCommand = { kind: 'open_workspace' };

/** The README among the top-level files: `README.md` first, then any `README*`. */
export function readmeFile(files: readonly string[]): string | null {
  const readmes = files.filter((name) => /^readme(\.[\w-]+)?$/i.test(name));
  return readmes.find((name) => /^readme\.md$/i.test(name)) ?? readmes[0] ?? null;
}

/** The README's first lines, or a plain answer when the workspace has none. */
export function readmeCommand(files: readonly string[], dialect: ShellDialect): LocalCommand {
  const readme = readmeFile(files);
  if (readme) return firstLinesCommand(readme, dialect);
  return { kind: 'answer', text: 'There is no README file at the top of the workspace.' };
}
