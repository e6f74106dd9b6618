import {
  INITIAL_CONVERSATION_STATE,
  type ConversationDiagnostics,
  type ConversationState,
} from '../../preload/schemas/conversation';
import type { ApiKeySource, Protocol, SettingsFields } from '../../preload/schemas/settings';
import type { Clock } from '../base/clock';
import type { Logger } from '../base/logger';
import { err, errorMessage, ok, type Result, type TaggedError } from '../base/result';
import { TypedEmitter } from '../base/typed-emitter';
import type { RealtimeSession } from '../realtime/realtime-session';
import type { SessionStateChange } from '../realtime/session-types';
import { SessionPreflightError } from '../realtime/session-types';
import type { RecapMessage } from '../realtime/live-session-start';
import { buildInstructions, voicePromptFor } from '../realtime/session-config';
import type { RecentTask } from '../../preload/schemas/tasks';
import { isNotable, nextActivity } from './conversation-activity';
import { explainDrop, explainFailure } from './explain-failure';
import { OFFLINE_KEY, OFFLINE_MODEL, type OfflineBackend } from './offline-backend';
import type { SettingsService } from './settings-service';
import { plannedBackend, startBlocker } from './start-readiness';

/** Reads the bounded startup context for a workspace. */
export type StartupContextReader = (input: {
  workspace: string;
  recentTasks: RecentTask[];
}) => Promise<string>;

export interface ConversationDeps {
  settings: SettingsService;
  session: RealtimeSession;
  log: Logger;
  /** Epoch time, for the reconnect countdown the status bar shows. */
  wallClock: Clock;
  readStartupContext: StartupContextReader;
  /** Where the delegate works when no workspace is set. */
  homeDir: string;
  /** Bounded recap of recent conversation and running tasks, for a reconnect. */
  recap?: () => string;
  /** The same recap as messages, for protocols that take a startup history (Live). */
  recapMessages?: () => RecapMessage[];
  /** Recent tasks for the startup context, newest first. */
  recentTasks?: () => RecentTask[];
  /** The embedded offline commands engine, when this host has one. */
  offline?: OfflineBackend;
  /** Called before each session start with its protocol, the new conversation's id and backend. */
  beforeStart?: (protocol: Protocol, conversationId: string, backend: 'cloud' | 'offline') => void;
}

/** Events of {@link ConversationController}. */
export type ConversationEvents = { state: ConversationState };

/**
 * Owns the conversation as the UI sees it: start, stop and the state in the status bar. It
 * turns settings into a session start and the session's events into one ConversationState.
 */
export class ConversationController {
  private current: ConversationState = { ...INITIAL_CONVERSATION_STATE };
  private readonly emitter = new TypedEmitter<ConversationEvents>();
  private readonly offs: (() => void)[];
  /** Bumped by every start and stop, so an older start can tell it was overtaken. */
  private generation = 0;

  constructor(private readonly deps: ConversationDeps) {
    this.offs = [
      deps.session.on('state', (change) => this.onSessionState(change)),
      deps.session.on('event', (event) => {
        if (isNotable(event)) deps.log('info', 'session.event', { type: event.type });
        if (event.type === 'usage_updated' || event.type === 'session_closed') {
          this.update({ usageSeconds: deps.session.usageSeconds ?? undefined });
        }
        if (this.current.phase !== 'live') return;
        const activity = nextActivity(this.current.activity, event);
        if (activity) this.update({ activity });
      }),
      deps.session.on('problem', (problem) =>
        deps.log('warn', 'session.problem', { reason: problem.reason, detail: problem.detail }),
      ),
    ];
  }

  get state(): ConversationState {
    return this.current;
  }

  on<K extends keyof ConversationEvents>(
    event: K,
    listener: (payload: ConversationEvents[K]) => void,
  ): () => void {
    return this.emitter.on(event, listener);
  }

  /**
   * Start (or restart) the conversation; failures become the state's `error`, never throws. A
   * stop or a newer start while this one is still preparing or connecting wins: this one then
   * gives up quietly instead of connecting or reporting the abort as an error.
   */
  async start(): Promise<void> {
    const generation = ++this.generation;
    const stale = (): boolean => generation !== this.generation;
    const settings = this.deps.settings.values;
    this.update({ protocol: settings.protocol, talkMode: settings.talkMode, error: null });
    try {
      const { key, source } = await this.deps.settings.apiKey();
      if (stale() || this.blocked(settings, source)) return;
      const workspace = settings.workspace ?? this.deps.homeDir;
      const target = await this.target(settings, workspace, { key, source });
      const startupContext = await this.startupContext(workspace);
      if (stale()) return;
      // Unique across runs: history keys a conversation's entries and tasks by it.
      const conversationId = `conversation-${this.deps.wallClock.now().toString(36)}-${crypto.randomUUID().slice(0, 8)}`;
      // These go out with the `connecting` state the session reports next.
      const { protocol, backend } = target;
      this.current = { ...this.current, conversationId, protocol, backend };
      this.deps.beforeStart?.(protocol, conversationId, backend);
      await this.deps.session.start({
        ...target.session,
        protocol: target.protocol,
        talkMode: settings.talkMode,
        instructions: buildInstructions(voicePromptFor(target.protocol), startupContext),
        recap: this.deps.recap,
        recapMessages: this.deps.recapMessages,
      });
    } catch (error) {
      if (stale()) return;
      const problem = explainFailure(error, { realtimeUrl: settings.realtimeUrl });
      this.deps.log('error', 'conversation.failed', {
        message: errorMessage(error),
        preflight: error instanceof SessionPreflightError,
      });
      this.update({ phase: 'idle', activity: 'none', error: problem, reconnect: null });
    }
  }

