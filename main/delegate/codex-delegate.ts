import { statSync } from 'node:fs';
import {
  Codex,
  type ApprovalMode,
  type CodexOptions,
  type SandboxMode,
  type Thread,
  type ThreadOptions,
  type Usage,
} from '@openai/codex-sdk';
import { silentLogger, type Logger } from '../base/logger';
import { CodexEventMapper } from './codex-events';
import { errorMessage } from '../base/result';
import { cancelledOutcome, DelegateRunHandle, failedOutcome } from './delegate-run';
import type { Delegate, DelegateRequest, DelegateRun, TokenUsage } from './types';

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
  /** Called when a conversation gets a (new) thread id, so it can be persisted. */
  onThread?: (conversationId: string, threadId: string) => void;
  /** Builds the SDK client; tests inject a fake. */
  createClient?: (options: CodexOptions) => CodexClient;
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

/**
 * The Codex delegate: one Codex thread per conversation, resumed across tasks; each task is a
 * turn (`codex exec --experimental-json` via `@openai/codex-sdk`) whose streamed items become
 * progress. Steering queues the words as the next turn on the same thread.
 */
export function createCodexDelegate(options: CodexDelegateOptions = {}): Delegate {
  const log = options.logger ?? silentLogger;
  const conversations = new Map<string, ConversationThread>();
  for (const [conversationId, threadId] of Object.entries(options.threads ?? {})) {
    conversations.set(conversationId, { threadId, busy: false, usageTotal: null });
  }
  const live = new Set<AbortController>();
  let client: CodexClient | null = null;

  function getClient(): CodexClient {
    if (client) return client;
    const config = { ...options.config };
    const features =
      typeof config.features === 'object' && !Array.isArray(config.features) ? config.features : {};
    config.features = { ...features, unbounded_connection_retries: false };
    const sdkOptions: CodexOptions = {
      config,
      ...(options.codexPath ? { codexPathOverride: options.codexPath } : {}),
      ...(options.env ? { env: options.env } : {}),
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    };
    client = (options.createClient ?? ((o) => new Codex(o)))(sdkOptions);
    return client;
  }

  function threadOptions(workspace: string): ThreadOptions {
    return {
      workingDirectory: workspace,
      sandboxMode: options.sandboxMode ?? 'workspace-write',
      approvalPolicy: options.approvalPolicy ?? 'never',
      skipGitRepoCheck: options.skipGitRepoCheck ?? true,
      ...(options.model ? { model: options.model } : {}),
    };
  }

  function start(request: DelegateRequest): DelegateRun {
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
    live.add(local);
    void execute(request, run, signal, () => {
      if (queue.length > 0) return queue.splice(0).join('\n\n');
      accepting = false;
      return null;
    }).finally(() => live.delete(local));
    return run;
  }

  async function execute(
    request: DelegateRequest,
    run: DelegateRunHandle,
    signal: AbortSignal,
    nextInput: () => string | null,
  ): Promise<void> {
    if (options.codexPath && !isFile(options.codexPath)) {
      run.settle(failedOutcome(`Codex CLI not found at ${options.codexPath}.`));
      return;
    }
    let conversation = conversations.get(request.conversationId);
    // A second task in a busy conversation (limit above 1) works on a thread of its own.
    const own: ConversationThread = conversation?.busy
      ? { threadId: null, busy: true, usageTotal: null }
      : (conversation ?? { threadId: null, busy: true, usageTotal: null });
    if (!conversation) conversations.set(request.conversationId, (conversation = own));
    own.busy = true;
    const total: TokenUsage = { inputTokens: 0, outputTokens: 0 };
    let result: string | null = null;
    try {
      let input: string | null = request.text;
      while (input !== null) {
        if (signal.aborted) break;
        const codex = getClient();
        const thread: Thread = own.threadId
          ? codex.resumeThread(own.threadId, threadOptions(request.workspace))
          : codex.startThread(threadOptions(request.workspace));
        const mapper = new CodexEventMapper(own.usageTotal);
        const { events } = await thread.runStreamed(input, { signal });
        for await (const event of events) {
          for (const item of mapper.map(event)) run.progress(item);
          if (mapper.threadId && mapper.threadId !== own.threadId) {
            own.threadId = mapper.threadId;
            if (own === conversation) options.onThread?.(request.conversationId, own.threadId);
          }
          if (mapper.end?.kind === 'failed') break;
        }
        own.usageTotal = mapper.usageTotal;
        if (signal.aborted) break;
        if (!mapper.end) throw new Error('Codex stopped before the turn completed.');
        if (mapper.end.kind === 'failed') {
          run.settle(failedOutcome(`Codex turn failed: ${mapper.end.message}`, { usage: total }));
          return;
        }
        total.inputTokens += mapper.end.usage?.inputTokens ?? 0;
        total.outputTokens += mapper.end.usage?.outputTokens ?? 0;
        result = mapper.lastMessage ?? result;
        input = nextInput();
      }
      if (signal.aborted) run.settle(cancelledOutcome('Cancelled.', { result, usage: total }));
      else run.settle({ status: 'done', result, error: null, usage: total });
    } catch (error) {
      if (signal.aborted) run.settle(cancelledOutcome('Cancelled.', { result, usage: total }));
      else run.settle(failedOutcome(cleanCodexError(error, options.codexPath), { usage: total }));
    } finally {
      own.busy = false;
      log('info', 'delegate.codex.ended', { taskId: request.taskId, threadId: own.threadId });
    }
  }

  return {
    kind: 'codex',
    start,
    dispose() {
      for (const controller of live) controller.abort();
    },
  };
}
