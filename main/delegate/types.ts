/** Lifecycle of a delegated task. */
export type TaskStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** Token counts a delegate reports (Codex does; a shell command does not). */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/** One plan / to-do entry of the delegate. */
export interface PlanItem {
  text: string;
  completed: boolean;
}

/** State of a command the delegate ran. */
export type CommandStatus = 'in_progress' | 'completed' | 'failed';

/**
 * One unit of live progress. Plain JSON: items cross IPC and go to the history database.
 * `agent_message` items are emitted as each message completes (V1 streams them at once).
 */
export type ProgressItem =
  | { kind: 'agent_message'; text: string }
  | { kind: 'command'; command: string; exitCode: number | null; status: CommandStatus }
  | { kind: 'file_change'; path: string; change: 'add' | 'delete' | 'update' }
  | { kind: 'plan'; items: PlanItem[] }
  | { kind: 'log'; line: string; stream?: 'stdout' | 'stderr' }
  /** Tokens used by one turn; a task's usage is the sum unless the outcome says otherwise. */
  | { kind: 'usage'; usage: TokenUsage };

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
  /** Abort every run still going; idempotent. */
  dispose(): void;
}

/** One progress item as a task keeps it, stamped with the registry clock. */
export interface TaskProgressEntry {
  /** Registry clock time (ms) the item arrived. */
  at: number;
  item: ProgressItem;
}

/** A task as the pane, the voice model and the history see it: plain JSON, safe to send over IPC. */
export interface TaskSnapshot {
  /** Stable id, `task-N`. */
  id: string;
  /** Short name the voice model can say and refer to, `task-N-slug-of-request`. */
  name: string;
  conversationId: string;
  /** The user's words (for display); the delegation text with its tags removed if none given. */
  prompt: string;
  /** What the delegate receives (grows when a queued task is amended). */
  text: string;
  workspace: string;
  status: TaskStatus;
  /** Registry clock times in ms; null until the task starts / ends. */
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  /** Time spent running so far (running) or in all (ended); null when it never started. */
  durationMs: number | null;
  result: string | null;
  error: string | null;
  usage: TokenUsage | null;
  /** The last progress items, oldest first (bounded). */
  progress: TaskProgressEntry[];
  /** How many older progress items were dropped to keep the bound. */
  progressDropped: number;
  /** A cancel was asked for and the delegate is still stopping. */
  cancelRequested: boolean;
  /** Follow-up texts handed to the running delegate (steering). */
  followUps: string[];
  /** The task this one follows up, when it was queued as a follow-up. */
  followUpOf: string | null;
}
