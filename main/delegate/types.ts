import type { ProgressItem, TokenUsage } from '../../preload/schemas/tasks';

/** How a run ended. `result` is the text to speak back; `error` says what went wrong. */
export interface DelegateOutcome {
  status: 'done' | 'failed' | 'cancelled';
  /** Final answer (the last agent message, or the whole stdout); null when there is none. */
  result: string | null;
  /** Clear, user-facing reason for a failure (or a cancel); null when done. */
  error: string | null;
  /** Total tokens of the run when the delegate reports them. */
  usage: TokenUsage | null;
  /** The process exit code when the delegate runs one (command delegate). */
  exitCode?: number | null;
}

/** What a delegate is asked to do. */
export interface DelegateRequest {
  /** Registry id of the task (for logs and per-task state). */
  taskId: string;
  /** Conversation the task belongs to: Codex keeps one thread per conversation. */
  conversationId: string;
  /** The delegation text. */
  text: string;
  /** Folder the delegate works in. */
  workspace: string;
  /** Aborted on cancel: the delegate kills its process tree or aborts its turn. */
  signal: AbortSignal;
}

/** Events of a {@link DelegateRun}. */
export type DelegateRunEvents = {
  progress: ProgressItem;
};

/** One running delegation. Never emits synchronously inside {@link Delegate.start}. */
export interface DelegateRun {
  /** Subscribe to progress; returns the unsubscribe function. */
  on<K extends keyof DelegateRunEvents>(
    event: K,
    listener: (payload: DelegateRunEvents[K]) => void,
  ): () => void;
  /** Settles once the run is over; never rejects. */
  readonly outcome: Promise<DelegateOutcome>;
  /**
   * Follow-up input while the run is going (Codex: the next turn on the same thread).
   * Returns false when the run can no longer take it; absent when the delegate cannot steer.
   */
  steer?(text: string): boolean;
}

/** A background agent that does delegated work. */
export interface Delegate {
  /** `codex` or `command`. */
  readonly kind: string;
  /** Start one task. Failures (missing binary, bad command) end in a failed outcome, not a throw. */
  start(request: DelegateRequest): DelegateRun;
  /**
   * Abort every run still going and resolve once their processes are gone (bounded: a process
   * that will not stop is killed). Idempotent.
   */
  dispose(): Promise<void>;
}
