import type { EventName } from '../../preload/contract';
import { encodeAudioMessage } from '../../preload/audio-wire';
import { redact } from '../base/redaction';
import { errorMessage, err, ok, type Result, type TaggedError } from '../base/result';
import { TypedEmitter } from '../base/typed-emitter';
import { MicCheckRecorder } from '../audio/mic-check';
import { SilencePacer } from '../audio/silence-pacer';
import { checkStartupSettings } from '../config/settings-check';
import { recapMessagesFrom } from '../realtime/live-session-start';
import { RealtimeSession } from '../realtime/realtime-session';
import { conversationRecap } from './conversation-recap';
import { ConversationController } from './conversation-controller';
import { ConversationDiagnosticsFeed } from './conversation-diagnostics';
import { HistoryRecorder } from './history-recorder';
import { buildInvokeHandlers } from './invoke-handlers';
import { OfflineBackend } from './offline-backend';
import type { AppEvents, ParleyApp, ParleyAppDeps } from './parley-app';
import { describeProgress } from './progress-log';
import type { SettingsDelegate } from './settings-delegate';
import { SettingsService } from './settings-service';
import { buildTasks } from './task-wiring';
import { buildTalk, followTalkSettings, onKeyTurnEnd, talkCues } from './talk-wiring';
import { TaskUpdateThrottle } from './task-update-throttle';
import { recordTraffic, TrafficLog } from './traffic-log';
import { TranscriptFeed } from './transcript-feed';
import { wireAudio } from './wire-audio';
import { DEFAULT_RETENTION } from '../store/history/history-maintenance';
import type { HistoryStore } from '../store/history/history-store';

/** The parts of one app, built from its dependencies. */
type AppParts = ReturnType<typeof buildParts>;

/** The parts the conversation is built over. */
interface ConversationParts {
  settings: SettingsService;
  session: RealtimeSession;
  audio: ReturnType<typeof wireAudio>;
  micCheck: MicCheckRecorder;
  transcript: TranscriptFeed;
  delegation: ReturnType<typeof buildTasks>['delegation'];
  recorder: HistoryRecorder;
  offline: OfflineBackend | undefined;
  delegate: SettingsDelegate;
}

/**
 * The composition root: builds every part of Parley from injected effects and returns what a
 * host needs. Both hosts (Electron and the browser host) build exactly this.
 */
export function createParleyApp(deps: ParleyAppDeps): ParleyApp {
  const events = new TypedEmitter<AppEvents>((error) =>
    deps.log('error', 'app.listener_failed', { message: errorMessage(error) }),
  );
  const parts = buildParts(deps);
  const offs = forwardToRenderers(parts, events, deps);
  const handlers = buildInvokeHandlers({
    info: () => ({
      name: 'Parley',
      version: deps.version,
      host: deps.host,
      platform: deps.platform,
      restartCommand: deps.restartCommand?.() ?? null,
    }),
    homeDir: deps.homeDir,
    ...parts,
    clock: deps.clock,
    log: deps.log,
    createTransport: deps.createTransport,
    secrets: () => [...deps.knownKeys],
    ...(deps.openFolder ? { openFolder: deps.openFolder } : {}),
    ...(deps.chooseFolder ? { chooseFolder: deps.chooseFolder } : {}),
  });
  let disposed = false;
  return {
    handlers,
    on: (event, listener) => events.on(event, listener),
    listenerCount: (event) => events.listenerCount(event),
    initialEvents: () => [{ event: 'conversation.state', payload: parts.conversation.state }],
    attachAudio: (link) => parts.audio.links.attach(link),
    rendererDetached: () => parts.talk.halt('renderer-gone'),
    talk: parts.talk,
    navigate: (target) => events.emit('app.navigate', target),
    secrets: () => [...deps.knownKeys],
    start: () => startApp(parts, deps),
    dispose: async () => {
      if (disposed) return;
      disposed = true;
      await disposeParts(parts);
      for (const off of offs) off();
      events.dispose();
      deps.log('info', 'app.stopped');
    },
  };
}

