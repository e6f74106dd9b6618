import type { AppInfo, EventName, EventPayload } from '../../preload/contract';
import type { EnvConfig } from '../config/env-config';
import type { InvokeHandlers } from '../ipc/dispatch';
import type { SecretStore } from '../store/secret-store';
import { SettingsStore } from '../store/settings-store';
import { RealtimeSession } from '../realtime/realtime-session';
import { WsTransport } from '../realtime/ws-transport';
import { TaskRegistry } from '../delegate/task-registry';
import { ContractFailure } from '../ipc/contract-error';
import { homedir } from 'node:os';
import type { AudioPipeline } from '../audio/audio-pipeline';
import type { AudioHub } from './audio-hub';
import { inputModeFor, wireAudio } from './audio-wiring';
import { wallClock, type Clock, type TimerHandle } from '../base/clock';

/** Ping the realtime server after 15 s of silence; no answer within 10 s means it is gone. */
export const REALTIME_KEEPALIVE = { intervalMs: 15_000, timeoutMs: 10_000 };

/** A talk key held this long is taken to be stuck (its key-up was lost). */
export const STUCK_TALK_KEY_MS = 60_000;
import { conversationRecap, recentTasks } from './conversation-recap';
import { DelegationBridge, describeProgress, toTaskView } from './delegation-bridge';
import { SettingsDelegate } from './settings-delegate';
import { TaskUpdateThrottle } from './task-update-throttle';
import { ConversationController } from './conversation-controller';
import type { Logger } from '../base/logger';
import { checkSettings, checkStartupSettings } from './settings-check';
import { SettingsService } from './settings-service';
import { TranscriptFeed } from './transcript-feed';
import { TypedEmitter } from '../base/typed-emitter';

/** Payload map of every main → renderer event. */
export type CoreEvents = { [E in EventName]: EventPayload<E> };

export interface CoreOptions {
  host: AppInfo['host'];
  version: string;
  env: EnvConfig;
  dataDir: string;
  secrets: SecretStore;
  clock: Clock;
  log: Logger;
  /** Filled with every API key the core sees, so the host's logger can redact them. */
  knownKeys?: Set<string>;
}

/**
 * The host-independent core: settings, the conversation, and the contract handlers. The
 * Electron host and the browser host both build exactly this and only differ in transport.
 */
export class ParleyCore {
  readonly events = new TypedEmitter<CoreEvents>();
  readonly settings: SettingsService;
  readonly conversation: ConversationController;
  readonly session: RealtimeSession;
  readonly transcript = new TranscriptFeed();
  /** Renderers' binary audio links; capture frames and played reports come in here. */
  readonly audioHub: AudioHub;
  readonly audio: AudioPipeline;
  private readonly disposeAudio: () => void;
  private readonly taskUpdates: TaskUpdateThrottle;
  private talkKeyDown = false;
  private stuckKeyTimer: TimerHandle | null = null;
  readonly tasks: TaskRegistry;
  readonly delegation: DelegationBridge;
  private readonly delegate: SettingsDelegate;
  readonly handlers: InvokeHandlers;

  constructor(private readonly options: CoreOptions) {
    this.settings = new SettingsService(
      new SettingsStore(options.dataDir),
      options.secrets,
      options.env,
      options.dataDir,
      checkSettings,
      options.knownKeys,
    );
    this.session = new RealtimeSession({
      clock: options.clock,
      log: options.log,
      createTransport: (endpoint) =>
        new WsTransport({
          url: endpoint.url,
          headers: endpoint.headers,
          clock: options.clock,
          // A half-open socket (sleep, network change) is found within ~25 s, not minutes.
          keepalive: REALTIME_KEEPALIVE,
        }),
    });
    const audio = wireAudio({ session: this.session, clock: options.clock, log: options.log });
    this.audio = audio.pipeline;
    this.audioHub = audio.hub;
    this.disposeAudio = audio.dispose;
    this.audio.on('interrupted', ({ playedMs, receivedMs }) =>
      this.transcript.markInterruptedAt(playedMs, receivedMs),
    );
    this.audio.on('playback', ({ playing }) => this.conversation.setPlaying(playing));
    this.delegate = new SettingsDelegate(() => this.settings.values, options.log);
    this.tasks = new TaskRegistry({
      clock: wallClock,
      delegate: this.delegate,
      logger: options.log,
    });
    this.delegation = new DelegationBridge({
      session: this.session,
      registry: this.tasks,
      clock: options.clock,
      log: options.log,
      workspace: () => this.settings.values.workspace ?? homedir(),
    });
    this.conversation = new ConversationController({
      settings: this.settings,
      session: this.session,
      log: options.log,
      beforeStart: (protocol) => {
        this.delegation.begin(protocol);
        this.audio.setInputMode(inputModeFor(this.settings.values.talkMode));
      },
      recap: () => conversationRecap(this.transcript.list(), this.delegation.recap()),
      recentTasks: () => recentTasks(this.tasks.list()),
    });
    this.taskUpdates = new TaskUpdateThrottle(options.clock, (task) =>
      this.events.emit('task.updated', toTaskView(task)),
    );
    this.tasks.on('task', (task) => this.taskUpdates.push(task));
    this.tasks.on('progress', ({ taskId, item }) =>
      options.log('info', 'task.progress', { taskId, ...describeProgress(item) }),
    );
    this.conversation.onState((state) => this.events.emit('conversation.state', state));
    this.session.on('event', (event) => this.transcript.apply(event));
    this.transcript.on((entry) => this.events.emit('transcript.entry', entry));
    this.handlers = this.buildHandlers();
  }