  /** Recompute whether Start can work (settings or key changed). */
  async refreshReadiness(): Promise<void> {
    const source = await this.deps.settings.apiKey().then(
      (key) => key.source,
      () => 'unavailable' as const,
    );
    const settings = this.deps.settings.values;
    const blocker = startBlocker(settings, source, this.offlineAvailable);
    if (JSON.stringify(blocker) !== JSON.stringify(this.current.startBlocker)) {
      this.update({ startBlocker: blocker });
    }
    // Before a start, the state says which backend Start would talk to.
    const backend = plannedBackend(settings, source, this.offlineAvailable);
    if (this.current.phase === 'idle' && backend !== this.current.backend) this.update({ backend });
  }

  /** Whether a start with these settings and this key cannot work; says why when so. */
  private blocked(settings: SettingsFields, source: ApiKeySource): boolean {
    const blocker = startBlocker(settings, source, this.offlineAvailable);
    if (!blocker) return false;
    this.deps.log('error', 'conversation.failed', { message: blocker.summary, preflight: true });
    this.update({ phase: 'idle', activity: 'none', error: blocker, startBlocker: blocker });
    return true;
  }

  private get offlineAvailable(): boolean {
    return this.deps.offline !== undefined;
  }

  /** New measurements for the status bar. */
  setDiagnostics(diagnostics: ConversationDiagnostics): void {
    const now = this.current.diagnostics;
    if (
      now.lastTurnLatencyMs === diagnostics.lastTurnLatencyMs &&
      now.droppedInputFrames === diagnostics.droppedInputFrames &&
      now.playbackUnderruns === diagnostics.playbackUnderruns
    ) {
      return;
    }
    this.update({ diagnostics: { ...diagnostics } });
  }

  /** Assistant audio became audible or went quiet (from the audio pipeline). */
  setPlaying(playing: boolean): void {
    if (this.current.phase !== 'live') return;
    if (playing && this.current.activity !== 'assistant_speaking') {
      this.update({ activity: 'assistant_speaking' });
    } else if (!playing && this.current.activity === 'assistant_speaking') {
      this.update({ activity: 'listening' });
    }
  }

  /** Send typed text; `not_ready` when there is no session to send it on. */
  async sendText(text: string): Promise<Result<null, TaggedError<'not_ready'>>> {
    if (this.current.phase !== 'live' && this.current.phase !== 'reconnecting') {
      return err('not_ready', 'Start the conversation before sending text.');
    }
    await this.deps.session.sendText(text);
    return ok(null);
  }

  stop(): void {
    this.generation++;
    this.deps.session.stop();
  }

  dispose(): void {
    this.deps.session.dispose();
    for (const off of this.offs) off();
    this.emitter.dispose();
  }

  /**
   * Where this conversation goes: the realtime API at the endpoint, or — with no key configured
   * (`auto`) or when the user chose it — the offline commands engine, which speaks V2 on loopback.
   */
  private async target(
    settings: SettingsFields,
    workspace: string,
    { key, source }: { key: string | null; source: ApiKeySource },
  ) {
    if (!this.deps.offline || plannedBackend(settings, source, true) === 'cloud') {
      const { realtimeUrl: baseUrl, model, voice } = settings;
      return {
        backend: 'cloud' as const,
        protocol: settings.protocol,
        session: { baseUrl, model, voice, apiKey: key },
      };
    }
    const engine = await this.deps.offline.engine(workspace);
    this.deps.log('info', 'conversation.offline', { reason: key ? 'chosen' : 'no API key' });
    return {
      backend: 'offline' as const,
      protocol: 'v2' as const,
      session: { baseUrl: engine.url, model: OFFLINE_MODEL, voice: null, apiKey: OFFLINE_KEY },
    };
  }

  private async startupContext(workspace: string): Promise<string> {
    try {
      return await this.deps.readStartupContext({
        workspace,
        recentTasks: this.deps.recentTasks?.() ?? [],
      });
    } catch (error) {
      this.deps.log('warn', 'conversation.context_failed', { message: errorMessage(error) });
      return '';
    }
  }

  private onSessionState(change: SessionStateChange): void {
    const phase = change.state;
    const dropped =
      phase === 'reconnecting'
        ? 'reconnecting'
        : phase === 'closed' && change.detail !== 'requested'
          ? 'closed'
          : null;
    this.update({
      phase,
      activity: phase === 'live' ? 'listening' : 'none',
      error: dropped
        ? explainDrop(
            { state: dropped, detail: change.detail, cause: change.cause },
            { realtimeUrl: this.deps.settings.values.realtimeUrl },
          )
        : null,
      reconnect:
        phase === 'reconnecting' && change.attempt !== null
          ? {
              attempt: change.attempt,
              nextAttemptAt: this.deps.wallClock.now() + (change.retryInMs ?? 0),
            }
          : null,
    });
  }

  private update(patch: Partial<ConversationState>): void {
    this.current = { ...this.current, ...patch };
    this.deps.log('info', 'conversation.state', {
      phase: this.current.phase,
      activity: this.current.activity,
      ...(this.current.error ? { error: this.current.error } : {}),
    });
    this.emitter.emit('state', this.current);
  }
}