function buildParts(deps: ParleyAppDeps) {
  const { clock, wallClock, log } = deps;
  const settings = new SettingsService({
    store: deps.settingsStore,
    secrets: deps.secretStore,
    env: deps.env,
    dataDir: deps.dataDir,
    homeDir: deps.homeDir,
    isFolder: deps.isFolder,
    knownKeys: deps.knownKeys,
  });
  const traffic = new TrafficLog(() => wallClock.now());
  const session = new RealtimeSession({
    clock,
    log,
    createTransport: (endpoint) => recordTraffic(deps.createTransport(endpoint), traffic),
    // Live places appends on a timeline that only moves while input audio streams.
    createInputFiller: (send) => new SilencePacer({ clock, send }),
  });
  const audio = wireAudio({ session, clock, log });
  const micCheck = new MicCheckRecorder({
    clock,
    play: (itemId, pcm) => audio.links.send(encodeAudioMessage({ kind: 'play', itemId, pcm })),
    end: (itemId) => audio.links.send(encodeAudioMessage({ kind: 'item_end', itemId })),
  });
  const transcript = new TranscriptFeed(() => wallClock.now(), {
    isSecretFree: (text) => redact(text, [...deps.knownKeys]) === text,
  });
  const history = deps.openHistory(
    (text) => redact(text, [...deps.knownKeys]),
    () => ({ ...DEFAULT_RETENTION, maxAgeDays: settings.values.historyDays }),
  );
  const recorder = new HistoryRecorder({ history, wallClock, log });
  const offline = deps.startOfflineEngine
    ? new OfflineBackend(deps.startOfflineEngine, log)
    : undefined;
  const { delegate, tasks, delegation } = buildTasks(deps, {
    settings,
    session,
    recorder,
    offline,
  });
  recorder.follow(transcript, tasks);
  const base = { settings, session, audio, micCheck, traffic, transcript, delegate, tasks };
  const more = { delegation, history, recorder, offline };
  return { ...base, ...more, ...buildConversation(deps, { ...base, ...more }) };
}

/** The conversation controller, its status-bar figures and the talk input, over the parts. */
function buildConversation(deps: ParleyAppDeps, parts: ConversationParts) {
  const { settings, session, audio, micCheck, transcript, delegation, recorder } = parts;
  const conversation = new ConversationController({
    settings,
    session,
    log: deps.log,
    offline: parts.offline,
    wallClock: deps.wallClock,
    readStartupContext: deps.readStartupContext,
    homeDir: deps.homeDir,
    beforeStart: (protocol, conversationId, backend) => {
      micCheck.cancel();
      parts.delegate.conversationStarted(conversationId, backend);
      delegation.begin(protocol, conversationId);
      transcript.beginConversation(conversationId);
      recorder.conversationStarted({ id: conversationId, protocol, model: settings.values.model });
      talk.setMode(settings.values.talkMode);
    },
    recap: () => conversationRecap(transcript.list(), delegation.recap()),
    recapMessages: () => recapMessagesFrom(transcript.list(), delegation.recap()),
    // Saved tasks of earlier runs too, newest first.
    recentTasks: () => recorder.recentTasks(),
  });
  const diagnostics = new ConversationDiagnosticsFeed({
    clock: deps.clock,
    session,
    pipeline: audio.pipeline,
    onChange: (figures) => conversation.setDiagnostics(figures),
  });
  const { talk, hotkey } = buildTalk(deps, { session, audio, delegation, conversation, settings });
  return { conversation, diagnostics, talk, hotkey };
}

