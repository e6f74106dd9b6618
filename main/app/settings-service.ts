import type {
  ApiKeySource,
  SettingsFields,
  SettingsPatch,
  SettingsView,
} from '../../preload/schemas/settings';
import { err, errorMessage, ok, type Result, type TaggedError } from '../base/result';
import { TypedEmitter } from '../base/typed-emitter';
import type { EnvConfig } from '../config/env-config';
import type { SecretStore } from '../store/secret-store';
import type { SettingsStorage } from '../store/settings-store';

/** Checks a candidate set of effective settings; returns a message when they don't fit. */
export type SettingsCheck = (settings: SettingsFields) => string | null;

/** Why a settings update was refused. */
export type SettingsUpdateError = TaggedError<'invalid_settings' | 'failed'>;

/** Events of {@link SettingsService}. */
export type SettingsServiceEvents = {
  /** The effective settings changed. */
  changed: SettingsFields;
};

/**
 * Effective settings = settings.json overlaid by the environment. Updates are validated,
 * saved atomically, and announced; the API key goes to the secret store, never into the file.
 */
export class SettingsService {
  private stored: SettingsFields | null = null;
  private readonly emitter = new TypedEmitter<SettingsServiceEvents>();
  /** Updates run one at a time, so one never overwrites another it overlapped with. */
  private updates: Promise<unknown> = Promise.resolve();
  /** A problem found while loading (e.g. a corrupt file kept aside). */
  warning: string | null = null;

  constructor(
    private readonly store: SettingsStorage,
    private readonly secrets: SecretStore,
    private readonly env: EnvConfig,
    private readonly dataDir: string,
    private readonly check: SettingsCheck = () => null,
    /** Every key seen (stored or typed in), so logs can redact them. */
    readonly knownKeys: Set<string> = new Set(),
  ) {}

  on<K extends keyof SettingsServiceEvents>(
    event: K,
    listener: (payload: SettingsServiceEvents[K]) => void,
  ): () => void {
    return this.emitter.on(event, listener);
  }

  async load(): Promise<void> {
    const loaded = await this.store.load();
    this.stored = loaded.settings;
    this.warning = loaded.warning;
  }

  /** Effective values: stored settings overridden by `PARLEY_*` variables. */
  get values(): SettingsFields {
    if (!this.stored) throw new Error('SettingsService.load() has not run.');
    return { ...this.stored, ...this.env.overrides };
  }

  /** The API key to use: the stored one, else `OPENAI_API_KEY`. */
  async apiKey(): Promise<{ key: string | null; source: Exclude<ApiKeySource, 'unavailable'> }> {
    const stored = await this.secrets.get();
    if (stored) {
      this.knownKeys.add(stored);
      return { key: stored, source: 'stored' };
    }
    if (this.env.apiKey) return { key: this.env.apiKey, source: 'env' };
    return { key: null, source: 'none' };
  }

  async view(): Promise<SettingsView> {
    // A key store that cannot be read must not hide the settings needed to fix it.
    const source = await this.apiKey().then(
      (key) => key.source,
      () => 'unavailable' as const,
    );
    return {
      values: this.values,
      overriddenBy: { ...this.env.overriddenBy } as Record<string, string>,
      apiKey: { source },
      dataDir: this.dataDir,
      warning: this.warning,
    };
  }

  /** Apply a validated patch: saved whole or not at all, with the reason when refused. */
  update(patch: SettingsPatch): Promise<Result<SettingsView, SettingsUpdateError>> {
    const run = this.updates.then(() => this.applyUpdate(patch));
    this.updates = run.catch(() => {});
    return run;
  }

  dispose(): void {
    this.emitter.dispose();
  }

  private async applyUpdate(
    patch: SettingsPatch,
  ): Promise<Result<SettingsView, SettingsUpdateError>> {
    if (!this.stored) throw new Error('SettingsService.load() has not run.');
    const { apiKey, ...fields } = patch;
    // A key present with `undefined` (Electron's structured clone keeps it) means "unchanged".
    const defined = Object.fromEntries(
      Object.entries(fields).filter(([, value]) => value !== undefined),
    ) as Partial<SettingsFields>;
    const next: SettingsFields = { ...this.stored, ...defined };
    const problem = this.check({ ...next, ...this.env.overrides });
    if (problem) return err('invalid_settings', problem);
    try {
      await this.store.save(next);
      this.stored = next;
      // The saved file is sound again: what was wrong with the old one no longer applies.
      this.warning = null;
      if (apiKey !== undefined) {
        if (apiKey.trim()) this.knownKeys.add(apiKey.trim());
        await this.secrets.set(apiKey.trim() || null);
      }
    } catch (error) {
      return err('failed', errorMessage(error));
    }
    this.emitter.emit('changed', this.values);
    return ok(await this.view());
  }
}
