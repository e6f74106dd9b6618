import type { OfflineCommand } from './offline-commands';

/** The acoustic model's phones: a loop over them absorbs speech that is no command. */
export const GARBAGE_PHONES = [
  'AA', 'AE', 'AH', 'AO', 'AW', 'AY', 'B', 'CH', 'D', 'DH', 'EH', 'ER', 'EY', 'F', 'G', 'HH',
  'IH', 'IY', 'JH', 'K', 'L', 'M', 'N', 'NG', 'OW', 'OY', 'P', 'R', 'S', 'SH', 'T', 'TH', 'UH',
  'UW', 'V', 'W', 'Y', 'Z', 'ZH',
] as const; // prettier-ignore

/** Prefix of the garbage loop's one-phone words; no dictionary word starts with it. */
export const GARBAGE_PREFIX = 'oog_';

/** Optional politeness around a command; it changes nothing. */
export const FILLER_WORDS = ['please'] as const;

/** Relative weights of "a command" and "something else"; tuned on synthetic speech. */
export interface GrammarWeights {
  command: number;
  garbage: number;
}

export const DEFAULT_GRAMMAR_WEIGHTS: GrammarWeights = { command: 1, garbage: 1 };

/** The dictionary entry of each garbage word: `[word, pronunciation]`. */
export function garbageWords(): [string, string][] {
  return GARBAGE_PHONES.map((phone) => [`${GARBAGE_PREFIX}${phone.toLowerCase()}`, phone]);
}

/** True when a hypothesis went through the garbage loop: the speech was no command. */
export function isGarbageHypothesis(text: string): boolean {
  return text.split(/\s+/).some((word) => word.startsWith(GARBAGE_PREFIX));
}

/**
 * The JSGF grammar: one alternative per command phrase (optional "please" around it), against
 * a free phone loop that out-of-grammar speech fits better than any command. Without that
 * loop a closed grammar maps every sentence onto its nearest command.
 */
export function buildJsgf(
  commands: readonly OfflineCommand[],
  weights: GrammarWeights = DEFAULT_GRAMMAR_WEIGHTS,
): string {
  if (commands.length === 0) throw new Error('A grammar needs at least one command.');
  const filler = `[${FILLER_WORDS.join(' | ')}]`;
  const phones = garbageWords().map(([word]) => word);
  return [
    '#JSGF V1.0;',
    'grammar parley;',
    `public <utterance> = /${weights.command}/ ${filler} <command> ${filler} | ` +
      `/${weights.garbage}/ <unknown>;`,
    `<command> = ${commands.map((c) => c.phrase).join(' | ')};`,
    '<unknown> = <phone>+;',
    `<phone> = ${phones.join(' | ')};`,
    '',
  ].join('\n');
}

/** The distinct words of the command phrases (and fillers), for dictionary checks. */
export function grammarWords(commands: readonly OfflineCommand[]): string[] {
  const words = new Set<string>(FILLER_WORDS);
  for (const command of commands) for (const word of command.phrase.split(' ')) words.add(word);
  return [...words];
}
