import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecentTask } from '../../../preload/schemas/tasks';
import { buildStartupContext, estimateTokens } from '../../../main/realtime/startup-context';

let root: string;
let workspace: string;

async function touch(path: string, content = ''): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, content);
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'parley-ctx-'));
  workspace = join(root, 'my-project');
  await mkdir(workspace);
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('buildStartupContext workspace', () => {
  it('names the workspace and lists a depth-2 tree, directories first', async () => {
    await touch(join(workspace, 'package.json'), '{}');
    await touch(join(workspace, 'src', 'index.ts'));
    await touch(join(workspace, 'src', 'lib', 'deep', 'hidden.ts'));
    await touch(join(workspace, 'docs', 'guide.md'));
    const context = await buildStartupContext({ workspace });
    expect(context).toContain('Name: my-project');
    expect(context).toContain(
      [
        'Files (depth 2):',
        'docs/',
        '  guide.md',
        'src/',
        '  lib/',
        '  index.ts',
        'package.json',
      ].join('\n'),
    );
    expect(context).not.toContain('deep');
    expect(context).not.toContain('hidden.ts');
  });

  it('skips VCS, dependency, build and cache directories', async () => {
    for (const dir of [
      '.git',
      'node_modules',
      'dist',
      'build',
      'out',
      'target',
      '.cache',
      '__pycache__',
      '.next',
      '.venv',
    ]) {
      await touch(join(workspace, dir, 'x.txt'));
    }
    await touch(join(workspace, 'app', 'node_modules', 'y.js'));
    await touch(join(workspace, 'app', 'main.py'));
    await touch(join(workspace, '.github', 'ci.yml'));
    const context = await buildStartupContext({ workspace });
    for (const dir of [
      '.git/',
      'node_modules',
      'dist/',
      'build/',
      'out/',
      'target/',
      '.cache',
      '__pycache__',
      '.next',
      '.venv',
    ]) {
      expect(context).not.toContain(dir);
    }
    expect(context).toContain('app/\n  main.py');
    expect(context).toContain('.github/');
  });

  it('a file named like a skipped directory is still listed', async () => {
    await touch(join(workspace, 'build'), '#!/bin/sh');
    expect(await buildStartupContext({ workspace })).toMatch(/^build$/m);
  });

  it('includes the AGENTS.md head in preference to the README', async () => {
    await touch(join(workspace, 'AGENTS.md'), '# Agent notes\nUse pnpm.\n');
    await touch(join(workspace, 'README.md'), '# Readme\n');
    const context = await buildStartupContext({ workspace });
    expect(context).toContain('## AGENTS.md (head)\n# Agent notes\nUse pnpm.');
    expect(context).not.toContain('# Readme');
  });

  it('falls back to the README', async () => {
    await touch(join(workspace, 'readme.md'), 'Hello project\n');
    expect(await buildStartupContext({ workspace })).toContain(
      '## readme.md (head)\nHello project',
    );
  });

  it('cuts a long README to whole lines with a marker', async () => {
    const long = Array.from({ length: 5000 }, (_, i) => `line ${i} of the readme`).join('\n');
    await touch(join(workspace, 'README.md'), long);
    const context = await buildStartupContext({ workspace, maxTokens: 1000 });
    expect(context).toContain('line 0 of the readme');
    expect(context).not.toContain('line 4999');
    expect(context).toMatch(/line \d+ of the readme\n…/);
    expect(estimateTokens(context)).toBeLessThanOrEqual(1000);
  });

  it('truncates a large tree with "… N more" and stays within the budget', async () => {
    for (let d = 0; d < 40; d++) {
      for (let f = 0; f < 30; f++)
        await touch(join(workspace, `dir${String(d).padStart(2, '0')}`, `file-${f}.ts`));
    }
    const context = await buildStartupContext({ workspace, maxTokens: 500 });
    expect(estimateTokens(context)).toBeLessThanOrEqual(500);
    expect(context).toMatch(/\n… \d+ more$/m);
    expect(context).toContain('dir00/');
    // A directory with more than 25 children lists 25 and says how many are left.
    expect(context).toContain('  … 5 more');
  });

  it('honours the default 5,000-token budget', async () => {
    for (let d = 0; d < 80; d++) {
      for (let f = 0; f < 25; f++)
        await touch(join(workspace, `d${d}`, `a-rather-long-file-name-${f}.ts`));
    }
    const context = await buildStartupContext({ workspace });
    expect(estimateTokens(context)).toBeLessThanOrEqual(5000);
    expect(estimateTokens(context)).toBeGreaterThan(4000);
  });
});

describe('buildStartupContext tasks and failures', () => {
  const tasks: RecentTask[] = [
    { name: 'tests', prompt: 'run the\ntests', status: 'done', outcome: '3 failures in parser' },
    { name: 'lint', status: 'failed', outcome: null },
  ];

  it('lists recent tasks with status and outcome', async () => {
    const context = await buildStartupContext({ workspace, recentTasks: tasks });
    expect(context).toContain(
      '## Recent delegated tasks\n- tests [done] "run the tests" → 3 failures in parser\n- lint [failed]',
    );
  });

  it('keeps at most 10 tasks and says how many are older', async () => {
    const many = Array.from({ length: 14 }, (_, i) => ({ name: `t${i}`, status: 'done' }));
    const context = await buildStartupContext({ workspace: null, recentTasks: many });
    expect(context).toContain('- t9 [done]');
    expect(context).not.toContain('- t10 ');
    expect(context).toContain('… 4 older');
  });

  it('clips a very long outcome', async () => {
    const context = await buildStartupContext({
      workspace: null,
      recentTasks: [{ name: 'x', status: 'done', outcome: 'y'.repeat(5000) }],
    });
    expect(context.split('\n')[1]?.length).toBeLessThanOrEqual(300);
  });

  it('a missing workspace gives the tasks only, and never throws', async () => {
    const context = await buildStartupContext({
      workspace: join(root, 'nope'),
      recentTasks: tasks,
    });
    expect(context.startsWith('## Recent delegated tasks')).toBe(true);
    expect(context).not.toContain('Workspace');
    await expect(buildStartupContext({ workspace: null })).resolves.toBe('');
    await expect(buildStartupContext({ workspace: '' })).resolves.toBe('');
  });

  it('a workspace that is a file is treated as missing', async () => {
    const file = join(root, 'file.txt');
    await touch(file, 'x');
    await expect(buildStartupContext({ workspace: file })).resolves.toBe('');
  });

  it('an empty workspace still gets its name', async () => {
    const context = await buildStartupContext({ workspace });
    expect(context).toContain('Name: my-project');
    expect(context).toContain('Files (depth 2):');
  });

  it('a zero budget yields an empty context', async () => {
    await touch(join(workspace, 'a.txt'));
    await expect(
      buildStartupContext({ workspace, recentTasks: tasks, maxTokens: 0 }),
    ).resolves.toBe('');
  });
});

describe('estimateTokens', () => {
  it('counts UTF-8 bytes / 4, rounded up', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('abcd')).toBe(1);
    expect(estimateTokens('abcde')).toBe(2);
    expect(estimateTokens('€€')).toBe(2); // 6 bytes
  });
});
