import { describe, expect, it } from 'vitest';
import {
  matchTyped,
  normaliseTyped,
  routeTurn,
  type RouteContext,
} from '../../../main/offline/command-router';
import { buildCommandSet } from '../../../main/offline/offline-commands';
import { TOOL_NAMES } from '../../../main/realtime/tool-names';

const { commands } = buildCommandSet(
  { npmScripts: ['test', 'test:unit'], makeTargets: ['deploy'], files: ['README.md'] },
  { has: () => true },
);
const ALL_TOOLS: RouteContext = { commands, declaredTools: new Set(Object.values(TOOL_NAMES)) };
const AGENT_ONLY: RouteContext = {
  commands,
  declaredTools: new Set([TOOL_NAMES.backgroundAgent]),
};
const find = (phrase: string) => commands.find((c) => c.phrase === phrase)!;

describe('typed text matching', () => {
  it('ignores case, punctuation, the [USER] prefix, please and British spelling', () => {
    expect(normaliseTyped('[USER] Please, summarise the README!')).toBe('summarize the read me');
    expect(matchTyped('Run the tests.', commands)?.phrase).toBe('run the tests');
    expect(matchTyped('[USER] run the tests please', commands)?.phrase).toBe('run the tests');
    expect(matchTyped('What is it doing?', commands)?.phrase).toBe('what is it doing');
    expect(matchTyped('summarise the readme', commands)?.phrase).toBe('summarize the read me');
  });

  it('accepts the written names of scripts and targets', () => {
    expect(matchTyped('run the test:unit script', commands)?.phrase).toBe(
      'run the test unit script',
    );
    expect(matchTyped('npm run test:unit', commands)?.phrase).toBe('run the test unit script');
    expect(matchTyped('make deploy', commands)?.phrase).toBe('make deploy');
  });

  it('matches nothing that is not a command', () => {
    expect(matchTyped('run the tests and then deploy to production', commands)).toBeNull();
    expect(matchTyped('tell me a joke', commands)).toBeNull();
    expect(matchTyped('   ', commands)).toBeNull();
    expect(matchTyped('please', commands)).toBeNull();
  });
});

describe('routing', () => {
  it('hands a delegate command to background_agent with the user words first', () => {
    const decision = routeTurn(find('run the tests'), 'run the tests', ALL_TOOLS);
    expect(decision).toMatchObject({ kind: 'delegate' });
    if (decision.kind !== 'delegate') return;
    expect(decision.prompt).toBe(
      'Run the tests. Run `npm test` in the workspace and report what failed.',
    );
    expect(decision.say).toBe('Okay, on it: run the tests.');
  });

  it('keeps typed words as typed, without the [USER] prefix', () => {
    const decision = routeTurn(find('make deploy'), '[USER] Make deploy!', ALL_TOOLS);
    expect(decision.kind === 'delegate' && decision.prompt).toBe(
      'Make deploy! Run `make deploy` in the workspace and report the outcome.',
    );
  });

  it('turns task questions into the declared tools, or says it cannot', () => {
    expect(routeTurn(find('what is it doing'), 'what is it doing', ALL_TOOLS)).toMatchObject({
      kind: 'tool',
      tool: 'task_status',
    });
    expect(
      routeTurn(find('cancel the last task'), 'cancel the last task', ALL_TOOLS),
    ).toMatchObject({
      kind: 'tool',
      tool: 'cancel_task',
    });
    expect(routeTurn(find('what are my tasks'), 'what are my tasks', AGENT_ONLY)).toEqual({
      kind: 'answer',
      say: 'I cannot see the background tasks in this session.',
      command: find('what are my tasks'),
    });
    expect(routeTurn(find('cancel the last task'), 'x', AGENT_ONLY)).toMatchObject({
      kind: 'answer',
      say: 'I cannot cancel tasks in this session.',
    });
  });

  it('answers help with real commands', () => {
    const decision = routeTurn(find('what can you do'), 'what can you do', ALL_TOOLS);
    expect(decision.kind).toBe('answer');
    if (decision.kind !== 'answer') return;
    expect(decision.say).toMatch(
      /^Offline, I understand \d+ fixed commands, for example: run the tests, /,
    );
  });

  it('never pretends: anything else gets an honest answer naming a few commands', () => {
    const decision = routeTurn(null, 'tell me a joke', ALL_TOOLS);
    expect(decision).toEqual({
      kind: 'answer',
      say:
        'Sorry, that is not one of the commands I know. I only understand a fixed set offline, ' +
        'such as: run the tests, what is it doing, summarize the read me.',
      command: null,
    });
  });

  it('does not delegate when the session has no background agent', () => {
    const none: RouteContext = { commands, declaredTools: new Set() };
    expect(routeTurn(find('run the tests'), 'run the tests', none)).toMatchObject({
      kind: 'answer',
      say: 'The background agent is not available here.',
    });
  });
});
