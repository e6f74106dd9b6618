import type { Clock } from '../base/clock';
import type { Logger } from '../base/logger';
import { errorMessage } from '../base/result';
import { TypedEmitter } from '../base/typed-emitter';
import { buildCommandSet, type CommandSet } from './offline-commands';
import type { Lexicon } from './spoken-words';
import { readWorkspaceFacts } from './workspace-facts';
import { WorkspaceWatcher, type WatchFolder } from './workspace-watcher';

export type CommandBookEvents = {
  /** The command set was rebuilt and differs from the previous one. */
  changed: CommandSet;
};

/** Options of {@link CommandBook.open}. */
export interface CommandBookOptions {
  workspace: string;
  lexicon: Lexicon;
  clock: Clock;
  log: Logger;
  /** Folder watching; tests inject their own. */
  watch?: WatchFolder;
  debounceMs?: number;
}

/**
 * The current command set of a workspace: built at open, rebuilt (debounced) whenever the
 * folder changes. `version` counts rebuilds that changed something, so a recogniser knows when
 * to reload its grammar.
 */
export class CommandBook {
  private readonly emitter = new TypedEmitter<CommandBookEvents>();
  private watcher: WorkspaceWatcher | null = null;
  private set: CommandSet = { commands: [], unspeakable: [] };
  private revision = 0;
  private rebuilding: Promise<void> = Promise.resolve();

  private constructor(private readonly options: CommandBookOptions) {}

  /** Reads the workspace, builds the set, starts watching. */
  static async open(options: CommandBookOptions): Promise<CommandBook> {
    const book = new CommandBook(options);
    await book.rebuild();
    try {
      book.watcher = new WorkspaceWatcher(
        options.workspace,
        options.clock,
        options.watch,
        options.debounceMs,
      );
      book.watcher.on('changed', () => void book.rebuild());
      book.watcher.on('error', (error) =>
        options.log('warn', 'offline.watch_failed', { message: error.message }),
      );
    } catch (error) {
      options.log('warn', 'offline.watch_failed', { message: errorMessage(error) });
    }
    return book;
  }

  get current(): CommandSet {
    return this.set;
  }

  get version(): number {
    return this.revision;
  }

  on<K extends keyof CommandBookEvents>(
    event: K,
    listener: (payload: CommandBookEvents[K]) => void,
  ): () => void {
    return this.emitter.on(event, listener);
  }

  /** Re-reads the workspace; rebuilds run one after another. */
  rebuild(): Promise<void> {
    this.rebuilding = this.rebuilding.then(() => this.rebuildNow());
    return this.rebuilding;
  }

  dispose(): void {
    this.watcher?.dispose();
    this.watcher = null;
    this.emitter.dispose();
  }

  private async rebuildNow(): Promise<void> {
    const { workspace, lexicon, log } = this.options;
    const reading = await readWorkspaceFacts(workspace);
    for (const problem of reading.problems)
      log('warn', 'offline.workspace_unreadable', { problem });
    const next = buildCommandSet(reading.facts, lexicon);
    if (next.unspeakable.length > 0) {
      log('info', 'offline.unspeakable', { items: next.unspeakable.map((u) => u.name) });
    }
    const same =
      next.commands.length === this.set.commands.length &&
      next.commands.every((c, i) => JSON.stringify(c) === JSON.stringify(this.set.commands[i]));
    this.set = next;
    if (same && this.revision > 0) return;
    this.revision++;
    log('info', 'offline.commands', { count: next.commands.length, version: this.revision });
    if (this.revision > 1) this.emitter.emit('changed', next);
  }
}