/** Wires the parts to each other and to the renderer events; returns the unsubscribers. */
function forwardToRenderers(
  parts: AppParts,
  events: TypedEmitter<AppEvents>,
  deps: ParleyAppDeps,
): (() => void)[] {
  const { audio, conversation, micCheck, session, settings, tasks, transcript, history } = parts;
  const { talk, hotkey } = parts;
  const taskUpdates = new TaskUpdateThrottle(deps.clock, (task) =>
    events.emit('task.updated', task),
  );
  const emit =
    <E extends EventName>(event: E) =>
    (payload: AppEvents[E]) =>
      events.emit(event, payload);
  const historyStatus = (): void => events.emit('history.status', history.status());
  return [
    audio.pipeline.on('interrupted', ({ playedMs, receivedMs }) =>
      transcript.markInterruptedAt(playedMs, receivedMs),
    ),
    audio.pipeline.on('playback', ({ playing }) => conversation.setPlaying(playing)),
    audio.pipeline.on('captured', ({ pcm }) => micCheck.push(pcm)),
    tasks.on('task', (task) => taskUpdates.push(task)),
    tasks.on('progress', ({ taskId, item }) =>
      deps.log('info', 'task.progress', { taskId, ...describeProgress(item) }),
    ),
    session.on('event', (event) => transcript.apply(event)),
    session.on('closed', () => parts.recorder.conversationEnded()),
    history.writer.on('error', historyStatus),
    history.writer.on('recovered', historyStatus),
    settings.on('changed', () => void conversation.refreshReadiness()),
    followRetentionSetting(settings, history),
    conversation.on('state', emit('conversation.state')),
    transcript.on('entry', emit('transcript.entry')),
    transcript.on('appended', ({ delta }) => events.emit('transcript.delta', delta)),
    talk.on('change', emit('talk.state')),
    onKeyTurnEnd(talk, () => parts.diagnostics.speechEnded()),
    talkCues(talk, () => settings.values.talkSounds, emit('talk.cue')),
    hotkey.on('status', emit('hotkey.status')),
    followTalkSettings({ settings, talk, conversation, log: deps.log }, emit('settings.changed')),
    () => taskUpdates.dispose(),
  ];
}

async function startApp(
  parts: AppParts,
  deps: ParleyAppDeps,
): Promise<Result<void, TaggedError<'config'>>> {
  const { settings, conversation } = parts;
  await settings.load();
  // A stored key is known (and redacted) from the start: a delegate could print it before any
  // session uses it. A key store that cannot be read is reported when the key is needed.
  await settings.apiKey().catch(() => undefined);
  if (settings.warning) deps.log('warn', 'settings.recovered', { message: settings.warning });
  const { fatal, warning } = checkStartupSettings(settings.values, deps.env);
  if (fatal) return err('config', fatal.message);
  if (warning) deps.log('warn', 'settings.problem', { message: warning });
  await conversation.refreshReadiness();
  parts.history.startRetention();
  parts.talk.setMode(settings.values.talkMode);
  void parts.hotkey.start();
  deps.log('info', 'app.started', { host: deps.host, dataDir: deps.dataDir });
  if (settings.values.listenOnStart) void conversation.start();
  return ok(undefined);
}

/** Stops everything; resolves once every delegate's processes are gone (bounded). */
async function disposeParts(parts: AppParts): Promise<void> {
  parts.talk.dispose();
  await parts.hotkey.dispose();
  parts.micCheck.cancel();
  parts.diagnostics.dispose();
  parts.conversation.dispose();
  parts.delegation.dispose();
  parts.tasks.dispose();
  await parts.delegate.dispose();
  parts.recorder.dispose();
  await parts.offline?.dispose();
  parts.settings.dispose();
  parts.transcript.dispose();
  parts.audio.dispose();
}

/** A shorter (or longer) history setting applies at once, not at the next daily pass. */
function followRetentionSetting(settings: SettingsService, history: HistoryStore): () => void {
  let days: number | null = null;
  return settings.on('changed', (values) => {
    if (values.historyDays === days) return;
    days = values.historyDays;
    history.applyRetention();
  });
}