  /** Load settings and, with `listenOnStart`, start the conversation. */
  async start(): Promise<void> {
    await this.settings.load();
    if (this.settings.warning)
      this.options.log('warn', 'settings.recovered', { message: this.settings.warning });
    const { fatal, warning } = checkStartupSettings(this.settings.values, this.options.env);
    if (fatal) throw fatal;
    if (warning) this.options.log('warn', 'settings.problem', { message: warning });
    this.options.log('info', 'core.started', {
      host: this.options.host,
      dataDir: this.options.dataDir,
    });
    if (this.settings.values.listenOnStart) void this.conversation.start();
  }

  /**
   * The talk key went down or up. A key held longer than {@link STUCK_TALK_KEY_MS} counts as
   * stuck and is released, so a lost key-up cannot hold every result back forever.
   */
  setTalkKey(pressed: boolean): void {
    if (this.stuckKeyTimer) this.options.clock.clearTimeout(this.stuckKeyTimer);
    this.stuckKeyTimer = null;
    if (pressed === this.talkKeyDown) return;
    this.talkKeyDown = pressed;
    this.audio.onTalkKey(pressed ? 'press' : 'release');
    this.delegation.setUserSpeaking(pressed);
    if (pressed) {
      this.stuckKeyTimer = this.options.clock.setTimeout(() => {
        this.options.log('warn', 'talk.stuck_key_released', { afterMs: STUCK_TALK_KEY_MS });
        this.setTalkKey(false);
      }, STUCK_TALK_KEY_MS);
    }
  }

  /** A renderer went away (closed, reloaded): a key it held is released. */
  rendererDetached(): void {
    this.setTalkKey(false);
  }

  async dispose(): Promise<void> {
    this.setTalkKey(false);
    await this.conversation.dispose();
    this.delegation.dispose();
    this.taskUpdates.dispose();
    this.tasks.dispose();
    this.delegate.dispose();
    this.settings.dispose();
    this.transcript.dispose();
    this.disposeAudio();
    this.events.dispose();
    this.options.log('info', 'core.stopped');
  }

  private buildHandlers(): InvokeHandlers {
    return {
      'app.info': () => ({
        name: 'Parley',
        version: this.options.version,
        host: this.options.host,
        platform: process.platform,
      }),
      // Hosts mark their event outbox ready before dispatching this.
      'app.ready': () => null,
      'settings.get': () => this.settings.view(),
      'settings.update': (patch) => this.settings.update(patch),
      'conversation.start': async () => {
        await this.conversation.start();
        return null;
      },
      'conversation.stop': async () => {
        await this.conversation.stop();
        return null;
      },
      'conversation.state': () => this.conversation.state,
      'conversation.sendText': async ({ text }) => {
        await this.conversation.sendText(text);
        this.transcript.addTyped(text);
        return null;
      },
      'conversation.transcript': () => this.transcript.list(),
      'conversation.talk': ({ pressed }) => {
        this.setTalkKey(pressed);
        return null;
      },
      'tasks.list': () => this.tasks.list().map(toTaskView),
      'tasks.cancel': ({ id }) => {
        const task = this.tasks.cancel(id);
        if (!task) throw new ContractFailure('invalid_payload', `There is no task "${id}".`);
        return toTaskView(task);
      },
    };
  }
}
