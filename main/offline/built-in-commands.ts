import type { OfflineCommand, WorkspaceFacts } from './offline-commands';

function delegate(phrase: string, request: string, typed: string[] = []): OfflineCommand {
  return { phrase, source: 'built-in', action: { kind: 'delegate', request }, typed };
}

/** How the workspace runs a job: its npm script, else its make target, else null. */
function runnerFor(facts: WorkspaceFacts, npmScript: string, makeTarget: string): string | null {
  if (facts.npmScripts.includes(npmScript)) {
    return npmScript === 'test' ? 'npm test' : `npm run ${npmScript}`;
  }
  if (facts.makeTargets.includes(makeTarget)) return `make ${makeTarget}`;
  return null;
}

function testsRequest(facts: WorkspaceFacts): string {
  const runner = runnerFor(facts, 'test', 'test');
  return runner
    ? `Run \`${runner}\` in the workspace and report what failed.`
    : 'Find how this workspace runs its tests, run them, and report what failed.';
}

function buildRequest(facts: WorkspaceFacts): string {
  const runner = runnerFor(facts, 'build', 'build');
  return runner
    ? `Run \`${runner}\` in the workspace and report any errors.`
    : 'Find how this workspace is built, build it, and report any errors.';
}

/**
 * The fixed commands; their delegate requests name the workspace's own test and build
 * commands when it has them. Phrases use only words of the recogniser's dictionary
 * ("summarize", "read me"); typed British spellings are normalised before matching.
 */
export function builtInCommands(facts: WorkspaceFacts): OfflineCommand[] {
  return [
    delegate('run the tests', testsRequest(facts), ['run tests']),
    { phrase: 'what are my tasks', source: 'built-in', action: { kind: 'task_status' }, typed: [] },
    { phrase: 'what is it doing', source: 'built-in', action: { kind: 'task_status' }, typed: [] },
    {
      phrase: 'cancel the last task',
      source: 'built-in',
      action: { kind: 'cancel_task' },
      typed: [],
    },
    delegate(
      'summarize the read me',
      'Read the README in the workspace and summarise it in a few sentences.',
      ['summarize the readme'],
    ),
    delegate(
      'what changed today',
      'Summarise what changed in the workspace today: commits since midnight ' +
        '(`git log --since=midnight`) and uncommitted changes (`git status`, `git diff --stat`).',
    ),
    delegate(
      'open the workspace',
      'Open the workspace folder in the desktop file manager (for example `xdg-open .`) and ' +
        'say when it is open.',
    ),
    delegate('run the build', buildRequest(facts)),
    delegate('show the git status', 'Run `git status` in the workspace and summarise it.', [
      'git status',
    ]),
    delegate(
      'list the files',
      'List the top-level files and folders of the workspace in one or two sentences.',
    ),
    { phrase: 'what can you do', source: 'built-in', action: { kind: 'help' }, typed: ['help'] },
  ];
}
