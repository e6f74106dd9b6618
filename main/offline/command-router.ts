import { TOOL_NAMES } from '../realtime/tool-names';
import { FILLER_WORDS } from './command-grammar';
import type { OfflineCommand } from './offline-commands';

/** What the engine does with one user turn. */
export type RouteDecision =
  /** Call `background_agent` with `prompt`, after saying `say`. */
  | { kind: 'delegate'; prompt: string; say: string; command: OfflineCommand }
  /** Call a task tool the session declared; its output is spoken when it comes back. */
  | { kind: 'tool'; tool: typeof TOOL_NAMES.taskStatus | typeof TOOL_NAMES.cancelTask; command: OfflineCommand }
  /** Answer directly with `say`; `command` is null when nothing was understood. */
  | { kind: 'answer'; say: string; command: OfflineCommand | null }; // prettier-ignore

/** What the router knows about the session. */
export interface RouteContext {
  commands: readonly OfflineCommand[];
  /** Tool names the client declared in `session.update`. */
  declaredTools: ReadonlySet<string>;
}

/** Prefix Parley's V2 session puts before typed text. */
const TYPED_PREFIX = /^\s*\[user\]\s*/i;
/** Typed British spellings mapped to the grammar's words. */
const SPELLINGS: Readonly<Record<string, string>> = { summarise: 'summarize', readme: 'read me' };
/** Commands named in the "I did not understand" answer, most useful first. */
const SUGGESTED = ['run the tests', 'what is it doing', 'summarize the read me'];
/** How many commands the help answer names. */
const HELP_EXAMPLES = 6;

/** Lower case, words only, British spellings and fillers removed: `Summarise the README!` → `summarize the read me`. */
export function normaliseTyped(text: string): string {
  const fillers = new Set<string>([...FILLER_WORDS, 'can', 'you', 'could']);
  const words = text
    .replace(TYPED_PREFIX, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '')
    .flatMap((w) => (SPELLINGS[w] ?? w).split(' '));
  while (words.length > 0 && fillers.has(words[0] ?? '')) words.shift();
  while (words.length > 0 && fillers.has(words[words.length - 1] ?? '')) words.pop();
  return words.join(' ');
}

/** Letters and digits only, so `test:unit`, `test unit` and `testunit` compare equal. */
function compact(text: string): string {
  return normaliseTyped(text).replace(/\s+/g, '');
}

/** The command a typed message names (case, punctuation, spacing and "please" ignored). */
export function matchTyped(
  text: string,
  commands: readonly OfflineCommand[],
): OfflineCommand | null {
  const wanted = compact(text);
  if (wanted === '') return null;
  return (
    commands.find(
      (c) => compact(c.phrase) === wanted || c.typed.some((t) => compact(t) === wanted),
    ) ?? null
  );
}

/** The words as a sentence: first letter upper case, a full stop at the end. */
function asSentence(words: string): string {
  const trimmed = words.trim().replace(TYPED_PREFIX, '');
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** The spoken answer to something that is no command: honest, with a few to try. */
export function notUnderstoodAnswer(commands: readonly OfflineCommand[]): string {
  const known = SUGGESTED.filter((p) => commands.some((c) => c.phrase === p));
  const list = known.length > 0 ? known : commands.slice(0, 3).map((c) => c.phrase);
  return (
    'Sorry, that is not one of the commands I know. I only understand a fixed set offline, ' +
    `such as: ${list.join(', ')}.`
  );
}

function helpAnswer(commands: readonly OfflineCommand[]): string {
  const examples = commands.filter((c) => c.action.kind !== 'help').slice(0, HELP_EXAMPLES);
  return (
    `Offline, I understand ${commands.length} fixed commands, for example: ` +
    `${examples.map((c) => c.phrase).join(', ')}.`
  );
}

/**
 * Routes one user turn. `command` is what the recogniser (or {@link matchTyped}) found, null
 * for anything else; `heard` is the user's own words. A delegate request carries the user's
 * words first and the plain-words request after them; task questions become tool calls only
 * when the session declared those tools.
 */
export function routeTurn(
  command: OfflineCommand | null,
  heard: string,
  context: RouteContext,
): RouteDecision {
  if (!command) return { kind: 'answer', say: notUnderstoodAnswer(context.commands), command };
  const action = command.action;
  switch (action.kind) {
    case 'delegate':
      if (!context.declaredTools.has(TOOL_NAMES.backgroundAgent)) {
        return { kind: 'answer', say: 'The background agent is not available here.', command };
      }
      return {
        kind: 'delegate',
        prompt: `${asSentence(heard)} ${action.request}`,
        say: `Okay, on it: ${asSentence(command.phrase).toLowerCase()}`,
        command,
      };
    case 'task_status':
      return context.declaredTools.has(TOOL_NAMES.taskStatus)
        ? { kind: 'tool', tool: TOOL_NAMES.taskStatus, command }
        : { kind: 'answer', say: 'I cannot see the background tasks in this session.', command };
    case 'cancel_task':
      return context.declaredTools.has(TOOL_NAMES.cancelTask)
        ? { kind: 'tool', tool: TOOL_NAMES.cancelTask, command }
        : { kind: 'answer', say: 'I cannot cancel tasks in this session.', command };
    case 'help':
      return { kind: 'answer', say: helpAnswer(context.commands), command };
  }
}
