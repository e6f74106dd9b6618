/** The interface every global talk-key backend implements (hook, portal, globalShortcut). */
import type { HotkeyBackendKind as AnyBackendKind } from '../../preload/schemas/hotkey';
import type { Result, TaggedError } from '../base/result';
import type { Chord } from './chord';

/** Which backend watches the talk key. */
export type HotkeyBackendKind = Exclude<AnyBackendKind, 'none'>;

/**
 * Why binding failed. `unavailable`: this backend cannot run here (no display, no portal, no
 * permission): try the next one. `taken`: the chord is in use: the user must pick another.
 * `refused`: the user or the desktop declined. `failed`: anything else.
 */
export type HotkeyErrorTag = 'unavailable' | 'taken' | 'refused' | 'failed';
export type HotkeyError = TaggedError<HotkeyErrorTag>;

/** A bound chord and how the backend describes its trigger (the desktop may change it). */
export interface BoundHotkey {
  readonly chord: Chord;
  /** What to show: "Ctrl+Alt+Space", or the portal's own trigger description. */
  readonly label: string;
}

/** Events of a {@link HotkeyBackend}. */
export type HotkeyBackendEvents = {
  /** The talk key: `down`/`up` from backends that see releases, `press` from the others. */
  key: { action: 'down' | 'up' | 'press' };
  /** Health after binding: it stopped working (`lost`), or came back (`active`). */
  health: { state: 'active' | 'restarting' | 'lost'; message: string };
};

/** A global talk-key backend. */
export interface HotkeyBackend {
  readonly kind: HotkeyBackendKind;
  /** Whether it reports releases (hold-to-talk and Auto need them). */
  readonly reportsRelease: boolean;
  /** Binds `chord`, replacing the chord bound before. */
  bind(chord: Chord): Promise<Result<BoundHotkey, HotkeyError>>;
  on<K extends keyof HotkeyBackendEvents>(
    event: K,
    listener: (payload: HotkeyBackendEvents[K]) => void,
  ): () => void;
  /** Unbinds and releases everything; idempotent. */
  dispose(): Promise<void>;
}
