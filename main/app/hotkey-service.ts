/**
 * The global talk key in the app: the host says which backends exist on this desktop (the
 * desktop app has the hook process, the portal and `globalShortcut`; the browser host none),
 * the saved chord is bound at start, and a new chord is saved only once a backend bound it.
 */
import type { HotkeyStatus } from '../../preload/schemas/hotkey';
import type { Clock, TimerHandle } from '../base/clock';
import type { Logger } from '../base/logger';
import { err, errorMessage, ok, type Result, type TaggedError } from '../base/result';
import { TypedEmitter } from '../base/typed-emitter';
import type { HotkeyChoice } from '../hotkey/backend-selection';
import type { HotkeyBackend, HotkeyBackendKind } from '../hotkey/hotkey-backend';
import { TalkHotkey, type TalkKeyTarget } from '../hotkey/talk-hotkey';
import type { SettingsService } from './settings-service';

/** What a host offers for a global talk key. */
export interface HotkeyProvider {
  /** Looks at the desktop and picks the backend, with the reason (never throws). */
  choose(): Promise<HotkeyChoice>;
  /** Builds a backend of a kind. */
  create(kind: HotkeyBackendKind): HotkeyBackend;
}

/** Why a host without a provider has no global talk key. */
export const NO_HOTKEY_REASON =
  'This host has no global talk key: use the talk button on the page, or bind `parley --toggle` to a key in your desktop’s keyboard settings.';

/** Why a chord was not bound, as the contract's kinds see it. */
export type HotkeyBindError = TaggedError<'invalid_settings' | 'not_ready' | 'failed'>;

/** Options of {@link HotkeyService}. */
export interface HotkeyServiceDeps {
  provider: HotkeyProvider | null;
  talk: TalkKeyTarget;
  settings: Pick<SettingsService, 'values' | 'update'>;
  log: Logger;
  platform: string;
  clock: Clock;
}

/** A pause (the settings field capturing a new chord) ends by itself after this long [ms]. */
export const HOTKEY_PAUSE_MAX_MS = 120_000;

const INITIAL: HotkeyStatus = {
  backend: 'none',
  chord: null,
  label: null,
  reportsRelease: false,
  state: 'off',
  reason: NO_HOTKEY_REASON,
  remedy: 'bind-toggle-command',
};

/** The app's global talk key; see the module comment. */
export class HotkeyService {
  private readonly emitter: TypedEmitter<{ status: HotkeyStatus }>;
  private hotkey: TalkHotkey | null = null;
  private offStatus: (() => void) | null = null;
  private statusValue: HotkeyStatus;
  private starting: Promise<void> | null = null;
  private disposed = false;
  private pauseTimer: TimerHandle | null = null;
  /** Key edges go through here: while paused, presses are dropped (releases still pass). */
  private readonly gate: TalkKeyTarget;

  constructor(private readonly deps: HotkeyServiceDeps) {
    this.emitter = new TypedEmitter((error) =>
      deps.log('error', 'hotkey.listener_failed', { error: String(error) }),
    );
    this.statusValue = deps.provider
      ? {
          ...INITIAL,
          state: 'binding',
          reason: 'Looking for a way to watch the talk key…',
          remedy: null,
        }
      : INITIAL;
    const paused = (): boolean => this.pauseTimer !== null;
    this.gate = {
      keyDown: (source) => void (paused() || deps.talk.keyDown(source)),
      keyUp: (source) => deps.talk.keyUp(source),
      keyPress: (source) => void (paused() || deps.talk.keyPress(source)),
    };
  }

  /** Whether the talk key is paused (see {@link pause}). */
  get paused(): boolean {
    return this.pauseTimer !== null;
  }

  /**
   * Pauses the talk key while the settings field captures a new chord, so pressing the current
   * chord there does not start talking. A pause ends when asked, or by itself after
   * {@link HOTKEY_PAUSE_MAX_MS} (a window closed mid-capture never leaves the key dead).
   */
  pause(paused: boolean): void {
    const { clock, log } = this.deps;
    if (this.pauseTimer !== null) clock.clearTimeout(this.pauseTimer);
    this.pauseTimer = null;
    if (paused && !this.disposed) {
      this.pauseTimer = clock.setTimeout(() => {
        this.pauseTimer = null;
        log('info', 'hotkey.pause_expired', { afterMs: HOTKEY_PAUSE_MAX_MS });
      }, HOTKEY_PAUSE_MAX_MS);
    }
  }

  get status(): HotkeyStatus {
    return this.statusValue;
  }

  on(event: 'status', listener: (status: HotkeyStatus) => void): () => void {
    return this.emitter.on(event, listener);
  }

  /** Chooses the backend and binds the saved chord; resolves when that is settled. */
  start(): Promise<void> {
    this.starting ??= this.run();
    return this.starting;
  }

  /** Binds `text`; on success saves it as the talk chord. */
  async bind(text: string): Promise<Result<HotkeyStatus, HotkeyBindError>> {
    await this.starting;
    const hotkey = this.hotkey;
    if (!hotkey || this.disposed) return err('not_ready', this.statusValue.reason);
    const bound = await hotkey.bind(text);
    if (!bound.ok) {
      const tag = bound.error.tag === 'failed' ? 'failed' : 'invalid_settings';
      return err(bound.error.tag === 'unavailable' ? 'not_ready' : tag, bound.error.message);
    }
    const chord = bound.value.chord ?? text.trim();
    const saved = await this.deps.settings.update({ talkChord: chord });
    if (!saved.ok) {
      return err('failed', `${chord} works now but could not be saved: ${saved.error.message}`);
    }
    this.deps.log('info', 'hotkey.chord_saved', { chord });
    return ok(this.statusValue);
  }

  /** Unbinds and stops the backend; idempotent. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.pause(false);
    // A bind still waiting for its backend is settled by the dispose, not waited for.
    this.offStatus?.();
    await this.hotkey?.dispose();
    this.hotkey = null;
    this.emitter.dispose();
  }

  private async run(): Promise<void> {
    const { provider, log } = this.deps;
    if (!provider) return;
    let choice: HotkeyChoice;
    try {
      choice = await provider.choose();
    } catch (error) {
      return this.update({
        ...INITIAL,
        state: 'failed',
        reason: errorMessage(error),
        remedy: null,
      });
    }
    if (this.disposed) return;
    log('info', 'hotkey.backend_chosen', { backend: choice.backend, reason: choice.reason });
    const hotkey = new TalkHotkey({
      choice,
      create: (kind) => provider.create(kind),
      talk: this.gate,
      log,
      platform: this.deps.platform as NodeJS.Platform,
    });
    this.hotkey = hotkey;
    this.offStatus = hotkey.on('status', (status) => this.update(status));
    this.update(hotkey.status);
    if (choice.backend === 'none') return;
    const chord = this.deps.settings.values.talkChord;
    const bound = await hotkey.bind(chord);
    if (!bound.ok) log('warn', 'hotkey.bind_failed', { chord, message: bound.error.message });
  }

  private update(status: HotkeyStatus): void {
    this.statusValue = status;
    if (!this.disposed) this.emitter.emit('status', status);
  }
}
