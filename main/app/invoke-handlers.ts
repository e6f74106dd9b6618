import type { AppInfo, InvokeChannel, InvokeRequest, InvokeResult } from '../../preload/contract';
import { err, ok, type Result, type TaggedError } from '../base/result';
import type { TaskRegistry } from '../delegate/task-registry';
import type { ConversationController } from './conversation-controller';
import type { HotkeyService } from './hotkey-service';
import type { SettingsService } from './settings-service';
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
  info: AppInfo;
  settings: SettingsService;
  conversation: ConversationController;
  transcript: TranscriptFeed;
  tasks: TaskRegistry;
  talk: TalkControl;
  hotkey: HotkeyService;
}

/** The contract's invokes, each answered by the service that owns it. */
export function buildInvokeHandlers(s: HandlerServices): InvokeHandlers {
  return {
    'app.info': () => ok(s.info),
    // The renderer connection marks itself ready before this runs.
    'app.ready': () => ok(null),
    'settings.get': async () => ok(await s.settings.view()),
    'settings.update': (patch) => s.settings.update(patch),
    'conversation.start': async () => {
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
    'tasks.list': () => ok(s.tasks.list()),
    'tasks.cancel': ({ id }) => {
      const task = s.tasks.cancel(id);
      return task ? ok(task) : err('not_found', `There is no task "${id}".`);
    },
  };
}
