import type { OfflineCommandInfo } from '../../preload/schemas/offline';
import type { Logger } from '../base/logger';
import { errorMessage } from '../base/result';
import type { OfflineEngine } from '../offline/index';

/** The model name a session to the offline engine asks for (the engine ignores it). */
export const OFFLINE_MODEL = 'parley-offline';
/** The offline engine needs no key; the session refuses an empty one, so it gets this. */
export const OFFLINE_KEY = 'offline-no-key-needed';

/**
 * The embedded offline commands engine, started when first needed for a workspace and kept
 * running (its models load on the first conversation); a different workspace restarts it.
 */
export class OfflineBackend {
  private running: { workspace: string; engine: Promise<OfflineEngine> } | null = null;

  constructor(
    private readonly start: (workspace: string) => Promise<OfflineEngine>,
    private readonly log: Logger,
  ) {}

  /** The engine for `workspace`, started (or restarted for another workspace) if need be. */
  engine(workspace: string): Promise<OfflineEngine> {
    if (this.running?.workspace === workspace) return this.running.engine;
    const previous = this.running?.engine;
    const engine = (async () => {
      await previous?.then((old) => old.close()).catch(() => {});
      const started = await this.start(workspace);
      this.log('info', 'offline.started', {
        url: started.url,
        commands: started.commands().length,
      });
      return started;
    })();
    this.running = { workspace, engine };
    engine.catch((error: unknown) => {
      this.log('error', 'offline.failed', { message: errorMessage(error) });
      if (this.running?.engine === engine) this.running = null;
    });
    return engine;
  }

  /** The workspace the running (or starting) engine serves; null when there is none. */
  get workspace(): string | null {
    return this.running?.workspace ?? null;
  }

  /** The engine already running (or starting) for `workspace`; null when there is none. */
  runningFor(workspace: string): Promise<OfflineEngine> | null {
    return this.running?.workspace === workspace ? this.running.engine : null;
  }

  /** What the engine understands in `workspace`. */
  async commands(workspace: string): Promise<OfflineCommandInfo[]> {
    return (await this.engine(workspace)).commands();
  }

  async dispose(): Promise<void> {
    const engine = this.running?.engine;
    this.running = null;
    await engine?.then((e) => e.close()).catch(() => {});
  }
}
