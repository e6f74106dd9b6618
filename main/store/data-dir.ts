import { homedir } from 'node:os';
import { join } from 'node:path';

/** The OS app-data folder for Parley, as Electron's `userData` would place it. */
export function defaultDataDir(
  platform: NodeJS.Platform = process.platform,
  env: Record<string, string | undefined> = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Parley');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Parley');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'Parley');
}
