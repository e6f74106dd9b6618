/** The talk input and talk key built over the app's parts, following the settings, cueing sounds. */
import type { SettingsView } from '../../preload/schemas/settings';
import type { TalkView } from '../../preload/schemas/talk';
import type { Logger } from '../base/logger';
import type { RealtimeSession } from '../realtime/realtime-session';
import type { ConversationController } from './conversation-controller';
import { HotkeyService } from './hotkey-service';
import type { ParleyAppDeps } from './parley-app';
import type { SettingsService } from './settings-service';
import {
  isConversationOn,
  TalkControl,
  type TalkControlDeps,
  type TalkConversation,
} from './talk-control';
import type { TaskDelegation } from './task-delegation';

/**
 * The talk mode follows the settings. A live session cannot switch between hands-free and the
 * key modes (its turn detection is set at start), so such a change restarts the conversation.
 * Every change is announced to the renderers as the new settings view.
 */
export function followTalkSettings(
  parts: {
    settings: Pick<SettingsService, 'on' | 'view'>;
    talk: Pick<TalkControl, 'setMode'>;
    conversation: TalkConversation;
    log: Logger;
  },
  announce: (view: SettingsView) => void,
): () => void {
  const { settings, talk, conversation, log } = parts;
  return settings.on('changed', (values) => {
    if (talk.setMode(values.talkMode) && isConversationOn(conversation.state)) {
      log('info', 'talk.mode_restarts_conversation', { mode: values.talkMode });
      void conversation.start();
    }
    void settings.view().then(announce);
  });
}

/** Emits `start` when talking or listening begins and `stop` when it ends, while enabled. */
export function talkCues(
  talk: Pick<TalkControl, 'on' | 'view'>,
  enabled: () => boolean,
  cue: (payload: { cue: 'start' | 'stop' }) => void,
): () => void {
  let active = talk.view.state !== 'idle';
  return talk.on('change', (view: TalkView) => {
    const now = view.state !== 'idle';
    if (now === active) return;
    active = now;
    if (enabled()) cue({ cue: now ? 'start' : 'stop' });
  });
}

/**
 * Calls `ended` when a key-mode talk turn ends: there the user's speech ends when the key is
 * let go (hands-free waits for the server's voice detection instead).
 */
export function onKeyTurnEnd(
  talk: Pick<TalkControl, 'on' | 'view'>,
  ended: () => void,
): () => void {
  let talking = talk.view.state === 'talking';
  return talk.on('change', (view: TalkView) => {
    const was = talking;
    talking = view.state === 'talking';
    if (was && !talking && view.mode !== 'hands-free') ended();
  });
}

/** The one talk input, and the global talk key that drives it. */
export function buildTalk(
  deps: Pick<ParleyAppDeps, 'clock' | 'log' | 'hotkeys' | 'platform'>,
  parts: {
    session: Pick<RealtimeSession, 'on'>;
    audio: { pipeline: TalkControlDeps['pipeline'] };
    delegation: TaskDelegation;
    conversation: ConversationController;
    settings: SettingsService;
  },
): { talk: TalkControl; hotkey: HotkeyService } {
  const { clock, log } = deps;
  const talk = new TalkControl({
    clock,
    log,
    pipeline: parts.audio.pipeline,
    delegation: parts.delegation,
    conversation: parts.conversation,
    onSessionEvent: (listener) => parts.session.on('event', listener),
  });
  const hotkey = new HotkeyService({
    provider: deps.hotkeys ?? null,
    talk,
    settings: parts.settings,
    log,
    platform: deps.platform,
    clock,
  });
  return { talk, hotkey };
}
