import {
  INITIAL_CONVERSATION_STATE,
  type ConversationState,
} from '../../preload/schemas/conversation';
import type { Protocol } from '../../preload/schemas/settings';
import type { Clock } from '../base/clock';
import type { Logger } from '../base/logger';
import { err, errorMessage, ok, type Result, type TaggedError } from '../base/result';
import { TypedEmitter } from '../base/typed-emitter';
import type { RealtimeSession, SessionStateChange } from '../realtime/realtime-session';
import { SessionPreflightError } from '../realtime/realtime-session';
import type { RecapMessage } from '../realtime/live-session-start';
import { buildInstructions, voicePromptFor } from '../realtime/session-config';
import type { RecentTask } from '../../preload/schemas/tasks';
import { isNotable, nextActivity } from './conversation-activity';
import type { SettingsService } from './settings-service';

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
  /** Called before each session start with its protocol (a new conversation begins). */
  beforeStart?: (protocol: Protocol) => void;
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
      const { key } = await this.deps.settings.apiKey();
      const startupContext = await this.startupContext(settings.workspace ?? this.deps.homeDir);
      if (stale()) return;
      this.deps.beforeStart?.(settings.protocol);
      await this.deps.session.start({
        baseUrl: settings.realtimeUrl,
        protocol: settings.protocol,
        model: settings.model,
        voice: settings.voice,
        apiKey: key,
        talkMode: settings.talkMode,
        instructions: buildInstructions(voicePromptFor(settings.protocol), startupContext),
        recap: this.deps.recap,
        recapMessages: this.deps.recapMessages,
      });
    } catch (error) {
      if (stale()) return;
      const message = errorMessage(error);
      this.deps.log('error', 'conversation.failed', {
        message,
        preflight: error instanceof SessionPreflightError,
      });
      this.update({ phase: 'idle', activity: 'none', error: message, reconnect: null });
    }
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
    this.update({
      phase,
      activity: phase === 'live' ? 'listening' : 'none',
      error:
        phase === 'reconnecting' || (phase === 'closed' && change.detail !== 'requested')
          ? change.detail
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
