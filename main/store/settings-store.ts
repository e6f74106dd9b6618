import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { describeIssues } from '../../preload/contract';
import { DEFAULT_SETTINGS, SettingsFields } from '../../preload/schemas/settings';
import { saveFileAtomic } from './atomic-file';

/** Version of the settings.json layout. */
export const SETTINGS_VERSION = 1;

const SettingsFile = z.object({
  version: z.literal(SETTINGS_VERSION),
  settings: SettingsFields.partial(),
});

export interface LoadedSettings {
  settings: SettingsFields;
  /** Set when settings.json was unreadable and was kept aside as settings.json.bad. */
  warning: string | null;
}

/** Where settings are kept: the file below, or an in-memory stand-in in tests. */
export interface SettingsStorage {
  load(): Promise<LoadedSettings>;
  /** Save all fields; throws with a clear message (and leaves the old state) when it cannot. */
  save(settings: SettingsFields): Promise<void>;
}

/**
 * settings.json in the data dir: validated and versioned on read, written atomically. A file
 * that is not valid JSON or fails the schema is renamed to `settings.json.bad` and defaults
 * are used, so the user's broken file is kept for them to inspect.
 */
export class SettingsStore implements SettingsStorage {
  readonly path: string;
  /** A broken settings.json that could not be kept aside: saving must not overwrite it. */
  private unsaved: string | null = null;

  constructor(private readonly dataDir: string) {
    this.path = join(dataDir, 'settings.json');
  }

  async load(): Promise<LoadedSettings> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return { settings: { ...DEFAULT_SETTINGS }, warning: null };
      }
      throw new Error(`Could not read settings from ${this.path}: ${(error as Error).message}`);
    }
    const problem = this.check(text);
    if (typeof problem !== 'string') return { settings: problem, warning: null };
    const bad = `${this.path}.bad`;
    try {
      await rename(this.path, bad);
    } catch (error) {
      // A read-only data dir: keep the broken file where it is and start on defaults anyway.
      this.unsaved = `settings.json is broken (${problem}) and could not be kept aside`;
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      return {
        settings: { ...DEFAULT_SETTINGS },
        warning: `${this.unsaved} (${reason}); defaults are used and changes cannot be saved until ${this.path} is fixed or removed.`,
      };
    }
    return {
      settings: { ...DEFAULT_SETTINGS },
      warning: `settings.json was unreadable (${problem}); it was kept as ${bad} and defaults are used.`,
    };
  }

  /** Save all fields; throws with a clear message (and leaves the old file) when it cannot. */
  async save(settings: SettingsFields): Promise<void> {
    if (this.unsaved) {
      throw new Error(
        `Could not save settings: ${this.unsaved}. Fix or remove ${this.path} first.`,
      );
    }
    const body = JSON.stringify({ version: SETTINGS_VERSION, settings }, null, 2) + '\n';
    await saveFileAtomic('settings', this.path, body);
  }

  private check(text: string): SettingsFields | string {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      return `not JSON: ${(error as Error).message}`;
    }
    const parsed = SettingsFile.safeParse(json);
    if (!parsed.success) return describeIssues(parsed.error);
    return { ...DEFAULT_SETTINGS, ...parsed.data.settings };
  }
}
