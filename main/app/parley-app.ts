import type { AppInfo, EventName, EventPayload } from '../../preload/contract';
import type { NavigateTarget, TalkCommand, TalkView } from '../../preload/schemas/talk';
import type { Clock } from '../base/clock';
import type { Logger } from '../base/logger';
import type { Result, TaggedError } from '../base/result';
import type { EnvConfig } from '../config/env-config';
import type { Delegate } from '../delegate/types';
import type { DelegateSettings } from '../delegate/index';
import type { RealtimeEndpoint } from '../realtime/endpoint';
import type { RealtimeTransport } from '../realtime/transport';
import type { HistoryStore } from '../store/history/index';
import type { OfflineEngine } from '../offline/index';
import type { SecretStore } from '../store/secret-store';
import type { SettingsStorage } from '../store/settings-store';
import type { StartupContextReader } from './conversation-controller';
import type { HotkeyProvider } from './hotkey-service';
import type { InvokeHandlers } from './invoke-handlers';
import type { AttachedAudioLink, RendererAudioLink } from './renderer-audio-links';
import type { RetentionPolicy } from '../store/history/history-maintenance';

/** Payload map of every main → renderer event. */
export type AppEvents = { [E in EventName]: EventPayload<E> };

/** One main → renderer event with its payload. */
export type AppEvent = { [E in EventName]: { event: E; payload: EventPayload<E> } }[EventName];

/** Every effect the app needs, so a host (or a test) decides what is real. */
export interface ParleyAppDeps {
  host: AppInfo['host'];
  version: string;
  platform: string;
  /** Monotonic time and timers for the conversation, audio and handoff. */
  clock: Clock;
  /** Epoch time (and timers) for what people see: task times, transcript times. */
  wallClock: Clock;
  log: Logger;
  env: EnvConfig;
  settingsStore: SettingsStorage;
  secretStore: SecretStore;
  createTransport: (endpoint: RealtimeEndpoint) => RealtimeTransport;
  createDelegate: (settings: DelegateSettings) => Delegate;
  readStartupContext: StartupContextReader;
  /** Starts the offline commands engine for a workspace (used when there is no key). */
  startOfflineEngine?: (workspace: string) => Promise<OfflineEngine>;
  /** Opens the history database; every text written goes through `redact`. Never throws. */
  openHistory: (
    redact: (text: string) => string,
    /** The retention rules, read at each daily pass. */
    retention: () => RetentionPolicy,
  ) => HistoryStore;
  homeDir: string;
  dataDir: string;
  /** The host process's environment, which delegates start from. */
  environment: Record<string, string | undefined>;
  /** Filled with every API key the app sees, so the host's logger can redact them. */
  knownKeys: Set<string>;
  /** Whether `path` is an existing folder (the workspace setting must be one). */
  isFolder: (path: string) => Promise<boolean>;
  /** Opens a folder in the file manager (desktop app); absent where the host cannot. */
  openFolder?: (path: string) => Promise<void>;
  /** Asks the user to pick a folder (desktop app); null when cancelled. */
  chooseFolder?: () => Promise<string | null>;
  /** How to start this host again once it stopped (shown when the page loses it). */
  restartCommand?: () => string | null;
  /** The host's global talk-key backends; none: the host has no global talk key. */
  hotkeys?: HotkeyProvider | null;
}

/** What a host drives directly: the tray, `parley --toggle`, screen lock, the window hidden. */
export interface HostTalk {
  readonly view: TalkView;
  readonly muted: boolean;
  /** Start, stop or toggle talking (listening, hands-free); from outside the window. */
  command(command: TalkCommand, source: 'tray' | 'cli'): void;
  /** The microphone kill switch. */
  setMuted(muted: boolean): void;
  /** The screen locked or the machine suspends: talking and hands-free listening stop. */
  halt(reason: 'screen-locked' | 'suspended'): void;
  /** Parley lives in the tray (true) or its window is shown: background listening is gated. */
  setBackground(background: boolean): void;
  /** Subscribe to the talk input's changes; returns the unsubscribe function. */
  on(event: 'change', listener: (view: TalkView) => void): () => void;
}

/** What a host needs from the app, and nothing more. */
export interface ParleyApp {
  /** One handler per invoke of the contract. */
  readonly handlers: InvokeHandlers;
  /** Subscribe to a main → renderer event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Listeners subscribed through {@link on} (tests check none are left behind). */
  listenerCount(event?: EventName): number;
  /** Events a renderer attaching now must see first (the current conversation state). */
  initialEvents(): AppEvent[];
  /** Attach a renderer's binary audio link; the newest attached renderer captures and plays. */
  attachAudio(link: RendererAudioLink): AttachedAudioLink;
  /** A renderer went away: a talk turn it held ends. */
  rendererDetached(): void;
  /** The talk input, for the host's tray, remote commands and session events. */
  readonly talk: HostTalk;
  /** Ask the window to show a view (the tray's Settings, a notification's task). */
  navigate(target: NavigateTarget): void;
  /** Every API key seen so far, for redaction of what leaves main. */
  secrets(): readonly string[];
  /**
   * Load settings, check them, and start listening when `listenOnStart` is set. A setting from
   * the environment that cannot work is a `config` failure naming the variable.
   */
  start(): Promise<Result<void, TaggedError<'config'>>>;
  /** Stop the conversation and every task, and drop every listener. Idempotent. */
  dispose(): Promise<void>;
}
