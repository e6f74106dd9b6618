/**
 * The fallback backend: Electron's `globalShortcut`, which reports presses only, so the talk
 * key toggles. A chord another application holds is refused with the reason, and the chord
 * bound before stays bound.
 */
import type { Logger } from '../base/logger';
import { err, errorMessage, ok, type Result } from '../base/result';
import { TypedEmitter } from '../base/typed-emitter';
import { formatChord, toAccelerator, type Chord } from './chord';
import type {
  BoundHotkey,
  HotkeyBackend,
  HotkeyBackendEvents,
  HotkeyError,
} from './hotkey-backend';

/** Electron's `globalShortcut`, as far as this backend uses it. */
export interface ShortcutRegistrar {
  /** False when the accelerator is taken; throws when Electron cannot parse it. */
  register(accelerator: string, onPress: () => void): boolean;
  unregister(accelerator: string): void;
}

/** Hotkey backend over a {@link ShortcutRegistrar}; see the module comment. */
export class GlobalShortcutBackend implements HotkeyBackend {
  readonly kind = 'global-shortcut';
  readonly reportsRelease = false;
  private readonly emitter: TypedEmitter<HotkeyBackendEvents>;
  private bound: string | null = null;
  private disposed = false;

  constructor(
    private readonly registrar: ShortcutRegistrar,
    log: Logger,
  ) {
    this.emitter = new TypedEmitter((error) =>
      log('error', 'hotkey.listener_failed', { error: String(error) }),
    );
  }

  on<K extends keyof HotkeyBackendEvents>(
    event: K,
    listener: (payload: HotkeyBackendEvents[K]) => void,
  ): () => void {
    return this.emitter.on(event, listener);
  }

  bind(chord: Chord): Promise<Result<BoundHotkey, HotkeyError>> {
    if (this.disposed) throw new Error('GlobalShortcutBackend.bind after dispose');
    const accelerator = toAccelerator(chord);
    const label = formatChord(chord);
    if (accelerator === this.bound) return Promise.resolve(ok({ chord, label }));
    let registered: boolean;
    try {
      registered = this.registrar.register(accelerator, () =>
        this.emitter.emit('key', { action: 'press' }),
      );
    } catch (error) {
      return Promise.resolve(
        err('failed', `${label} could not be registered: ${errorMessage(error)}.`),
      );
    }
    if (!registered) {
      const message = `${label} is already taken by another application or the desktop: choose another chord.`;
      return Promise.resolve(err('taken', message));
    }
    if (this.bound) this.registrar.unregister(this.bound);
    this.bound = accelerator;
    return Promise.resolve(ok({ chord, label }));
  }

  dispose(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.disposed = true;
    if (this.bound) this.registrar.unregister(this.bound);
    this.bound = null;
    this.emitter.dispose();
    return Promise.resolve();
  }
}
