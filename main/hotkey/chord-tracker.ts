/**
 * Turns the hook's raw keyboard events into the talk chord's down and up. The chord goes down
 * when its key goes down with exactly its modifiers held; every such key-down is reported,
 * auto-repeat included, because the talk machine tells repeat from a new press. It goes up when
 * its key or the last held key of a required modifier comes up.
 */
import { MODIFIER_SPECS, MODIFIERS, type Modifier } from './chord-keys';
import type { HookChord } from './chord';

/** One keyboard event from the hook, with the modifier flags it carried. */
export interface RawKeyEvent {
  readonly type: 'keydown' | 'keyup';
  readonly keycode: number;
  readonly ctrlKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
  readonly metaKey: boolean;
}

const FLAG: Readonly<Record<Modifier, 'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey'>> = {
  ctrl: 'ctrlKey',
  alt: 'altKey',
  shift: 'shiftKey',
  super: 'metaKey',
};

/** Chord state of the hook process. */
export class ChordTracker {
  private chord: HookChord | null = null;
  private active = false;
  private readonly held = new Set<number>();

  /** Watches `chord` from now on (null: none); returns `up` when an active chord ends so. */
  watch(chord: HookChord | null): 'up' | null {
    const wasActive = this.active;
    this.active = false;
    this.chord = chord;
    return wasActive ? 'up' : null;
  }

  /** Feeds one event; returns the chord edge it caused, if any. */
  feed(event: RawKeyEvent): 'down' | 'up' | null {
    if (event.type === 'keydown') this.held.add(event.keycode);
    else this.held.delete(event.keycode);
    const chord = this.chord;
    if (!chord) return null;
    if (event.type === 'keydown') {
      if (event.keycode !== chord.keyCode || !this.modifiersMatch(chord, event)) return null;
      this.active = true;
      return 'down';
    }
    if (!this.active || !this.releases(chord, event.keycode)) return null;
    this.active = false;
    return 'up';
  }

  /** Whether the chord is down now. */
  get isActive(): boolean {
    return this.active;
  }

  private modifiersMatch(chord: HookChord, event: RawKeyEvent): boolean {
    return MODIFIERS.every((m) => event[FLAG[m]] === chord.modifiers.includes(m));
  }

  /** The chord key, or a required modifier with neither of its keys still held. */
  private releases(chord: HookChord, keycode: number): boolean {
    if (keycode === chord.keyCode) return true;
    return chord.modifiers.some((m) => {
      const codes = MODIFIER_SPECS[m].hookCodes;
      return codes.includes(keycode) && !codes.some((c) => this.held.has(c));
    });
  }
}
