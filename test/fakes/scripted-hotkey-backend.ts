import { err, ok, type Result } from '../../main/base/result';
import { TypedEmitter } from '../../main/base/typed-emitter';
import { formatChord, type Chord } from '../../main/hotkey/chord';
import type {
  BoundHotkey,
  HotkeyBackend,
  HotkeyBackendEvents,
  HotkeyBackendKind,
  HotkeyError,
  HotkeyErrorTag,
} from '../../main/hotkey/hotkey-backend';

/** A backend whose bind answers are scripted, and that records what it was asked. */
export class ScriptedHotkeyBackend implements HotkeyBackend {
  readonly reportsRelease: boolean;
  readonly bound: string[] = [];
  disposed = false;
  private readonly emitter = new TypedEmitter<HotkeyBackendEvents>();
  /** The answer to the next binds, in order; when empty, binds succeed. */
  readonly answers: { tag: HotkeyErrorTag; message: string }[] = [];

  constructor(readonly kind: HotkeyBackendKind) {
    this.reportsRelease = kind !== 'global-shortcut';
  }

  on<K extends keyof HotkeyBackendEvents>(event: K, listener: (p: HotkeyBackendEvents[K]) => void) {
    return this.emitter.on(event, listener);
  }

  bind(chord: Chord): Promise<Result<BoundHotkey, HotkeyError>> {
    const answer = this.answers.shift();
    if (answer) return Promise.resolve(err(answer.tag, answer.message));
    this.bound.push(formatChord(chord));
    return Promise.resolve(ok({ chord, label: `${this.kind}:${formatChord(chord)}` }));
  }

  emit<K extends keyof HotkeyBackendEvents>(event: K, payload: HotkeyBackendEvents[K]): void {
    this.emitter.emit(event, payload);
  }

  listenerCount(): number {
    return this.emitter.listenerCount();
  }

  dispose(): Promise<void> {
    this.disposed = true;
    this.emitter.dispose();
    return Promise.resolve();
  }
}
