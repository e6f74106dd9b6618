import { describe, expect, it } from 'vitest';
import { KeyEdges } from '../../../main/audio/key-edges';
import { FakeClock } from '../../fakes/fake-clock';

function edges(debounceMs = 30) {
  const clock = new FakeClock();
  const seen: string[] = [];
  const key = new KeyEdges({
    clock,
    debounceMs,
    onPress: (at) => seen.push(`press@${at}`),
    onRelease: (at) => seen.push(`release@${at}@${clock.now()}`),
  });
  return { clock, key, seen };
}

describe('KeyEdges', () => {
  it('reports a press at once and a release, stamped with its report time, after the window', () => {
    const { clock, key, seen } = edges();
    expect(key.down()).toBe('press');
    clock.advance(100);
    key.up();
    expect(key.isDown).toBe(true);
    clock.advance(30);
    expect(seen).toEqual(['press@0', 'release@100@130']);
    expect(key.isDown).toBe(false);
  });

  it('calls a second down repeat and a down inside the release window bounce', () => {
    const { clock, key, seen } = edges();
    key.down();
    expect(key.down()).toBe('repeat');
    key.up();
    clock.advance(29);
    expect(key.down()).toBe('bounce');
    clock.advance(100);
    expect(seen).toEqual(['press@0']);
  });

  it('releases at once with no debounce window', () => {
    const { clock, key, seen } = edges(0);
    key.down();
    clock.advance(5);
    key.up();
    expect(seen).toEqual(['press@0', 'release@5@5']);
  });

  it('keeps a forgotten key stuck through auto-repeat and takes a down after a pause as a press', () => {
    const { clock, key, seen } = edges();
    key.down();
    key.forget();
    expect(key.isDown).toBe(false);
    clock.advance(40);
    expect(key.down()).toBe('repeat');
    clock.advance(499);
    expect(key.down()).toBe('repeat');
    clock.advance(500);
    expect(key.down()).toBe('press');
    expect(seen).toEqual(['press@0', 'press@1039']);
  });

  it('clears a stuck key on its late up, and drops a pending release when forgotten', () => {
    const { clock, key, seen } = edges();
    key.down();
    key.forget();
    key.up();
    clock.advance(10);
    expect(key.down()).toBe('press');
    key.up();
    key.forget();
    clock.advance(100);
    expect(seen).toEqual(['press@0', 'press@10']);
    expect(clock.pendingTimers()).toBe(0);
  });
});
