import type { EventName } from '../../preload/contract';
import { errorMessage, err, ok, type Result, type TaggedError } from '../base/result';
import { TypedEmitter } from '../base/typed-emitter';
import { SilencePacer } from '../audio/silence-pacer';
import { TalkKey } from '../audio/talk-key';
import { checkSettings, checkStartupSettings } from '../config/settings-check';
import { TaskRegistry } from '../delegate/task-registry';
import { recapMessagesFrom } from '../realtime/live-session-start';
import { RealtimeSession } from '../realtime/realtime-session';
import { conversationRecap, recentTasks } from './conversation-recap';
import { ConversationController } from './conversation-controller';
import { buildInvokeHandlers } from './invoke-handlers';
import type { AppEvents, ParleyApp, ParleyAppDeps } from './parley-app';
import { describeProgress } from './progress-log';
import { SettingsDelegate } from './settings-delegate';
import { SettingsService } from './settings-service';
import { TaskDelegation } from './task-delegation';
import { TaskUpdateThrottle } from './task-update-throttle';
import { TranscriptFeed } from './transcript-feed';
import { inputModeFor, wireAudio } from './wire-audio';

/** The parts of one app, built from its dependencies. */
type AppParts = ReturnType<typeof buildParts>;

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
    info: { name: 'Parley', version: deps.version, host: deps.host, platform: deps.platform },
    ...parts,
  });
  let disposed = false;
  return {
    handlers,
    on: (event, listener) => events.on(event, listener),
    listenerCount: (event) => events.listenerCount(event),
    initialEvents: () => [{ event: 'conversation.state', payload: parts.conversation.state }],
    attachAudio: (link) => parts.audio.links.attach(link),
    rendererDetached: () => parts.talkKey.release(),
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
  const settings = new SettingsService(
    deps.settingsStore,
    deps.secretStore,
    deps.env,
    deps.dataDir,
    checkSettings,
    deps.knownKeys,
  );
  const session = new RealtimeSession({
    clock,
    log,
    createTransport: deps.createTransport,
    // Live places appends on a timeline that only moves while input audio streams.
    createInputFiller: (send) => new SilencePacer({ clock, send }),
  });
  const audio = wireAudio({ session, clock, log });
  const transcript = new TranscriptFeed(() => wallClock.now());
  const { delegate, tasks, delegation } = buildTasks(deps, settings, session);
  const conversation = new ConversationController({
    settings,
    session,
    log,
    wallClock,
    readStartupContext: deps.readStartupContext,
    homeDir: deps.homeDir,
    beforeStart: (protocol) => {
      delegation.begin(protocol);
      audio.pipeline.setInputMode(inputModeFor(settings.values.talkMode));
    },
    recap: () => conversationRecap(transcript.list(), delegation.recap()),
    recapMessages: () => recapMessagesFrom(transcript.list(), delegation.recap()),
    recentTasks: () => recentTasks(tasks.list()),
  });
  const talkKey = new TalkKey({
    clock,
    log,
    onChange: (pressed) => {
      audio.pipeline.onTalkKey(pressed ? 'press' : 'release');
      delegation.setUserSpeaking(pressed);
    },
  });
  return {
    settings,
    session,
    audio,
    transcript,
    delegate,
    tasks,
    delegation,
    conversation,
    talkKey,
  };
}

/** The delegate the settings choose, the task registry on it, and the handoff ⇄ task link. */
function buildTasks(deps: ParleyAppDeps, settings: SettingsService, session: RealtimeSession) {
  const { clock, wallClock, log } = deps;
  const delegate = new SettingsDelegate(() => settings.values, deps.createDelegate, log, {
    variables: deps.environment,
    secrets: () => [...deps.knownKeys],
    inheritKey: deps.env.delegateInheritsKey,
  });
  const tasks = new TaskRegistry({ clock: wallClock, delegate, logger: log });
  const workspace = (): string => settings.values.workspace ?? deps.homeDir;
  const delegation = new TaskDelegation({
    session,
    registry: tasks,
    clock,
    wallClock,
    log,
    workspace,
  });
  return { delegate, tasks, delegation };
}

/** Wires the parts to each other and to the renderer events; returns the unsubscribers. */
function forwardToRenderers(
  parts: AppParts,
  events: TypedEmitter<AppEvents>,
  deps: ParleyAppDeps,
): (() => void)[] {
  const { audio, conversation, session, tasks, transcript } = parts;
  const taskUpdates = new TaskUpdateThrottle(deps.clock, (task) =>
    events.emit('task.updated', task),
  );
  const emit =
    <E extends EventName>(event: E) =>
    (payload: AppEvents[E]) =>
      events.emit(event, payload);
  return [
    audio.pipeline.on('interrupted', ({ playedMs, receivedMs }) =>
      transcript.markInterruptedAt(playedMs, receivedMs),
    ),
    audio.pipeline.on('playback', ({ playing }) => conversation.setPlaying(playing)),
    tasks.on('task', (task) => taskUpdates.push(task)),
    tasks.on('progress', ({ taskId, item }) =>
      deps.log('info', 'task.progress', { taskId, ...describeProgress(item) }),
    ),
    session.on('event', (event) => transcript.apply(event)),
    conversation.on('state', emit('conversation.state')),
    transcript.on('entry', emit('transcript.entry')),
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
  deps.log('info', 'app.started', { host: deps.host, dataDir: deps.dataDir });
  if (settings.values.listenOnStart) void conversation.start();
  return ok(undefined);
}

/** Stops everything; resolves once every delegate's processes are gone (bounded). */
async function disposeParts(parts: AppParts): Promise<void> {
  parts.talkKey.release();
  parts.conversation.dispose();
  parts.delegation.dispose();
  parts.tasks.dispose();
  await parts.delegate.dispose();
  parts.settings.dispose();
  parts.transcript.dispose();
  parts.audio.dispose();
}
