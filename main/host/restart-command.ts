/** What the page tells the user to run when the browser host it was talking to has stopped. */

/** Quotes a word for a POSIX shell when it needs it. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * The command that starts this host again on the same port and data dir, so the page's
 * address (and its token) works again: how it was started (npm or the `parley` command).
 */
export function restartCommandFor(input: {
  root: string;
  environment: Record<string, string | undefined>;
  port: number;
  /** PARLEY_PORT was set (a port of 0 became a random one): the same port is needed again. */
  portFromEnv: boolean;
  dataDirFromEnv: boolean;
  dataDir: string;
  flags: string[];
}): string {
  const vars: string[] = [];
  if (input.dataDirFromEnv) vars.push(`PARLEY_DATA_DIR=${shellWord(input.dataDir)}`);
  if (input.portFromEnv) vars.push(`PARLEY_PORT=${input.port}`);
  const flags = input.flags.filter((flag) => flag !== '--new-token');
  const viaNpm = input.environment.npm_lifecycle_event === 'serve';
  const run = viaNpm
    ? `npm run serve${flags.length ? ` -- ${flags.join(' ')}` : ''}`
    : `node bin/parley serve${flags.length ? ` ${flags.join(' ')}` : ''}`;
  return `cd ${shellWord(input.root)} && ${[...vars, run].join(' ')}`;
}
