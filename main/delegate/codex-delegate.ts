import { statSync } from 'node:fs';
import type {
  ApprovalMode,
  Codex,
  CodexOptions,
  SandboxMode,
  Thread,
  ThreadOptions,
  Usage,
} from '@openai/codex-sdk';
import { silentLogger, type Logger } from '../base/logger';
import { CodexEventMapper } from './codex-events';
import { errorMessage } from '../base/result';
import { cancelledOutcome, DelegateRunHandle, failedOutcome } from './delegate-run';
import type { Delegate, DelegateRequest, DelegateRun } from './types';
import type { TokenUsage } from '../../preload/schemas/tasks';

/** The part of the SDK's `Codex` class the delegate uses (a seam for tests). */
export type CodexClient = Pick<Codex, 'startThread' | 'resumeThread'>;

/** Options of {@link createCodexDelegate}. */
export interface CodexDelegateOptions {
  /** Path of the `codex` binary; default: the one `@openai/codex` installed. */
  codexPath?: string;
  /** Environment of the CLI; when given, the host's environment is not inherited. */
  env?: Record<string, string>;
  /** `--config` overrides; `features.unbounded_connection_retries=false` is always added. */
  config?: CodexOptions['config'];
  baseUrl?: string;
  apiKey?: string;
  model?: string;
  /** Default `workspace-write`. */
  sandboxMode?: SandboxMode;
  /** Default `never`: nobody is there to approve a background agent's commands. */
  approvalPolicy?: ApprovalMode;
  /** Default true: the workspace need not be a git repository. */
  skipGitRepoCheck?: boolean;
  /** Conversation id → Codex thread id to resume (e.g. from the history database). */
  threads?: Record<string, string>;
  /** Asked the first time a conversation runs a task: a saved thread to resume, or null. */
  threadFor?: (conversationId: string) => string | null;
  /** Called when a conversation gets a (new) thread id, so it can be persisted. */
  onThread?: (conversationId: string, threadId: string) => void;
  /** Builds the SDK client; tests inject a fake. Default: the SDK, loaded on first use. */
  createClient?: (options: CodexOptions) => CodexClient | Promise<CodexClient>;
  logger?: Logger;
}

interface ConversationThread {
  threadId: string | null;
  busy: boolean;
  usageTotal: Usage | null;
}

const STDERR_NOISE = [
  /^WARNING: proceeding, even though we could not create PATH aliases/,
  /^Reading additional input from stdin/,
];

/** The useful tail of an SDK error ("Codex Exec exited with code 1: <stderr>"). */
export function cleanCodexError(error: unknown, codexPath: string | undefined): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const message = errorMessage(error);
  if (code === 'ENOENT' || /spawn .* ENOENT/.test(message)) {
    return `Codex CLI not found${codexPath ? ` at ${codexPath}` : ''}: install @openai/codex or set its path.`;
  }
  const exited = /^Codex Exec exited with ([^:]+):\s*/.exec(message);
  const detail = exited ? message.slice(exited[0].length) : message;
  const text = detail
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l && !STDERR_NOISE.some((re) => re.test(l)))
    .join('\n');
  if (exited) {
    const tail = text.length > 2_048 ? `…${text.slice(-2_048)}` : text;
    return `Codex exited with ${exited[1]}${tail ? `: ${tail}` : ' and said nothing.'}`;
  }
  return text.length > 2_048 ? `…${text.slice(-2_048)}` : text;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** How one turn of a task ended, as the delegate sees it. */
type TurnOutcome =
  | { kind: 'completed'; usage: TokenUsage | null; lastMessage: string | null }
  | { kind: 'failed'; message: string }
  | { kind: 'aborted' };

/** The SDK, loaded only when a Codex task first runs (the command delegate never needs it). */
async function loadCodexClient(options: CodexOptions): Promise<CodexClient> {
  const { Codex: CodexClass } = await import('@openai/codex-sdk');
  return new CodexClass(options);
}

/**
 * The Codex delegate: one Codex thread per conversation, resumed across tasks; each task is a
 * turn (`codex exec --experimental-json` via `@openai/codex-sdk`) whose streamed items become
 * progress. Steering queues the words as the next turn on the same thread.
 */
export function createCodexDelegate(options: CodexDelegateOptions = {}): Delegate {
  return new CodexDelegate(options);
}

class CodexDelegate implements Delegate {
  readonly kind = 'codex';
  private readonly log: Logger;
  private readonly conversations = new Map<string, ConversationThread>();
  private readonly live = new Map<AbortController, Promise<void>>();
  private client: Promise<CodexClient> | null = null;

  constructor(private readonly options: CodexDelegateOptions) {
    this.log = options.logger ?? silentLogger;
    for (const [conversationId, threadId] of Object.entries(options.threads ?? {})) {
      this.conversations.set(conversationId, { threadId, busy: false, usageTotal: null });
    }
  }

  start(request: DelegateRequest): DelegateRun {
    const run = new DelegateRunHandle();
    const queue: string[] = [];
    let accepting = true;
    run.steer = (text) => {
      if (!accepting || run.settled) return false;
      queue.push(text);
      return true;
    };
    const local = new AbortController();
    const signal = AbortSignal.any([request.signal, local.signal]);
    const nextInput = (): string | null => {
      if (queue.length > 0) return queue.splice(0).join('\n\n');
      accepting = false;
      return null;
    };
    const over = this.execute(request, run, signal, nextInput).finally(() =>
      this.live.delete(local),
    );
    this.live.set(local, over);
    return run;
  }

