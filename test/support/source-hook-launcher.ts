import { join } from 'node:path';
import { nodeHookLauncher } from '../../main/hotkey/node-hook-launcher';
import type { HookLauncher, HookProcess } from '../../main/hotkey/hook-backend';
import { repoRoot } from './parley-process';

/** Launches the hook process from the TypeScript sources (no build needed), on `display`. */
export function sourceHookLauncher(
  display: string | undefined,
  spawned: HookProcess[] = [],
  stderr: string[] = [],
): HookLauncher {
  const launch = nodeHookLauncher({
    entry: join(repoRoot, 'main', 'hotkey', 'hook-process.ts'),
    execArgv: [
      '--experimental-transform-types',
      '--disable-warning=ExperimentalWarning',
      '--import',
      join(repoRoot, 'bench', 'resolve-ts.ts'),
    ],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...(display ? { DISPLAY: display } : {}),
    },
    onStderr: (line) => stderr.push(line),
  });
  return () => {
    const child = launch();
    spawned.push(child);
    return child;
  };
}
