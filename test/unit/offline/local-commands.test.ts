import { describe, expect, it } from 'vitest';
import type { LocalCommand } from '../../../preload/schemas/offline';
import { LocalCommand as LocalCommandSchema } from '../../../preload/schemas/offline';
import {
  buildCommandSet,
  delegatedRequests,
  type WorkspaceFacts,
} from '../../../main/offline/offline-commands';
import { quoteArg, readmeFile, shellDialect } from '../../../main/offline/local-commands';

const everyWord = { has: () => true };

const SAMPLE: WorkspaceFacts = {
  npmScripts: ['test', 'build', 'test:unit'],
  makeTargets: ['deploy', 'test'],
  files: ['LICENSE', 'notes.txt', 'package.json', 'README.md'],
};

/** The local command of the command said as `phrase` (or typed as it). */
function localOf(facts: WorkspaceFacts, phrase: string, dialect: 'posix' | 'cmd' = 'posix') {
  const command = buildCommandSet(facts, everyWord, dialect).commands.find(
    (c) => c.phrase === phrase || c.typed.includes(phrase),
  );
  if (!command) throw new Error(`no command "${phrase}"`);
  if (command.action.kind !== 'delegate') throw new Error(`"${phrase}" is not delegated`);
  return command.action.local;
}

const runs = (local: LocalCommand | null): string[] =>
  local?.kind === 'run' ? local.steps.map((s) => s.command) : [];

describe('the command book knows the local command for each request it builds', () => {
  it('built-ins: tests and build through npm, git status, today, files, read me, opener', () => {
    expect(runs(localOf(SAMPLE, 'run the tests'))).toEqual(['npm test --silent']);
    expect(runs(localOf(SAMPLE, 'run the build'))).toEqual(['npm run build --silent']);
    expect(runs(localOf(SAMPLE, 'show the git status'))).toEqual(['git status --short --branch']);
    expect(localOf(SAMPLE, 'what changed today')).toEqual({
      kind: 'run',
      steps: [
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
      ],
    });
    expect(runs(localOf(SAMPLE, 'list the files'))).toEqual(['ls -Ap']);
    expect(runs(localOf(SAMPLE, 'summarize the read me'))).toEqual(['head -n 40 README.md']);
    expect(localOf(SAMPLE, 'open the workspace')).toEqual({ kind: 'open_workspace' });
  });

  it('workspace commands: each npm script, make target and file runs itself', () => {
    expect(runs(localOf(SAMPLE, 'npm run test:unit'))).toEqual(['npm run test:unit --silent']);
    expect(runs(localOf(SAMPLE, 'npm run build'))).toEqual(['npm run build --silent']);
    expect(runs(localOf(SAMPLE, 'make deploy'))).toEqual(['make -s deploy']);
    expect(runs(localOf(SAMPLE, 'summarize notes.txt'))).toEqual(['head -n 40 notes.txt']);
    expect(runs(localOf(SAMPLE, 'summarize LICENSE'))).toEqual(['head -n 40 LICENSE']);
  });

  it('a workspace with no tests script: the Makefile target, else no local command', () => {
    const makeOnly = { npmScripts: ['lint'], makeTargets: ['test', 'build'], files: [] };
    expect(runs(localOf(makeOnly, 'run the tests'))).toEqual(['make -s test']);
    expect(runs(localOf(makeOnly, 'run the build'))).toEqual(['make -s build']);
    const bare = { npmScripts: ['lint'], makeTargets: [], files: [] };
    expect(localOf(bare, 'run the tests')).toBeNull();
    expect(localOf(bare, 'run the build')).toBeNull();
  });

  it('with no README, summarising it is a plain answer, not a command that fails', () => {
    expect(
      localOf({ npmScripts: [], makeTargets: [], files: ['notes.txt'] }, 'summarize the read me'),
    ).toEqual({ kind: 'answer', text: 'There is no README file at the top of the workspace.' });
    expect(readmeFile(['readme.txt', 'README.md'])).toBe('README.md');
    expect(readmeFile(['Readme.rst', 'notes'])).toBe('Readme.rst');
    expect(readmeFile(['READMEFIRST.txt'])).toBeNull();
  });

  it('names that are not plain shell words are quoted, so a file name cannot run a command', () => {
    const facts = { npmScripts: ['a b'], makeTargets: [], files: ["it's; rm -rf x.md"] };
    expect(runs(localOf(facts, 'npm run a b'))).toEqual(["npm run 'a b' --silent"]);
    expect(runs(localOf(facts, "summarize it's; rm -rf x.md"))).toEqual([
      `head -n 40 'it'\\''s; rm -rf x.md'`,
    ]);
    expect(quoteArg('test:unit', 'posix')).toBe('test:unit');
    expect(quoteArg('my file.md', 'cmd')).toBe('"my file.md"');
    expect(quoteArg('50%off', 'cmd')).toBe('"50%off"');
  });

  it('on Windows the commands are written for cmd.exe', () => {
    expect(shellDialect('win32')).toBe('cmd');
    expect(shellDialect('linux')).toBe('posix');
    expect(runs(localOf(SAMPLE, 'list the files', 'cmd'))).toEqual(['dir /b']);
    expect(runs(localOf(SAMPLE, 'summarize the read me', 'cmd'))).toEqual(['type README.md']);
    expect(runs(localOf(SAMPLE, 'run the tests', 'cmd'))).toEqual(['npm test --silent']);
  });

  it('lists every delegated request with its phrase and local command, and each one is valid', () => {
    const { commands } = buildCommandSet(SAMPLE, everyWord, 'posix');
    const requests = delegatedRequests(commands);
    const delegated = commands.filter((c) => c.action.kind === 'delegate');
    expect(requests.map((r) => r.phrase)).toEqual(delegated.map((c) => c.phrase));
    expect(requests.find((r) => r.phrase === 'run the tests')).toEqual({
      phrase: 'run the tests',
      request: 'Run `npm test` in the workspace and report what failed.',
      local: {
        kind: 'run',
        steps: [{ command: 'npm test --silent', whenEmpty: '`npm test` printed nothing.' }],
      },
    });
    for (const { local } of requests)
      expect(LocalCommandSchema.safeParse(local).success).toBe(true);
    // No request is part of another, so finding one in a delegation text is unambiguous.
    for (const a of requests) {
      for (const b of requests) if (a !== b) expect(b.request.includes(a.request)).toBe(false);
    }
  });
});