  /** Abort every turn; the SDK stops its `codex` process on abort. Waits for each to end. */
  async dispose(): Promise<void> {
    const runs = [...this.live];
    for (const [controller] of runs) controller.abort();
    await Promise.all(runs.map(([, over]) => over));
  }

  private getClient(): Promise<CodexClient> {
    if (this.client) return this.client;
    const config = { ...this.options.config };
    const features =
      typeof config.features === 'object' && !Array.isArray(config.features) ? config.features : {};
    config.features = { ...features, unbounded_connection_retries: false };
    const { codexPath, env, baseUrl, apiKey } = this.options;
    const sdkOptions: CodexOptions = {
      config,
      ...(codexPath ? { codexPathOverride: codexPath } : {}),
      ...(env ? { env } : {}),
      ...(baseUrl ? { baseUrl } : {}),
      ...(apiKey ? { apiKey } : {}),
    };
    const create = this.options.createClient ?? loadCodexClient;
    this.client = Promise.resolve(create(sdkOptions));
    this.client.catch(() => (this.client = null));
    return this.client;
  }

  private threadOptions(workspace: string): ThreadOptions {
    return {
      workingDirectory: workspace,
      sandboxMode: this.options.sandboxMode ?? 'workspace-write',
      approvalPolicy: this.options.approvalPolicy ?? 'never',
      skipGitRepoCheck: this.options.skipGitRepoCheck ?? true,
      ...(this.options.model ? { model: this.options.model } : {}),
    };
  }

  /** The conversation's thread; a second task in a busy conversation gets one of its own. */
  private claimThread(conversationId: string): { own: ConversationThread; shared: boolean } {
    let conversation = this.conversations.get(conversationId);
    const saved = conversation ? null : (this.options.threadFor?.(conversationId) ?? null);
    const own: ConversationThread = conversation?.busy
      ? { threadId: null, busy: true, usageTotal: null }
      : (conversation ?? { threadId: saved, busy: true, usageTotal: null });
    if (!conversation) this.conversations.set(conversationId, (conversation = own));
    own.busy = true;
    return { own, shared: own === conversation };
  }

  private async execute(
    request: DelegateRequest,
    run: DelegateRunHandle,
    signal: AbortSignal,
    nextInput: () => string | null,
  ): Promise<void> {
    if (this.options.codexPath && !isFile(this.options.codexPath)) {
      run.settle(failedOutcome(`Codex CLI not found at ${this.options.codexPath}.`));
      return;
    }
    const { own, shared } = this.claimThread(request.conversationId);
    const total: TokenUsage = { inputTokens: 0, outputTokens: 0 };
    let result: string | null = null;
    try {
      for (let input = request.text as string | null; input !== null; input = nextInput()) {
        if (signal.aborted) break;
        const end = await this.runTurn({ request, run, signal, own, shared, input });
        if (end.kind === 'aborted') break;
        if (end.kind === 'failed') {
          run.settle(failedOutcome(`Codex turn failed: ${end.message}`, { usage: total }));
          return;
        }
        total.inputTokens += end.usage?.inputTokens ?? 0;
        total.outputTokens += end.usage?.outputTokens ?? 0;
        result = end.lastMessage ?? result;
      }
      if (signal.aborted) run.settle(cancelledOutcome('Cancelled.', { result, usage: total }));
      else run.settle({ status: 'done', result, error: null, usage: total });
    } catch (error) {
      if (signal.aborted) run.settle(cancelledOutcome('Cancelled.', { result, usage: total }));
      else
        run.settle(failedOutcome(cleanCodexError(error, this.options.codexPath), { usage: total }));
    } finally {
      own.busy = false;
      this.log('info', 'delegate.codex.ended', { taskId: request.taskId, threadId: own.threadId });
    }
  }

  /** One turn on the thread: its streamed items become progress; a new thread id is kept. */
  private async runTurn(turn: {
    request: DelegateRequest;
    run: DelegateRunHandle;
    signal: AbortSignal;
    own: ConversationThread;
    shared: boolean;
    input: string;
  }): Promise<TurnOutcome> {
    const { request, run, signal, own } = turn;
    const codex = await this.getClient();
    const options = this.threadOptions(request.workspace);
    const thread: Thread = own.threadId
      ? codex.resumeThread(own.threadId, options)
      : codex.startThread(options);
    const mapper = new CodexEventMapper(own.usageTotal);
    const { events } = await thread.runStreamed(turn.input, { signal });
    for await (const event of events) {
      for (const item of mapper.map(event)) run.progress(item);
      if (mapper.threadId && mapper.threadId !== own.threadId) {
        own.threadId = mapper.threadId;
        if (turn.shared) this.options.onThread?.(request.conversationId, own.threadId);
      }
      if (mapper.end?.kind === 'failed') break;
    }
    own.usageTotal = mapper.usageTotal;
    if (signal.aborted) return { kind: 'aborted' };
    if (!mapper.end) throw new Error('Codex stopped before the turn completed.');
    if (mapper.end.kind === 'failed') return { kind: 'failed', message: mapper.end.message };
    return { kind: 'completed', usage: mapper.end.usage ?? null, lastMessage: mapper.lastMessage };
  }
}
