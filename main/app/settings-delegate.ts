import type { SettingsFields } from '../../preload/schemas/settings';
import { DelegateRunHandle, failedOutcome } from '../delegate/delegate-run';
import type { DelegateSettings } from '../delegate/index';
import type { Delegate, DelegateRequest, DelegateRun } from '../delegate/types';
import type { Logger } from '../base/logger';

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

  dispose(): void {
    this.current?.dispose();
    for (const old of this.retired.splice(0)) old.dispose();
    this.current = null;
  }

  private resolve(): Delegate {
    const s = this.settings();
    const key = JSON.stringify([s.delegate, s.delegateCommand, s.codexSandbox]);
    if (this.current && key === this.currentKey) return this.current;
    if (this.current) this.retired.push(this.current);
    // Codex inherits main's environment and uses its own login (or OPENAI_API_KEY) there.
    this.current = this.createDelegate({
      delegate: s.delegate,
      delegateCommand: s.delegateCommand,
      codex: { sandboxMode: s.codexSandbox },
      logger: this.log,
    });
    this.currentKey = key;
    this.log('info', 'delegate.ready', { kind: s.delegate });
    return this.current;
  }
}
