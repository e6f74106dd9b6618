import type { RecentTask } from '../../preload/schemas/tasks';
import type { Clock } from '../base/clock';
import type { Logger } from '../base/logger';
import type { TaskRegistry } from '../delegate/task-registry';
import type { HistoryStore } from '../store/history/index';
import type { TranscriptFeed } from './transcript-feed';

/** A new conversation resumes the previous one's Codex thread if that ended this recently. */
export const RESUME_THREAD_WITHIN_MS = 12 * 60 * 60_000;

/** What {@link HistoryRecorder} needs. */
export interface HistoryRecorderDeps {
  history: HistoryStore;
  /** Epoch time. */
  wallClock: Clock;
  log: Logger;
}

/**
 * Writes what happens into the history database as it happens: conversations, every transcript
 * entry of the current one, tasks and their progress, and each conversation's Codex thread, so
 * "continue that task" after a restart resumes it. Failures are reported, never thrown.
 */
export class HistoryRecorder {
  private current: string | null = null;
  private readonly offs: (() => void)[] = [];

  /** The writer logs its own failures and recoveries. */
  constructor(private readonly deps: HistoryRecorderDeps) {}

  /** Save the transcript entries of the current conversation, and every task as it changes. */
  follow(transcript: TranscriptFeed, tasks: TaskRegistry): void {
    const { writer } = this.deps.history;
    this.offs.push(
      transcript.on('entry', (entry) => {
        if (this.current) writer.entry(this.current, entry);
      }),
      // The writer keeps the newest state of an entry until it commits: the whole entry is cheap.
      transcript.on('appended', ({ entry }) => {
        if (this.current) writer.entry(this.current, entry);
      }),
      tasks.on('task', (task) => writer.task(task)),
      tasks.on('progress', (progress) => writer.taskProgress(progress)),
    );
  }

  /** A conversation began; the previous one, if any, ended. */
  conversationStarted(start: { id: string; protocol: string; model: string }): void {
    this.conversationEnded();
    const startedAt = this.deps.wallClock.now();
    this.deps.history.writer.conversationStarted({ ...start, startedAt });
    this.current = start.id;
  }

  conversationEnded(): void {
    if (!this.current) return;
    this.deps.history.writer.conversationEnded(this.current, this.deps.wallClock.now());
    this.current = null;
  }

  /**
   * The Codex thread a conversation's first task resumes: its own saved one, else the thread
   * of the previous conversation when that ended within {@link RESUME_THREAD_WITHIN_MS}.
   */
  threadFor(conversationId: string): string | null {
    const { history, wallClock } = this.deps;
    const own = history.codexThreads()[conversationId];
    if (own) return own;
    const days = history.listDays({ limit: 10 });
    if (!days.ok) return null;
    const previous = days.value
      .flatMap((day) => day.conversations)
      .find((c) => c.id !== conversationId && c.codexThreadId !== null);
    if (!previous?.codexThreadId) return null;
    const endedAt = previous.endedAt ?? previous.startedAt;
    if (wallClock.now() - endedAt > RESUME_THREAD_WITHIN_MS) return null;
    history.writer.codexThread(conversationId, previous.codexThreadId);
    return previous.codexThreadId;
  }

  /** A conversation's Codex thread is known (or changed). */
  onThread(conversationId: string, threadId: string): void {
    this.deps.history.writer.codexThread(conversationId, threadId);
  }

  /** The recent tasks of every saved conversation, newest first, for the startup context. */
  recentTasks(): RecentTask[] {
    return this.deps.history.recentTasks();
  }

  /** Ends the conversation and saves what waits; reports what could not be saved. */
  dispose(): void {
    this.conversationEnded();
    for (const off of this.offs) off();
    const { unsaved } = this.deps.history.dispose();
    if (unsaved > 0) this.deps.log('error', 'history.unsaved', { changes: unsaved });
  }
}
