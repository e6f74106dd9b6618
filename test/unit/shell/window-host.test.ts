import { EventEmitter } from 'node:events';
import type { BrowserWindow, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { WindowHost } from '../../../main/shell/window-host';

/** A narrow recording stand-in for BrowserWindow: the calls the window host makes. */
class FakeWindow extends EventEmitter {
  readonly calls: string[] = [];
  readonly webContents = Object.assign(new EventEmitter(), { id: 3 });
  visible = false;
  destroyed = false;
  constructor(readonly hidden: boolean) {
    super();
  }
  show(): void {
    this.calls.push('show');
    this.visible = true;
    this.emit('show');
  }
  hide(): void {
    this.calls.push('hide');
    this.visible = false;
    this.emit('hide');
  }
  focus(): void {
    this.calls.push('focus');
  }
  restore(): void {
    this.calls.push('restore');
  }
  isMinimized = (): boolean => false;
  isVisible = (): boolean => this.visible;
  isFocused = (): boolean => this.visible;
  isDestroyed = (): boolean => this.destroyed;
  /** The user closes the window (or Parley quits); returns whether it closed. */
  close(): boolean {
    const event = {
      defaultPrevented: false,
      preventDefault: () => (event.defaultPrevented = true),
    };
    this.emit('close', event);
    if (event.defaultPrevented) return false;
    this.destroyed = true;
    this.emit('closed');
    return true;
  }
}

function host() {
  const made: FakeWindow[] = [];
  const seen = { loading: [] as WebContents[], visibility: [] as boolean[], toTray: 0 };
  const windows = new WindowHost({
    create: (hidden) => {
      const window = new FakeWindow(hidden);
      made.push(window);
      return window as unknown as BrowserWindow;
    },
    onPageLoading: (contents) => seen.loading.push(contents),
    onVisibility: (visible) => seen.visibility.push(visible),
    onClosedToTray: () => seen.toTray++,
  });
  return { windows, made, seen };
}

describe('the window host', () => {
  it('closing hides the window to the tray, each time, until Parley quits', () => {
    const { windows, made, seen } = host();
    windows.ensure(false);
    made[0]!.show();
    expect(made[0]!.close()).toBe(false);
    expect(made[0]!.close()).toBe(false);
    expect(seen.toTray).toBe(2);
    expect(windows.visible).toBe(false);
    expect(seen.visibility).toEqual([true, true, false, false]);
    windows.allowClose();
    expect(made[0]!.close()).toBe(true);
    expect(windows.current).toBeNull();
  });

  it('show brings the hidden window back and focuses it; with none it builds one', () => {
    const { windows, made } = host();
    windows.show();
    expect(made).toHaveLength(1);
    expect(made[0]!.hidden).toBe(false);
    made[0]!.hide();
    windows.show();
    expect(made).toHaveLength(1);
    expect(made[0]!.calls.slice(-2)).toEqual(['show', 'focus']);
    expect(windows.focused).toBe(true);
  });

  it('a start in the tray loads the page hidden and counts as in the background', () => {
    const { windows, made, seen } = host();
    windows.ensure(true);
    expect(made[0]!.hidden).toBe(true);
    expect(seen.visibility).toEqual([false]);
    expect(windows.focused).toBe(false);
    windows.ensure(false);
    expect(made).toHaveLength(1);
  });

  it('reports each page load of the window, so its renderer starts over', () => {
    const { windows, made, seen } = host();
    windows.ensure(false);
    made[0]!.webContents.emit('did-start-loading');
    made[0]!.webContents.emit('did-start-loading');
    expect(seen.loading).toEqual([made[0]!.webContents, made[0]!.webContents]);
  });
});
