import { describe, expect, it } from 'vitest';
import { ChordTracker, type RawKeyEvent } from '../../../main/hotkey/chord-tracker';

const CTRL = 29;
const CTRL_RIGHT = 3613;
const ALT = 56;
const SHIFT = 42;
const SPACE = 57;

/** A keyboard simulator: keeps modifier flags the way the hook reports them. */
function keyboard() {
  const tracker = new ChordTracker();
  tracker.watch({ keyCode: SPACE, modifiers: ['ctrl', 'alt'] });
  const held = new Set<number>();
  const edges: string[] = [];
  const send = (type: RawKeyEvent['type'], keycode: number): void => {
    if (type === 'keydown') held.add(keycode);
    else held.delete(keycode);
    const edge = tracker.feed({
      type,
      keycode,
      ctrlKey: held.has(CTRL) || held.has(CTRL_RIGHT),
      altKey: held.has(ALT),
      shiftKey: held.has(SHIFT),
      metaKey: false,
    });
    if (edge) edges.push(edge);
  };
  return {
    tracker,
    edges,
    down: (k: number) => send('keydown', k),
    up: (k: number) => send('keyup', k),
  };
}

describe('ChordTracker', () => {
  it('goes down on the key with exactly the modifiers, and up when the key is released', () => {
    const k = keyboard();
    k.down(CTRL);
    k.down(ALT);
    k.down(SPACE);
    expect(k.tracker.isActive).toBe(true);
    k.up(SPACE);
    k.up(ALT);
    k.up(CTRL);
    expect(k.edges).toEqual(['down', 'up']);
  });

  it('reports every key-down of the chord, auto-repeat included', () => {
    const k = keyboard();
    k.down(CTRL);
    k.down(ALT);
    k.down(SPACE);
    k.down(SPACE);
    k.down(SPACE);
    k.up(SPACE);
    expect(k.edges).toEqual(['down', 'down', 'down', 'up']);
  });

  it('goes up when a required modifier is released first', () => {
    const k = keyboard();
    k.down(CTRL);
    k.down(ALT);
    k.down(SPACE);
    k.up(CTRL);
    k.up(SPACE);
    expect(k.edges).toEqual(['down', 'up']);
  });

  it('stays down while the other key of the same modifier is still held', () => {
    const k = keyboard();
    k.down(CTRL);
    k.down(CTRL_RIGHT);
    k.down(ALT);
    k.down(SPACE);
    k.up(CTRL);
    expect(k.edges).toEqual(['down']);
    k.up(CTRL_RIGHT);
    expect(k.edges).toEqual(['down', 'up']);
  });

  it('ignores the key with missing or extra modifiers, and other keys', () => {
    const k = keyboard();
    k.down(SPACE);
    k.up(SPACE);
    k.down(CTRL);
    k.down(SPACE);
    k.up(SPACE);
    k.down(ALT);
    k.down(SHIFT);
    k.down(SPACE);
    k.up(SPACE);
    k.up(SHIFT);
    k.down(30);
    k.up(30);
    expect(k.edges).toEqual([]);
  });

  it('releases an active chord when the watched chord changes, and watches nothing on null', () => {
    const k = keyboard();
    k.down(CTRL);
    k.down(ALT);
    k.down(SPACE);
    expect(k.tracker.watch(null)).toBe('up');
    expect(k.tracker.watch(null)).toBeNull();
    k.up(SPACE);
    k.down(SPACE);
    expect(k.edges).toEqual(['down']);
  });
});
