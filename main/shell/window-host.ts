/**
 * Parley's one window: built on demand, hidden rather than closed (Parley stays in the tray,
 * and its page keeps capturing for background listening), really closed only when Parley
 * quits. It reports when it is shown or hidden, and when its page starts loading.
 */
import type { BrowserWindow, WebContents } from 'electron';

/** What the window host needs from the shell. */
export interface WindowHostOptions {
  /** Builds the locked-down window (`createMainWindow`); hidden: load without showing. */
  create(hidden: boolean): BrowserWindow;
  /** The window's page started loading (first load or reload). */
  onPageLoading(contents: WebContents): void;
  /** The window was shown (true) or hidden (false). */
  onVisibility(visible: boolean): void;
  /** Closing the window kept Parley running (each time; the shell says so once). */
  onClosedToTray(): void;
}

/** The window as the shell drives it. */
export class WindowHost {
  private window: BrowserWindow | null = null;
  private quitting = false;

  constructor(private readonly options: WindowHostOptions) {}

  /** The live window, if any. */
  get current(): BrowserWindow | null {
    return this.window && !this.window.isDestroyed() ? this.window : null;
  }

  /** Whether the window is on screen and has the keyboard. */
  get focused(): boolean {
    const window = this.current;
    return !!window && window.isVisible() && window.isFocused();
  }

  get visible(): boolean {
    return this.current?.isVisible() ?? false;
  }

  /** Builds the window without showing it, if there is none (a start in the tray). */
  ensure(hidden: boolean): BrowserWindow {
    return this.current ?? this.open(hidden);
  }

  /** Shows and focuses the window, building it if needed. */
  show(): void {
    const existing = this.current;
    const window = existing ?? this.open(false);
    if (!existing) return; // a new window shows itself once its page is ready
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  }

  /** From now on closing the window closes it (Parley is quitting). */
  allowClose(): void {
    this.quitting = true;
  }

  private open(hidden: boolean): BrowserWindow {
    const window = this.options.create(hidden);
    this.window = window;
    const contents = window.webContents;
    contents.on('did-start-loading', () => this.options.onPageLoading(contents));
    window.on('close', (event) => {
      if (this.quitting) return;
      event.preventDefault();
      window.hide();
      this.options.onClosedToTray();
    });
    window.on('show', () => this.options.onVisibility(true));
    window.on('hide', () => this.options.onVisibility(false));
    window.on('closed', () => {
      if (this.window === window) this.window = null;
    });
    this.options.onVisibility(!hidden);
    return window;
  }
}
