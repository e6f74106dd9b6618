// @ts-check
// Runs a child process in the foreground: the stop signals this process gets go to the child,
// and this process ends as the child did, so nothing is left behind when npm or a terminal
// stops `parley`.
import { spawn } from 'node:child_process';

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Spawn `command` with `args` and wait for it, forwarding SIGINT, SIGTERM and SIGHUP to it.
 * @param {string} command
 * @param {string[]} args
 * @param {import('node:child_process').SpawnOptions} options
 * @returns {Promise<{ code: number | null, signal: NodeJS.Signals | null }>}
 */
export function runChild(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, options);
    const forward = (/** @type {NodeJS.Signals} */ signal) => child.kill(signal);
    for (const signal of FORWARDED) process.on(signal, forward);
    const done = () => {
      for (const signal of FORWARDED) process.off(signal, forward);
    };
    child.once('error', (error) => {
      done();
      reject(error);
    });
    child.once('exit', (code, signal) => {
      done();
      resolve({ code, signal });
    });
  });
}

/**
 * End this process the way the child ended: its exit code, or the same signal.
 * @param {{ code: number | null, signal: NodeJS.Signals | null }} ended
 */
export function exitLike(ended) {
  if (ended.signal) {
    process.kill(process.pid, ended.signal);
    return;
  }
  process.exit(ended.code ?? 1);
}
