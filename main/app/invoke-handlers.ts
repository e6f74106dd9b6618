import type { AppInfo, InvokeChannel, InvokeRequest, InvokeResult } from '../../preload/contract';
import type { Clock } from '../base/clock';
import type { Logger } from '../base/logger';
import { redact } from '../base/redaction';
import { err, errorMessage, ok, type Result, type TaggedError } from '../base/result';
import type { MicCheckRecorder } from '../audio/mic-check';
import type { TaskRegistry } from '../delegate/task-registry';
import type { RealtimeEndpoint } from '../realtime/endpoint';
import type { RealtimeTransport } from '../realtime/transport';
import { testConnection } from './connection-test';
import type { ConversationController } from './conversation-controller';
import type { HotkeyService } from './hotkey-service';
import type { SettingsService } from './settings-service';
import type { HistoryStore } from '../store/history/index';
import { buildHistoryHandlers } from './history-handlers';
import type { OfflineBackend } from './offline-backend';
import type { TrafficLog } from './traffic-log';
import type { TalkControl } from './talk-control';
import type { TranscriptFeed } from './transcript-feed';

/** What a handler returns: its value, or an expected failure with its tag. */
export type HandlerResult<T> = Result<T, TaggedError>;

/** One handler per invoke channel of the contract, typed from it. */
export type InvokeHandlers = {
  [C in InvokeChannel]: (
    request: InvokeRequest<C>,
  ) => HandlerResult<InvokeResult<C>> | Promise<HandlerResult<InvokeResult<C>>>;
};

/** The services the handlers speak for. */
export interface HandlerServices {
  info: () => AppInfo;
  /** Where the delegate works when no workspace is set. */
  homeDir: string;
  history: HistoryStore;
  offline: OfflineBackend | undefined;
  settings: SettingsService;
  conversation: ConversationController;
  transcript: TranscriptFeed;
  tasks: TaskRegistry;
  micCheck: MicCheckRecorder;
  traffic: TrafficLog;
  clock: Clock;
  log: Logger;
  createTransport: (endpoint: RealtimeEndpoint) => RealtimeTransport;
  /** Every key seen, to redact recorded payloads. */
  secrets: () => readonly string[];
  openFolder?: (path: string) => Promise<void>;
  chooseFolder?: () => Promise<string | null>;
  talk: TalkControl;
  hotkey: HotkeyService;
}

/** The contract's invokes, each answered by the service that owns it. */
export function buildInvokeHandlers(s: HandlerServices): InvokeHandlers {
  return {
    'app.info': () => ok(s.info()),
    // The renderer connection marks itself ready before this runs.
    'app.ready': () => ok(null),
    'settings.get': async () => ok(await s.settings.view()),
    'settings.update': (patch) => s.settings.update(patch),
    'settings.testConnection': async (request) => ok(await testConnection(request, s)),
    'settings.chooseWorkspace': async () => {
      if (!s.chooseFolder)
        return err('not_ready', 'Type the folder path: this host cannot show a folder picker.');
      return ok(await s.chooseFolder());
    },
    'audio.micCheck': ({ durationMs }) => {
      if (s.conversation.state.phase !== 'idle' && s.conversation.state.phase !== 'closed') {
        return err('not_ready', 'Stop the conversation to check the microphone.');
      }
      return s.micCheck.run(durationMs);
    },
    ...conversationHandlers(s),
    ...talkHandlers(s),
    ...taskHandlers(s),
    'offline.commands': async () => {
      if (!s.offline) return err('not_ready', 'This host has no offline commands engine.');
      const { phase, backend } = s.conversation.state;
      const live = backend === 'offline' && phase !== 'idle' && phase !== 'closed';
      // While an offline conversation goes on, its engine answers for the workspace it serves:
      // asking for another would restart the engine under the conversation.
      const workspace =
        (live ? s.offline.workspace : null) ?? s.settings.values.workspace ?? s.homeDir;
      return s.offline.commands(workspace).then(ok, (e: unknown) => err('failed', errorMessage(e)));
    },
    ...buildHistoryHandlers(s.history),
    'inspector.events': ({ since }) => {
      const page = s.traffic.page(since);
      const secrets = s.secrets();
      for (const event of page.events) {
        if (event.payload !== null) event.payload = redact(event.payload, secrets);
      }
      return ok(page);
    },
  };
}

type TalkChannel = Extract<InvokeChannel, `talk.${string}` | `hotkey.${string}`>;

function talkHandlers(s: HandlerServices): Pick<InvokeHandlers, TalkChannel> {
  return {
    'talk.state': () => ok(s.talk.view),
    'talk.command': ({ command }) => {
      s.talk.command(command, 'button');
      return ok(s.talk.view);
    },
    'talk.mute': ({ muted }) => {
      s.talk.setMuted(muted);
      return ok(s.talk.view);
    },
    'hotkey.status': () => ok(s.hotkey.status),
    'hotkey.bind': ({ chord }) => s.hotkey.bind(chord),
    'hotkey.pause': ({ paused }) => {
      s.hotkey.pause(paused);
      return ok(null);
    },
  };
}

type TaskChannel = Extract<InvokeChannel, `tasks.${string}`>;

function taskHandlers(s: HandlerServices): Pick<InvokeHandlers, TaskChannel> {
  return {
    'tasks.list': () => ok(s.tasks.list()),
    'tasks.cancel': ({ id }) => {
      const task = s.tasks.cancel(id);
      return task ? ok(task) : err('not_found', `There is no task "${id}".`);
    },
    'tasks.openWorkspace': ({ id }) => openWorkspace(s, id),
  };
}

type ConversationChannel = Extract<InvokeChannel, `conversation.${string}`>;

function conversationHandlers(s: HandlerServices): Pick<InvokeHandlers, ConversationChannel> {
  return {
    'conversation.start': async () => {
      s.micCheck.cancel();
      await s.conversation.start();
      return ok(null);
    },
    'conversation.stop': () => {
      s.conversation.stop();
      return ok(null);
    },
    'conversation.state': () => ok(s.conversation.state),
    'conversation.talk': ({ pressed }) => {
      s.talk.button(pressed);
      return ok(null);
    },
    'conversation.transcript': () => ok(s.transcript.list()),
    'conversation.sendText': async ({ text }) => {
      const sent = await s.conversation.sendText(text);
      if (sent.ok) s.transcript.addTyped(text);
      return sent;
    },
  };
}

async function openWorkspace(s: HandlerServices, id: string): Promise<HandlerResult<null>> {
  const task = s.tasks.list().find((t) => t.id === id);
  if (!task) return err('not_found', `There is no task "${id}".`);
  if (!s.openFolder) {
    return err('not_ready', `Open ${task.workspace} in your file manager: this host cannot.`);
  }
  try {
    await s.openFolder(task.workspace);
    return ok(null);
  } catch (error) {
    return err('failed', `Could not open ${task.workspace}: ${errorMessage(error)}`);
  }
}
