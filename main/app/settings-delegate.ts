import type { SettingsFields } from '../../preload/schemas/settings';
import { DelegateRunHandle, failedOutcome } from '../delegate/delegate-run';
import type { CodexDelegateOptions, DelegateSettings } from '../delegate/index';
import type { Delegate, DelegateRequest, DelegateRun } from '../delegate/types';
import type { Logger } from '../base/logger';
import { codexEnvironment, commandEnvironment } from '../delegate/delegate-environment';

/** The host environment delegates start from, and what must not reach a command. */
export interface DelegateEnvironment {
  variables: Record<string, string | undefined>;
  /** Every API key Parley knows (from the environment, the key store, typed in). */
  secrets: () => readonly string[];
  /** The user opted in to giving command delegates the key (`PARLEY_DELEGATE_INHERIT_KEY=1`). */
  inheritKey: boolean;
}

/**
 * The delegate the current settings ask for, rebuilt when they change. Runs already going keep
 * the delegate they started on; a misconfigured delegate fails each task with its message.
 */
export class SettingsDelegate implements Delegate {
  private current: Delegate | null = null;
  private currentKey = '';
  private readonly retired: Delegate[] = [];

  constructor(
    private readonly settings: () => SettingsFields,
    private readonly createDelegate: (settings: DelegateSettings) => Delegate,
    private readonly log: Logger,
    private readonly environment: DelegateEnvironment,
    /** Where the Codex delegate finds and saves each conversation's thread. */
    private readonly codexThreads: Pick<CodexDelegateOptions, 'threadFor' | 'onThread'> = {},
  ) {}

  get kind(): string {
    return this.settings().delegate;
  }

  start(request: DelegateRequest): DelegateRun {
    let delegate: Delegate;
    try {
      delegate = this.resolve();
    } catch (error) {
      const run = new DelegateRunHandle();
      queueMicrotask(() => run.settle(failedOutcome((error as Error).message)));
      return run;
    }
    return delegate.start(request);
  }

  async dispose(): Promise<void> {
    const all = [this.current, ...this.retired.splice(0)].filter((d): d is Delegate => d !== null);
    this.current = null;
    await Promise.all(all.map((delegate) => delegate.dispose()));
  }

  private resolve(): Delegate {
    const s = this.settings();
    const key = JSON.stringify([s.delegate, s.delegateCommand, s.codexSandbox]);
    if (this.current && key === this.currentKey) return this.current;
    if (this.current) this.retired.push(this.current);
    // A command is any program: it gets no key of Parley's unless the user opted in. Codex
    // gets what it needs (its login, or OPENAI_API_KEY) and nothing else of the host's.
    const { variables, secrets, inheritKey } = this.environment;
    this.current = this.createDelegate({
      delegate: s.delegate,
      delegateCommand: s.delegateCommand,
      logger: this.log,
      command: { env: commandEnvironment(variables, { secrets: secrets(), inheritKey }) },
      codex: {
        sandboxMode: s.codexSandbox,
        env: codexEnvironment(variables),
        ...this.codexThreads,
      },
    });
    this.currentKey = key;
    this.log('info', 'delegate.ready', { kind: s.delegate });
    return this.current;
  }
}
