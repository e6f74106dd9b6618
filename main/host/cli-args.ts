import { REMOTE_COMMAND_FLAGS, remoteCommandIn, type RemoteCommand } from '../app/remote-commands';

/** What `parley` was asked to do. */
export type CliCommand =
  | { command: 'serve'; headless: boolean; logJson: boolean }
  | { command: 'remote'; remote: RemoteCommand }
  | { command: 'help' };

const REMOTE_LINES = Object.entries(REMOTE_COMMAND_FLAGS)
  .map(([flag, what]) => `  ${flag.padEnd(17)}  ${what}`)
  .join('\n');

export const USAGE = `Usage: parley serve [--headless] [--log-json]
       parley --toggle | --start | --stop | --mute

  serve              run Parley's core under Node and serve the UI on 127.0.0.1:$PARLEY_PORT
  --headless         run the core with no UI (automation, scripted checks)
  --log-json         print one JSON line per notable event on stdout

For the running \`parley serve\` (bind them to keys in your desktop's keyboard settings):
${REMOTE_LINES}
`;

/** Parse argv (without node and the script); throws with a usage hint on unknown input. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    return { command: 'help' };
  }
  if (Object.hasOwn(REMOTE_COMMAND_FLAGS, command)) return remote(argv);
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

function remote(argv: readonly string[]): CliCommand {
  const unknown = argv.find((arg) => !Object.hasOwn(REMOTE_COMMAND_FLAGS, arg));
  if (unknown !== undefined) throw new Error(`Unknown option "${unknown}".\n\n${USAGE}`);
  const found = remoteCommandIn(argv);
  if (!found.ok) throw new Error(found.error.message);
  return { command: 'remote', remote: found.value! };
}
