import type { ConversationState } from '../../preload/schemas/conversation';
import type { SettingsFields } from '../../preload/schemas/settings';
import { findCodexCredentials, type CodexCredentials } from '../delegate/codex-credentials';
import { DelegateRunHandle, failedOutcome } from '../delegate/delegate-run';
import type { CodexDelegateOptions, DelegateSettings } from '../delegate/index';
import type { Delegate, DelegateRequest, DelegateRun } from '../delegate/types';
import type { WorkspaceRunnerOptions } from '../delegate/workspace-runner';
import type { Logger } from '../base/logger';
import { codexEnvironment, commandEnvironment } from '../delegate/delegate-environment';
import { chooseDelegate } from './delegate-choice';

/** The host environment delegates start from, and what must not reach a command. */
export interface DelegateEnvironment {
  variables: Record<string, string | undefined>;
  /** Every API key Parley knows (from the environment, the key store, typed in). */
  secrets: () => readonly string[];
  /** The user opted in to giving command delegates the key (`PARLEY_DELEGATE_INHERIT_KEY=1`). */
  inheritKey: boolean;
  /** The key stored in Parley (entered in Settings), given to Codex when it has no login of its own. */
  storedKey?: () => string | null;
}

/** How the workspace runner finds a request's local commands (the offline engine knows them). */
export type LocalRunnerWiring = Pick<WorkspaceRunnerOptions, 'plan' | 'openFolder'>;

type Backend = NonNullable<ConversationState['backend']>;

/** Conversations whose backend is remembered for their tasks. */
const REMEMBERED_CONVERSATIONS = 50;

/**
 * The delegate the current settings ask for, rebuilt when they change. Runs already going keep
 * the delegate they started on; a misconfigured delegate fails each task with its message. In a
 * conversation the offline engine answers, Codex with no credentials gives way to the workspace
 * runner (see {@link chooseDelegate}).
 */
export class SettingsDelegate implements Delegate {
  private current: Delegate | null = null;
  private currentKey = '';
  private readonly retired: Delegate[] = [];
  private localRunner: Delegate | null = null;
  private readonly backends = new Map<string, Backend>();

  constructor(
    private readonly settings: () => SettingsFields,
    private readonly createDelegate: (settings: DelegateSettings) => Delegate,
    private readonly log: Logger,
    private readonly environment: DelegateEnvironment,
    /** Where the Codex delegate finds and saves each conversation's thread. */
    private readonly codexThreads: Pick<CodexDelegateOptions, 'threadFor' | 'onThread'> = {},
    /** Without it, the configured delegate always runs. */
    private readonly local: LocalRunnerWiring | null = null,
  ) {}

  get kind(): string {
    return this.settings().delegate;
  }

  /** A conversation starts on `backend`: its tasks are chosen a delegate for it. */
  conversationStarted(conversationId: string, backend: Backend): void {
    this.backends.set(conversationId, backend);
    const oldest = this.backends.keys().next().value;
    if (this.backends.size > REMEMBERED_CONVERSATIONS && oldest !== undefined) {
      this.backends.delete(oldest);
    }
  }

  start(request: DelegateRequest): DelegateRun {
    let delegate: Delegate;
    try {
      delegate = this.choose(request);
    } catch (error) {
      const run = new DelegateRunHandle();
      queueMicrotask(() => run.settle(failedOutcome((error as Error).message)));
      return run;
    }
    return delegate.start(request);
  }

  async dispose(): Promise<void> {
    const all = [this.current, this.localRunner, ...this.retired.splice(0)].filter(
      (d): d is Delegate => d !== null,
    );
    this.current = null;
    this.localRunner = null;
    await Promise.all(all.map((delegate) => delegate.dispose()));
  }

  /** The delegate for this task, logged with the reason it was chosen. */
  private choose(request: DelegateRequest): Delegate {
    const choice = chooseDelegate({
      configured: this.settings().delegate,
      backend: this.local ? (this.backends.get(request.conversationId) ?? null) : null,
      codexCredentials: () => this.codexCredentials(),
    });
    this.log('info', 'delegate.chosen', { taskId: request.taskId, ...choice });
    return choice.kind === 'workspace-runner' ? this.runner() : this.resolve();
  }

  /** The workspace runner, built on first use with the command delegate's scrubbed environment. */
  private runner(): Delegate {
    if (this.localRunner) return this.localRunner;
    if (!this.local) throw new Error('The workspace runner is not wired.');
    const { variables, secrets, inheritKey } = this.environment;
    this.localRunner = this.createDelegate({
      delegate: 'workspace-runner',
      logger: this.log,
      command: { env: commandEnvironment(variables, { secrets: secrets(), inheritKey }) },
      runner: this.local,
    });
    return this.localRunner;
  }

  /** What Codex answers with: its own login or environment, else the key stored in Parley. */
  private codexCredentials(): CodexCredentials {
    const own = findCodexCredentials(codexEnvironment(this.environment.variables));
    if (own.found) return own;
    return this.environment.storedKey?.() ? { found: true, via: 'the key stored in Parley' } : own;
  }

  /** The stored key for Codex, only when Codex has no credentials of its own. */
  private keyForCodex(): string | null {
    const own = findCodexCredentials(codexEnvironment(this.environment.variables));
    return own.found ? null : (this.environment.storedKey?.() ?? null);
  }

  private resolve(): Delegate {
    const s = this.settings();
    const apiKey = s.delegate === 'codex' ? this.keyForCodex() : null;
    const key = JSON.stringify([s.delegate, s.delegateCommand, s.codexSandbox, apiKey]);
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
        ...(apiKey ? { apiKey } : {}),
        ...this.codexThreads,
      },
    });
    this.currentKey = key;
    this.log('info', 'delegate.ready', { kind: s.delegate });
    return this.current;
  }
}
