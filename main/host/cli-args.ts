import { REMOTE_COMMAND_FLAGS, remoteCommandIn, type RemoteCommand } from '../app/remote-commands';

/** What `parley` was asked to do. */
export type CliCommand =
  | { command: 'serve'; headless: boolean; logJson: boolean; newToken: boolean }
  | { command: 'remote'; remote: RemoteCommand }
  | { command: 'help' };

const REMOTE_LINES = Object.entries(REMOTE_COMMAND_FLAGS)
  .map(([flag, what]) => `  ${flag.padEnd(17)}  ${what}`)
  .join('\n');

export const USAGE = `Usage: parley serve [--headless] [--log-json] [--new-token]
       parley --toggle | --start | --stop | --mute
       parley --help | parley serve --help

  serve              run Parley under Node and serve its UI on http://127.0.0.1:$PARLEY_PORT
  --headless         run with no UI (automation, scripted checks)
  --log-json         print one JSON line per notable event on stdout
  --new-token        replace the access token in the page address (old addresses stop working)

The page address (with its token) stays the same for a data folder, so a reload after a restart
works. Configuration comes from settings.json in $PARLEY_DATA_DIR and the PARLEY_* variables
(README, "Configuration"); PARLEY_PORT picks the port (default 7717, 0 = any free port).

For the running \`parley serve\` (bind them to keys in your desktop's keyboard settings):
${REMOTE_LINES}
`;

const HELP = new Set(['help', '--help', '-h']);

/** Parse argv (without node and the script); throws with a usage hint on unknown input. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const [command, ...rest] = argv;
  if (command === undefined || HELP.has(command)) return { command: 'help' };
  if (Object.hasOwn(REMOTE_COMMAND_FLAGS, command)) return remote(argv);
  if (command !== 'serve') throw new Error(`Unknown command "${command}".\n\n${USAGE}`);
  const flags = { headless: false, logJson: false, newToken: false };
  for (const arg of rest) {
    if (arg === '--help' || arg === '-h') return { command: 'help' };
    if (arg === '--headless') flags.headless = true;
    else if (arg === '--log-json') flags.logJson = true;
    else if (arg === '--new-token') flags.newToken = true;
    else throw new Error(`Unknown option "${arg}" for serve.\n\n${USAGE}`);
  }
  return { command: 'serve', ...flags };
}

function remote(argv: readonly string[]): CliCommand {
  const unknown = argv.find((arg) => !Object.hasOwn(REMOTE_COMMAND_FLAGS, arg));
  if (unknown !== undefined) throw new Error(`Unknown option "${unknown}".\n\n${USAGE}`);
  const found = remoteCommandIn(argv);
  if (!found.ok) throw new Error(found.error.message);
  return { command: 'remote', remote: found.value! };
}
