import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './parley-process';

const NODE_FLAGS = [
  '--experimental-transform-types',
  '--disable-warning=ExperimentalWarning',
  '--import',
  join(repoRoot, 'bench', 'resolve-ts.ts'),
];
// Mounts a private tmpfs of the given size on the data dir, then runs the rest of the line.
const MOUNT_THEN_RUN = 'mount -t tmpfs -o size="$1" tmpfs "$2" && shift 2 && exec "$@"';

/**
 * Runs the TypeScript file `child` with `args` in a new user and mount namespace
 * (`unshare -rm`) where `dataDir` is a private tmpfs of `size`: a full disk gives a real
 * ENOSPC, a read-only remount a real EROFS, and the mount vanishes with the process. Returns
 * the child's stdout lines, each parsed as JSON.
 */
export function runOnPrivateTmpfs(
  child: string,
  dataDir: string,
  size: string,
  args: string[],
): Record<string, unknown>[] {
  const unshare = [
    '-rm',
    '--propagation',
    'private',
    'sh',
    '-c',
    MOUNT_THEN_RUN,
    'sh',
    size,
    dataDir,
  ];
  const run = spawnSync('unshare', [...unshare, process.execPath, ...NODE_FLAGS, child, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (run.error || run.status !== 0) {
    throw new Error(
      `This test mounts a tmpfs in a private namespace with \`unshare -rm\` (Debian package ` +
        `util-linux; needs root or unprivileged user namespaces). It failed: ` +
        `${run.error?.message ?? `exit ${run.status}`}\n${run.stderr}`,
    );
  }
  return run.stdout
    .trim()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
