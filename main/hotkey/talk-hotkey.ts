/**
 * The global talk key: binds the chord on the chosen backend, falls back down the list when
 * a backend cannot run here (or stops working for good), feeds key events to the talk input,
 * and keeps a status in words for the settings view and the tray. A chord that is invalid or
 * taken is refused with the reason and the chord bound before stays.
 */
import type { HotkeyStatus } from '../../preload/schemas/hotkey';
import type { Logger } from '../base/logger';
import { err, ok, type Result, type TaggedError } from '../base/result';
import { TypedEmitter } from '../base/typed-emitter';
import type { HotkeyChoice } from './backend-selection';
import { formatChord, parseChord, type Chord } from './chord';
import type { HotkeyBackend, HotkeyBackendKind } from './hotkey-backend';

/** Where key events go: {@link TalkInput} fits. */
export interface TalkKeyTarget {
  keyDown(source: 'hook' | 'portal'): void;
  keyUp(source: 'hook' | 'portal'): void;
  keyPress(source: 'shortcut'): void;
}

/** Options of {@link TalkHotkey}. */
export interface TalkHotkeyOptions {
  choice: HotkeyChoice;
  /** Builds a backend of a kind (the shell knows how: hook launcher, D-Bus, Electron). */
  create(kind: HotkeyBackendKind): HotkeyBackend;
  talk: TalkKeyTarget;
  log: Logger;
  platform?: NodeJS.Platform;
}

type Active = { backend: HotkeyBackend; offs: (() => void)[] };

/** The global talk key; see the module comment. */
export class TalkHotkey {
  private readonly emitter: TypedEmitter<{ status: HotkeyStatus }>;
  private readonly order: HotkeyBackendKind[];
  private active: Active | null = null;
  private statusValue: HotkeyStatus;
  private chord: Chord | null = null;
  private disposed = false;

  constructor(private readonly options: TalkHotkeyOptions) {
    this.emitter = new TypedEmitter((error) =>
      options.log('error', 'hotkey.listener_failed', { error: String(error) }),
    );
    const { backend, fallbacks, reason, remedy } = options.choice;
    this.order = backend === 'none' ? [] : [backend, ...fallbacks];
    this.statusValue = {
      backend,
      chord: null,
      label: null,
      reportsRelease: false,
      state: 'off',
      reason,
      remedy,
    };
  }

  get status(): HotkeyStatus {
    return this.statusValue;
  }

  on(event: 'status', listener: (status: HotkeyStatus) => void): () => void {
    return this.emitter.on(event, listener);
  }

  /** Parses and binds `text`; on a refusal the chord bound before stays bound. */
  async bind(text: string): Promise<Result<HotkeyStatus, TaggedError>> {
    if (this.disposed) throw new Error('TalkHotkey.bind after dispose');
    const parsed = parseChord(text, this.options.platform ?? process.platform);
    if (!parsed.ok) return parsed;
    const first = this.active?.backend.kind ?? this.order[0];
    if (!first) return err('unavailable', this.statusValue.reason);
    const previous = this.statusValue;
    this.update({ state: 'binding' });
    const result = await this.bindFrom(parsed.value, first);
    if (result.ok || this.disposed) return result;
    const stillBound =
      previous.state === 'active' && this.active?.backend.kind === previous.backend;
    if (stillBound) this.update(previous);
    else if (this.statusValue.state === 'binding') {
      this.update({ state: 'failed', chord: null, label: null, reason: result.error.message });
    }
    return result;
  }

  /** Unbinds and disposes the backend; idempotent. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.drop();
    this.update({ state: 'off', chord: null, label: null });
    this.emitter.dispose();
  }

  /** Tries `first` and the backends after it in order until one binds or refuses the chord. */
  private async bindFrom(
    chord: Chord,
    first: HotkeyBackendKind,
  ): Promise<Result<HotkeyStatus, TaggedError>> {
    let why = '';
    for (const kind of this.order.slice(this.order.indexOf(first))) {
      const backend = this.backend(kind);
      const bound = await backend.bind(chord);
      if (this.disposed) return err('failed', 'The hotkey was turned off.');
      if (bound.ok) {
        this.chord = chord;
        const reason = why ? `${why} ${this.fallbackReason(kind)}` : this.reasonFor(kind);
        this.update({
          backend: kind,
          chord: formatChord(chord),
          label: bound.value.label,
          reportsRelease: backend.reportsRelease,
          state: 'active',
          reason,
        });
        return ok(this.statusValue);
      }
      if (bound.error.tag !== 'unavailable') return bound;
      this.options.log('warn', 'hotkey.backend_unavailable', {
        backend: kind,
        message: bound.error.message,
      });
      why = `${why} ${bound.error.message}`.trim();
      await this.drop();
    }
    this.update({ backend: 'none', state: 'failed', reason: why, remedy: 'bind-toggle-command' });
    return err('unavailable', why);
  }

  private backend(kind: HotkeyBackendKind): HotkeyBackend {
    if (this.active?.backend.kind === kind) return this.active.backend;
    const backend = this.options.create(kind);
    const offs = [
      backend.on('key', ({ action }) => this.onKey(kind, action)),
      backend.on('health', (health) => void this.onHealth(kind, health)),
    ];
    this.active = { backend, offs };
    return backend;
  }

  private onKey(kind: HotkeyBackendKind, action: 'down' | 'up' | 'press'): void {
    const { talk } = this.options;
    const source = kind === 'portal' ? 'portal' : 'hook';
    if (action === 'press') talk.keyPress('shortcut');
    else if (action === 'down') talk.keyDown(source);
    else talk.keyUp(source);
  }

  private async onHealth(
    kind: HotkeyBackendKind,
    health: { state: string; message: string },
  ): Promise<void> {
    if (this.disposed || this.active?.backend.kind !== kind) return;
    if (health.state === 'restarting')
      return this.update({ state: 'restarting', reason: health.message });
    if (health.state === 'active')
      return this.update({ state: 'active', reason: this.reasonFor(kind) });
    const next = this.order[this.order.indexOf(kind) + 1];
    const chord = this.chord;
    await this.drop();
    if (!next || !chord) {
      this.update({
        backend: 'none',
        state: 'failed',
        reason: health.message,
        remedy: 'bind-toggle-command',
      });
      return;
    }
    const result = await this.bindFrom(chord, next);
    if (result.ok) this.update({ reason: `${health.message} ${this.fallbackReason(next)}` });
  }

  private reasonFor(kind: HotkeyBackendKind): string {
    return kind === this.order[0] ? this.options.choice.reason : this.fallbackReason(kind);
  }

  private fallbackReason(kind: HotkeyBackendKind): string {
    if (kind === 'global-shortcut')
      return 'The talk key now toggles talking (Electron’s global shortcut sees presses only).';
    return this.options.choice.reason;
  }

  private async drop(): Promise<void> {
    const active = this.active;
    this.active = null;
    if (!active) return;
    for (const off of active.offs) off();
    await active.backend.dispose();
  }

  private update(patch: Partial<HotkeyStatus>): void {
    this.statusValue = { ...this.statusValue, ...patch };
    this.emitter.emit('status', this.statusValue);
  }
}
