/** What `parley` was asked to do. */
export type CliCommand =
  { command: 'serve'; headless: boolean; logJson: boolean } | { command: 'help' };

export const USAGE = `Usage: parley serve [--headless] [--log-json]

  serve              run Parley's core under Node and serve the UI on 127.0.0.1:$PARLEY_PORT
  --headless         run the core with no UI (automation, scripted checks)
  --log-json         print one JSON line per notable event on stdout
`;

/** Parse argv (without node and the script); throws with a usage hint on unknown input. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    return { command: 'help' };
  }
  if (command !== 'serve') throw new Error(`Unknown command "${command}".\n\n${USAGE}`);
  let headless = false;
  let logJson = false;
  for (const arg of rest) {
    if (arg === '--headless') headless = true;
    else if (arg === '--log-json') logJson = true;
    else throw new Error(`Unknown option "${arg}" for serve.\n\n${USAGE}`);
  }
  return { command: 'serve', headless, logJson };
}
