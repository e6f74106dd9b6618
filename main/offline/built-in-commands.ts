import type { LocalCommand } from '../../preload/schemas/offline';
import {
  CHANGED_TODAY_COMMAND,
  GIT_STATUS_COMMAND,
  listingCommand,
  makeTargetCommand,
  npmScriptCommand,
  OPEN_WORKSPACE_COMMAND,
  readmeCommand,
  type ShellDialect,
} from './local-commands';
import type { OfflineCommand, WorkspaceFacts } from './offline-commands';

function delegate(
  phrase: string,
  request: string,
  local: LocalCommand | null,
  typed: string[] = [],
): OfflineCommand {
  return { phrase, source: 'built-in', action: { kind: 'delegate', request, local }, typed };
}

/** How the workspace runs a job: its npm script, else its make target, else null. */
interface Runner {
  /** As the request names it, e.g. `npm test`. */
  name: string;
  local: LocalCommand;
}

function runnerFor(
  facts: WorkspaceFacts,
  dialect: ShellDialect,
  npmScript: string,
  makeTarget: string,
): Runner | null {
  if (facts.npmScripts.includes(npmScript)) {
    const name = npmScript === 'test' ? 'npm test' : `npm run ${npmScript}`;
    return { name, local: npmScriptCommand(npmScript, dialect) };
  }
  if (facts.makeTargets.includes(makeTarget)) {
    return { name: `make ${makeTarget}`, local: makeTargetCommand(makeTarget, dialect) };
  }
  return null;
}

function testsCommand(facts: WorkspaceFacts, dialect: ShellDialect): OfflineCommand {
  const runner = runnerFor(facts, dialect, 'test', 'test');
  const request = runner
    ? `Run \`${runner.name}\` in the workspace and report what failed.`
    : 'Find how this workspace runs its tests, run them, and report what failed.';
  return delegate('run the tests', request, runner?.local ?? null, ['run tests']);
}

function buildCommand(facts: WorkspaceFacts, dialect: ShellDialect): OfflineCommand {
  const runner = runnerFor(facts, dialect, 'build', 'build');
  const request = runner
    ? `Run \`${runner.name}\` in the workspace and report any errors.`
    : 'Find how this workspace is built, build it, and report any errors.';
  return delegate('run the build', request, runner?.local ?? null);
}

/**
 * The fixed commands. Each delegated request names the workspace's own test and build
 * commands when it has them, and carries the local command that answers it with no agent.
 * Phrases use only words of the recogniser's dictionary ("summarize", "read me"); typed
 * British spellings are normalised before matching.
 */
export function builtInCommands(facts: WorkspaceFacts, dialect: ShellDialect): OfflineCommand[] {
  return [
    testsCommand(facts, dialect),
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
      readmeCommand(facts.files, dialect),
      ['summarize the readme'],
    ),
    delegate(
      'what changed today',
      'Summarise what changed in the workspace today: commits since midnight ' +
        '(`git log --since=midnight`) and uncommitted changes (`git status`, `git diff --stat`).',
      CHANGED_TODAY_COMMAND,
    ),
    delegate(
      'open the workspace',
      'Open the workspace folder in the desktop file manager (for example `xdg-open .`) and ' +
        'say when it is open.',
      OPEN_WORKSPACE_COMMAND,
    ),
    buildCommand(facts, dialect),
    delegate(
      'show the git status',
      'Run `git status` in the workspace and summarise it.',
      GIT_STATUS_COMMAND,
      ['git status'],
    ),
    delegate(
      'list the files',
      'List the top-level files and folders of the workspace in one or two sentences.',
      listingCommand(dialect),
    ),
    { phrase: 'what can you do', source: 'built-in', action: { kind: 'help' }, typed: ['help'] },
  ];
}
