import type { OfflineCommand } from './offline-commands';

/** The acoustic model's phones: a loop over them is the yardstick a command must meet. */
export const GARBAGE_PHONES = [
  'AA', 'AE', 'AH', 'AO', 'AW', 'AY', 'B', 'CH', 'D', 'DH', 'EH', 'ER', 'EY', 'F', 'G', 'HH',
  'IH', 'IY', 'JH', 'K', 'L', 'M', 'N', 'NG', 'OW', 'OY', 'P', 'R', 'S', 'SH', 'T', 'TH', 'UH',
  'UW', 'V', 'W', 'Y', 'Z', 'ZH',
] as const; // prettier-ignore

/** Prefix of the phone loop's one-phone words; no dictionary word starts with it. */
export const GARBAGE_PREFIX = 'oog_';

/** Optional politeness around a command; it changes nothing. */
export const FILLER_WORDS = ['please'] as const;

/** The dictionary entry of each phone-loop word: `[word, pronunciation]`. */
export function garbageWords(): [string, string][] {
  return GARBAGE_PHONES.map((phone) => [`${GARBAGE_PREFIX}${phone.toLowerCase()}`, phone]);
}

/**
 * The command grammar: one alternative per phrase, with an optional "please" around it. It is
 * closed (every input maps onto some command), so the recogniser checks each hypothesis against
 * {@link buildPhoneLoopJsgf} before it accepts it.
 */
export function buildJsgf(commands: readonly OfflineCommand[]): string {
  if (commands.length === 0) throw new Error('A grammar needs at least one command.');
  const filler = `[${FILLER_WORDS.join(' | ')}]`;
  return [
    '#JSGF V1.0;',
    'grammar parley;',
    `public <utterance> = ${filler} <command> ${filler};`,
    `<command> = ${commands.map((c) => c.phrase).join(' | ')};`,
    '',
  ].join('\n');
}

/** A free loop over the phones: the best any speech can score, whatever its words. */
export function buildPhoneLoopJsgf(): string {
  const phones = garbageWords().map(([word]) => word);
  return [
    '#JSGF V1.0;',
    'grammar phones;',
    'public <phones> = <phone>+;',
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
