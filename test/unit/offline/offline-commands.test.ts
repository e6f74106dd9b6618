import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { buildJsgf, buildPhoneLoopJsgf, grammarWords } from '../../../main/offline/command-grammar';
import { buildCommandSet, describeCommand } from '../../../main/offline/offline-commands';
import { loadDictionaryLexicon } from '../../../main/offline/offline-models';
import {
  parseMakeTargets,
  parseNpmScripts,
  readWorkspaceFacts,
} from '../../../main/offline/workspace-facts';
import { makeSampleWorkspace } from '../../support/offline-workspace';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function workspace(): string {
  const dir = makeSampleWorkspace();
  dirs.push(dir);
  return dir;
}

describe('workspace facts', () => {
  it('reads npm scripts, Makefile targets and top-level files (no hidden files)', async () => {
    const { facts, problems } = await readWorkspaceFacts(workspace());
    expect(problems).toEqual([]);
    expect(facts.npmScripts).toEqual(['test', 'build', 'lint', 'test:unit', 'typecheck', 'dev']);
    expect(facts.makeTargets).toEqual(['deploy', 'clean']);
    expect(facts.files).toEqual(['Makefile', 'notes.txt', 'package.json', 'README.md']);
  });

  it('reports a broken package.json and still reads the rest', async () => {
    const dir = workspace();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${dir}/package.json`, '{"scripts": {');
    const { facts, problems } = await readWorkspaceFacts(dir);
    expect(problems).toEqual([
      expect.stringMatching(/^package\.json: package\.json is not valid JSON/),
    ]);
    expect(facts.npmScripts).toEqual([]);
    expect(facts.makeTargets).toEqual(['deploy', 'clean']);
  });

  it('parses Makefile rules, skipping variables, special and pattern targets and recipes', () => {
    const text = [
      'CC := gcc',
      'X = 1',
      'all build: deps',
      '\techo all: not a target',
      '%.o: %.c',
      '.PHONY: all',
      '# comment: no',
      'install:: all',
      'all: again',
    ].join('\n');
    expect(parseMakeTargets(text)).toEqual(['all', 'build', 'install']);
  });

  it('keeps only string npm scripts and rejects non-objects', () => {
    expect(parseNpmScripts('{"scripts":{"a":"x","b":1,"":"y"}}')).toEqual(['a']);
    expect(parseNpmScripts('{"name":"x"}')).toEqual([]);
    expect(() => parseNpmScripts('[]')).toThrow('package.json is not a JSON object');
    expect(() => parseNpmScripts('{"scripts":[]}')).toThrow('"scripts" is not an object');
  });
});

describe('command set', () => {
  it('adds one command per script, target and file, with plain-words requests', async () => {
    const { facts } = await readWorkspaceFacts(workspace());
    const { commands, unspeakable } = buildCommandSet(facts, await loadDictionaryLexicon());
    expect(unspeakable).toEqual([]);
    const phrases = commands.map((c) => c.phrase);
    expect(phrases.slice(0, 4)).toEqual([
      'run the tests',
      'what are my tasks',
      'what is it doing',
      'cancel the last task',
    ]);
    expect(phrases).toEqual(
      expect.arrayContaining([
        'summarize the read me',
        'what changed today',
        'open the workspace',
        'run the test unit script',
        'run the type check script',
        'make deploy',
        'make clean',
        'summarize read me md',
        'summarize package json',
        'summarize notes t x t',
      ]),
    );
    const byPhrase = new Map(commands.map((c) => [c.phrase, c]));
    expect(byPhrase.get('run the tests')?.action).toMatchObject({
      kind: 'delegate',
      request: 'Run `npm test` in the workspace and report what failed.',
    });
    expect(byPhrase.get('run the test unit script')?.action).toMatchObject({
      kind: 'delegate',
      request: 'Run `npm run test:unit` in the workspace and report the outcome.',
    });
    expect(byPhrase.get('make deploy')?.typed).toEqual(['make deploy']);
    expect(describeCommand(byPhrase.get('what is it doing')!)).toEqual({
      phrase: 'what is it doing',
      source: 'built-in',
      does: 'Says what the background tasks are doing.',
    });
    expect(new Set(phrases).size).toBe(phrases.length);
  });

  it('names the Makefile test target when there is no npm test script', () => {
    const lexicon = { has: () => true };
    const { commands } = buildCommandSet(
      { npmScripts: [], makeTargets: ['test'], files: [] },
      lexicon,
    );
    expect(commands[0]?.action).toMatchObject({
      kind: 'delegate',
      request: 'Run `make test` in the workspace and report what failed.',
    });
  });

  it('leaves out names it cannot say, and reports them', () => {
    const known = new Set(['build', 'two', 'type', 'check', 'make', 'file', 't', 's', 'c']);
    const lexicon = { has: (w: string) => known.has(w) };
    const set = buildCommandSet(
      { npmScripts: ['build2', 'typecheck', 'tsc', 'xyzzyplugh'], makeTargets: [], files: [] },
      lexicon,
    );
    const scripts = set.commands.filter((c) => c.source === 'npm-script').map((c) => c.phrase);
    expect(scripts).toEqual([
      'run the build two script',
      'run the type check script',
      'run the t s c script',
    ]);
    expect(set.unspeakable).toEqual([{ source: 'npm-script', name: 'xyzzyplugh' }]);
  });
});

describe('grammar', () => {
  it('is a closed JSGF over the phrases, with optional please, and a separate phone loop', async () => {
    const { facts } = await readWorkspaceFacts(workspace());
    const { commands } = buildCommandSet(facts, await loadDictionaryLexicon());
    const jsgf = buildJsgf(commands);
    expect(jsgf).toMatch(/^#JSGF V1\.0;\ngrammar parley;\n/);
    expect(jsgf).toContain('public <utterance> = [please] <command> [please];');
    expect(jsgf).toContain('<command> = run the tests | what are my tasks |');
    expect(jsgf).toContain('| make deploy |');
    expect(buildPhoneLoopJsgf()).toContain('public <phones> = <phone>+;');
    expect(buildPhoneLoopJsgf()).toContain('oog_aa | oog_ae');
    expect(grammarWords(commands)).toEqual(expect.arrayContaining(['please', 'json', 'deploy']));
    expect(() => buildJsgf([])).toThrow('at least one command');
  });
});
