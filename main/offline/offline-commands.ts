import type {
  LocalCommand,
  OfflineCommandInfo,
  OfflineCommandSource,
} from '../../preload/schemas/offline';
import { builtInCommands } from './built-in-commands';
import {
  firstLinesCommand,
  makeTargetCommand,
  npmScriptCommand,
  shellDialect,
  type ShellDialect,
} from './local-commands';
import { speakableWords, type Lexicon } from './spoken-words';

/** What a recognised command does. */
export type CommandAction =
  /**
   * Hand `request` (plain words for the delegate) to the background agent; `local` answers it
   * on this machine when no agent can run (null: only an agent can).
   */
  | { kind: 'delegate'; request: string; local: LocalCommand | null }
  /** Ask the app what the tasks are doing (`task_status`). */
  | { kind: 'task_status' }
  /** Cancel the most recent running task (`cancel_task`). */
  | { kind: 'cancel_task' }
  /** Say which commands are understood. */
  | { kind: 'help' };

/** One command of the grammar. */
export interface OfflineCommand {
  /** The words to say, lower case, single spaces; every word is in the recogniser's lexicon. */
  phrase: string;
  source: OfflineCommandSource;
  action: CommandAction;
  /** Written forms a typed message may use besides the phrase, e.g. `npm run test:unit`. */
  typed: readonly string[];
}

/** What the grammar is built from: facts read from the workspace folder. */
export interface WorkspaceFacts {
  /** npm script names from package.json, in file order. */
  npmScripts: readonly string[];
  /** Makefile targets (not special or pattern targets), in file order. */
  makeTargets: readonly string[];
  /** Top-level file names (no hidden files, no folders). */
  files: readonly string[];
}

/** A workspace item that got no command because it cannot be said with the lexicon. */
export interface UnspeakableItem {
  source: OfflineCommandSource;
  name: string;
}

/** The command set and what was left out of it. */
export interface CommandSet {
  commands: readonly OfflineCommand[];
  unspeakable: readonly UnspeakableItem[];
}

/** A request the engine hands to the background agent, and its local answer. */
export interface DelegatedRequest {
  /** The command's phrase, e.g. `run the tests`. */
  phrase: string;
  request: string;
  local: LocalCommand | null;
}

/** Bounds per kind, so a huge workspace cannot make the grammar slow or unrecognisable. */
export const COMMAND_LIMITS = { npmScripts: 40, makeTargets: 40, files: 40 } as const;

type Template = {
  source: OfflineCommandSource;
  phrase: (spoken: string) => string;
  typed: (name: string) => string[];
  request: (name: string) => string;
  local: (name: string, dialect: ShellDialect) => LocalCommand;
};

const TEMPLATES: Readonly<Record<keyof WorkspaceFacts, Template>> = {
  npmScripts: {
    source: 'npm-script',
    phrase: (spoken) => `run the ${spoken} script`,
    typed: (name) => [`run the ${name} script`, `npm run ${name}`],
    request: (name) => `Run \`npm run ${name}\` in the workspace and report the outcome.`,
    local: npmScriptCommand,
  },
  makeTargets: {
    source: 'make-target',
    phrase: (spoken) => `make ${spoken}`,
    typed: (name) => [`make ${name}`],
    request: (name) => `Run \`make ${name}\` in the workspace and report the outcome.`,
    local: makeTargetCommand,
  },
  files: {
    source: 'file',
    phrase: (spoken) => `summarize ${spoken}`,
    typed: (name) => [`summarize ${name}`, `summarise ${name}`],
    request: (name) => `Read \`${name}\` in the workspace and summarise it in a few sentences.`,
    local: firstLinesCommand,
  },
};

/**
 * The built-in commands plus one per npm script (`run the <script> script`), Makefile target
 * (`make <target>`) and top-level file (`summarize <file>`). A phrase is offered once (the
 * first wins, built-ins first); items that cannot be said are reported, not guessed at. Local
 * commands are written for `dialect`'s shell.
 */
export function buildCommandSet(
  facts: WorkspaceFacts,
  lexicon: Lexicon,
  dialect: ShellDialect = shellDialect(process.platform),
): CommandSet {
  const commands: OfflineCommand[] = [];
  const unspeakable: UnspeakableItem[] = [];
  const seen = new Set<string>();
  const add = (command: OfflineCommand): void => {
    if (seen.has(command.phrase)) return;
    seen.add(command.phrase);
    commands.push(command);
  };
  builtInCommands(facts, dialect).forEach(add);
  for (const kind of Object.keys(TEMPLATES) as (keyof WorkspaceFacts)[]) {
    const template = TEMPLATES[kind];
    for (const name of facts[kind].slice(0, COMMAND_LIMITS[kind])) {
      const words = speakableWords(name, lexicon);
      if (!words) {
        unspeakable.push({ source: template.source, name });
        continue;
      }
      add({
        phrase: template.phrase(words.join(' ')),
        source: template.source,
        action: {
          kind: 'delegate',
          request: template.request(name),
          local: template.local(name, dialect),
        },
        typed: template.typed(name),
      });
    }
  }
  return { commands, unspeakable };
}

/** The requests a command set hands to the agent, each with its local answer. */
export function delegatedRequests(commands: readonly OfflineCommand[]): DelegatedRequest[] {
  return commands.flatMap((c) =>
    c.action.kind === 'delegate'
      ? [{ phrase: c.phrase, request: c.action.request, local: c.action.local }]
      : [],
  );
}

/** A command as settings and onboarding list it. */
export function describeCommand(command: OfflineCommand): OfflineCommandInfo {
  const does =
    command.action.kind === 'delegate'
      ? command.action.request
      : command.action.kind === 'task_status'
        ? 'Says what the background tasks are doing.'
        : command.action.kind === 'cancel_task'
          ? 'Cancels the most recent running task.'
          : 'Lists some commands it understands.';
  return { phrase: command.phrase, source: command.source, does };
}
