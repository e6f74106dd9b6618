import { watch } from 'node:fs';
import type { Clock, TimerHandle } from '../base/clock';
import { TypedEmitter } from '../base/typed-emitter';

/** Starts watching a folder; calls `onChange` on any change in it; returns a stop function. */
export type WatchFolder = (
  dir: string,
  onChange: () => void,
  onError: (e: Error) => void,
) => () => void;

/** Watches with `fs.watch` (top level only: package.json, the Makefile and the file list). */
export const watchFolder: WatchFolder = (dir, onChange, onError) => {
  const watcher = watch(dir, { persistent: false }, () => onChange());
  watcher.on('error', onError);
  return () => watcher.close();
};

export type WorkspaceWatcherEvents = {
  /** The folder changed and has been quiet for the debounce time. */
  changed: void;
  error: Error;
};

/** Quiet time after the last change before `changed` fires: an editor's save is a burst. */
export const WORKSPACE_DEBOUNCE_MS = 400;

/** Debounced change notifications for a workspace folder. */
export class WorkspaceWatcher {
  private readonly emitter = new TypedEmitter<WorkspaceWatcherEvents>();
  private timer: TimerHandle | null = null;
  private stop: (() => void) | null;

  constructor(
    dir: string,
    private readonly clock: Clock,
    watchDir: WatchFolder = watchFolder,
    private readonly debounceMs = WORKSPACE_DEBOUNCE_MS,
  ) {
    this.stop = watchDir(
      dir,
      () => this.touch(),
      (error) => this.emitter.emit('error', error),
    );
  }

  on<K extends keyof WorkspaceWatcherEvents>(
    event: K,
    listener: (payload: WorkspaceWatcherEvents[K]) => void,
  ): () => void {
    return this.emitter.on(event, listener);
  }

  dispose(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.stop?.();
    this.stop = null;
    this.emitter.dispose();
  }

  private touch(): void {
    if (this.stop === null) return;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.emitter.emit('changed', undefined);
    }, this.debounceMs);
  }
}
