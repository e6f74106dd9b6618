import { afterEach, describe, expect, it, vi } from 'vitest';
import { PARENT_WATCH_MS, watchParent } from '../../../main/host/parent-watch';

afterEach(() => vi.useRealTimers());

describe('watchParent', () => {
  it('calls onGone once when the parent pid changes (the launcher exited)', () => {
    vi.useFakeTimers();
    let parent = 100;
    const onGone = vi.fn();
    watchParent({ parentPid: () => parent, onGone });
    vi.advanceTimersByTime(PARENT_WATCH_MS * 3);
    expect(onGone).not.toHaveBeenCalled();
    parent = 1;
    vi.advanceTimersByTime(PARENT_WATCH_MS);
    vi.advanceTimersByTime(PARENT_WATCH_MS * 3);
    expect(onGone).toHaveBeenCalledTimes(1);
  });

  it('stops watching when told', () => {
    vi.useFakeTimers();
    let parent = 100;
    const onGone = vi.fn();
    const stop = watchParent({ parentPid: () => parent, onGone });
    stop();
    parent = 1;
    vi.advanceTimersByTime(PARENT_WATCH_MS * 2);
    expect(onGone).not.toHaveBeenCalled();
  });
});
