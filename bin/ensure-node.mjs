// @ts-check
// Node 22.12 or newer, as package.json's engines say: on an older Node, `parley` provisions
// Node 22 exactly as .ci/run does (the npm registry's `node` package) and runs itself again on it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { exitLike, runChild } from './run-child.mjs';

/** The oldest Node that runs Parley: major, minor. */
export const REQUIRED_NODE = /** @type {const} */ ([22, 12]);

/**
 * Whether `version` ("20.20.2") is older than {@link REQUIRED_NODE}.
 * @param {string} version
 */
export function isTooOld(version) {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major < REQUIRED_NODE[0] || (major === REQUIRED_NODE[0] && minor < REQUIRED_NODE[1]);
}

/**
 * Where the provisioned Node lives: $PARLEY_NODE_CACHE, else ~/.cache/parley-node (as .ci/run).
 * @param {Record<string, string | undefined>} env
 */
export function nodeCache(env) {
  return env.PARLEY_NODE_CACHE || join(homedir(), '.cache', 'parley-node');
}

/**
 * The command that provisions Node 22 into `cache`, as words and as a line to show.
 * @param {string} cache
 */
export function installCommand(cache) {
  const args = ['install', '--no-save', '--prefix', cache, 'node@22'];
  return { command: 'npm', args, line: `npm ${args.join(' ')}` };
}

/**
 * On a Node older than 22.12: install Node 22 once (unless there), then run this same command on
 * it and end as it ends. Returns only when the running Node is new enough.
 * @param {string} script the path of bin/parley
 */
export async function ensureNode(script) {
  if (!isTooOld(process.versions.node)) return;
  const cache = nodeCache(process.env);
  const install = installCommand(cache);
  const say = (/** @type {string} */ line) => process.stderr.write(`parley: ${line}\n`);
  if (process.env.PARLEY_NODE_REEXEC) {
    say(
      `Node ${process.versions.node} in ${cache} is too old; remove that folder, then run: ${install.line}`,
    );
    process.exit(2);
  }
  const node = join(cache, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(node)) {
    say(
      `Node ${process.versions.node} is too old (22.12 or newer is needed); installing Node 22 into ${cache} once:`,
    );
    say(install.line);
    const ran = spawnSync(install.command, install.args, { stdio: ['ignore', 2, 2] });
    if (ran.status !== 0 || !existsSync(node)) {
      say(
        `could not install Node 22 (${ran.error?.message ?? `npm exited with ${ran.status}`}). Run it yourself, then try again:`,
      );
      say(install.line);
      process.exit(2);
    }
  }
  const ended = await runChild(node, [script, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, PARLEY_NODE_REEXEC: '1' },
  });
  exitLike(ended);
  await new Promise(() => {}); // exitLike ends the process; never go on on the old Node
}
