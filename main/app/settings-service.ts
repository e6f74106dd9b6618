import type { ApiKeySource, SettingsFields, SettingsView } from '../../preload/schemas/settings';
import { err, errorMessage, ok, type Result, type TaggedError } from '../base/result';
import { TypedEmitter } from '../base/typed-emitter';
import type { EnvConfig } from '../config/env-config';
import type { SecretStore } from '../store/secret-store';
import type { SettingsStorage } from '../store/settings-store';
import { checkPatch, type SettingsUpdate } from './settings-patch-check';

/** Why a settings update was refused. */
export type SettingsUpdateError = TaggedError<'invalid_settings' | 'failed'>;

/** Events of {@link SettingsService}. */
export type SettingsServiceEvents = {
  /** The effective settings (or the key) changed. */
  changed: SettingsFields;
};

/** What {@link SettingsService} reads and writes. */
export interface SettingsServiceDeps {
  store: SettingsStorage;
  secrets: SecretStore;
  env: EnvConfig;
  dataDir: string;
  /** The workspace when none is set; `~` in a workspace path means this folder. */
  homeDir: string;
  /** Whether `path` is an existing folder (the workspace must be one). */
  isFolder: (path: string) => Promise<boolean>;
  /** Filled with every key seen (stored or typed in), so logs can redact them. */
  knownKeys?: Set<string>;
}

/**
 * Effective settings = settings.json overlaid by the environment. Updates are checked whole,
 * saved atomically (the key first, put back if the file cannot be written), and announced; the
 * API key goes to the secret store, never into the file.
 */
export class SettingsService {
  private stored: SettingsFields | null = null;
  private readonly emitter = new TypedEmitter<SettingsServiceEvents>();
  /** Updates run one at a time, so one never overwrites another it overlapped with. */
  private updates: Promise<unknown> = Promise.resolve();
  /** A problem found while loading (e.g. a corrupt file kept aside). */
  warning: string | null = null;
  /** The stored key as last read or written (null: none), for what must not wait on the store. */
  private lastStored: string | null = null;
  readonly knownKeys: Set<string>;

  constructor(private readonly deps: SettingsServiceDeps) {
    this.knownKeys = deps.knownKeys ?? new Set();
  }

  on<K extends keyof SettingsServiceEvents>(
    event: K,
    listener: (payload: SettingsServiceEvents[K]) => void,
  ): () => void {
    return this.emitter.on(event, listener);
  }

  async load(): Promise<void> {
    const loaded = await this.deps.store.load();
    this.stored = loaded.settings;
    this.warning = loaded.warning;
  }

  /** Effective values: stored settings overridden by `PARLEY_*` variables. */
  get values(): SettingsFields {
    return { ...this.loaded(), ...this.deps.env.overrides };
  }

  /** The API key to use: the stored one, else `OPENAI_API_KEY`. */
  async apiKey(): Promise<{ key: string | null; source: Exclude<ApiKeySource, 'unavailable'> }> {
    const stored = await this.deps.secrets.get();
    this.lastStored = stored;
    if (stored) {
      this.knownKeys.add(stored);
      return { key: stored, source: 'stored' };
    }
    if (this.deps.env.apiKey) return { key: this.deps.env.apiKey, source: 'env' };
    return { key: null, source: 'none' };
  }

  /** The key stored in Parley as last read (a conversation start reads it), else null. */
  get storedKey(): string | null {
    return this.lastStored;
  }

  async view(): Promise<SettingsView> {
    // A key store that cannot be read must not hide the settings needed to fix it.
    const key = await this.apiKey().then(
      (found) => ({ source: found.source, last4: found.key ? found.key.slice(-4) : null }),
      () => ({ source: 'unavailable' as const, last4: null }),
    );
    return {
      values: this.values,
      overriddenBy: { ...this.deps.env.overriddenBy } as Record<string, string>,
      apiKey: key,
      dataDir: this.deps.dataDir,
      homeDir: this.deps.homeDir,
      warning: this.warning,
    };
  }

  /** Apply a patch: saved whole or not at all; a refusal names the field at fault. */
  update(patch: SettingsUpdate): Promise<Result<SettingsView, SettingsUpdateError>> {
    const run = this.updates.then(() => this.applyUpdate(patch));
    this.updates = run.catch(() => {});
    return run;
  }

  dispose(): void {
    this.emitter.dispose();
  }

  private loaded(): SettingsFields {
    if (!this.stored) throw new Error('SettingsService.load() has not run.');
    return this.stored;
  }

  private async applyUpdate(
    patch: SettingsUpdate,
  ): Promise<Result<SettingsView, SettingsUpdateError>> {
    const checked = await checkPatch(patch, { ...this.deps, stored: this.loaded() });
    if (!checked.ok) return checked;
    const { next, apiKey } = checked.value;
    try {
      await this.save(next, apiKey);
    } catch (error) {
      return err('failed', errorMessage(error));
    }
    this.emitter.emit('changed', this.values);
    return ok(await this.view());
  }

  /** Key first, then the file; when the file cannot be written the old key is put back. */
  private async save(next: SettingsFields, apiKey: string | undefined): Promise<void> {
    const previousKey = apiKey === undefined ? undefined : await this.deps.secrets.get();
    if (apiKey !== undefined) {
      if (apiKey) this.knownKeys.add(apiKey);
      await this.deps.secrets.set(apiKey || null);
    }
    try {
      await this.deps.store.save(next);
    } catch (error) {
      if (previousKey !== undefined) await this.deps.secrets.set(previousKey).catch(() => {});
      throw error;
    }
    this.stored = next;
    if (apiKey !== undefined) this.lastStored = apiKey || null;
    // The saved file is sound again: what was wrong with the old one no longer applies.
    this.warning = null;
  }
}
