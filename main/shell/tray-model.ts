/**
 * What the tray shows, from the app's state: one icon per state, a tooltip that says it in
 * words, and a menu holding every action (some trays deliver no clicks, so nothing may live
 * only on a click). Pure: the tray adapter turns it into Electron's Tray and Menu.
 */
import type { ConversationState } from '../../preload/schemas/conversation';
import type { HotkeyStatus } from '../../preload/schemas/hotkey';
import type { TalkMode } from '../../preload/schemas/settings';
import type { TalkView } from '../../preload/schemas/talk';
import type { TaskSnapshot } from '../../preload/schemas/tasks';

/** The tray icon's states. */
export type TrayIconState =
  'idle' | 'listening' | 'user-speaking' | 'assistant-speaking' | 'working' | 'muted' | 'error';

/** The icon: its state and the number of tasks at work (shown as a badge). */
export interface TrayIcon {
  state: TrayIconState;
  tasks: number;
}

/** What a menu item does. */
export type TrayAction =
  | { kind: 'talk'; command: 'start' | 'stop' }
  | { kind: 'mute'; muted: boolean }
  | { kind: 'talk-mode'; mode: TalkMode }
  | { kind: 'show-window' }
  | { kind: 'settings' }
  | { kind: 'task'; taskId: string }
  | { kind: 'grant-accessibility' }
  | { kind: 'quit' };

/** One menu item, independent of Electron. */
export type TrayMenuItem =
  | { type: 'separator' }
  | { type: 'label'; label: string }
  | { type: 'action'; label: string; action: TrayAction; enabled?: boolean }
  | { type: 'checkbox'; label: string; checked: boolean; action: TrayAction }
  | { type: 'radio'; label: string; checked: boolean; action: TrayAction }
  | { type: 'submenu'; label: string; items: TrayMenuItem[] };

/** Everything the tray reflects. */
export interface TrayInput {
  conversation: ConversationState;
  talk: TalkView;
  tasks: readonly TaskSnapshot[];
  hotkey: HotkeyStatus;
}

/** The tray as it should look now. */
export interface TrayModel {
  icon: TrayIcon;
  tooltip: string;
  menu: TrayMenuItem[];
}

/** Tasks listed in the menu, newest first. */
export const RECENT_TASKS_IN_MENU = 5;

const MODES: readonly [TalkMode, string][] = [
  ['auto', 'Auto (hold to talk, tap to toggle)'],
  ['hold', 'Hold to talk'],
  ['toggle', 'Tap to toggle'],
  ['hands-free', 'Hands-free'],
];

const STATUS_WORDS: Readonly<Record<TaskSnapshot['status'], string>> = {
  queued: 'queued',
  running: 'running',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
};

const isWorking = (t: TaskSnapshot): boolean => t.status === 'running' || t.status === 'queued';

/** The tray for `input`. */
export function trayModel(input: TrayInput): TrayModel {
  const icon = trayIcon(input);
  return { icon, tooltip: tooltip(input, icon), menu: trayMenu(input) };
}

/** The icon state: what matters most to someone glancing at it comes first. */
export function trayIcon({ conversation, talk, tasks }: TrayInput): TrayIcon {
  const working = tasks.filter(isWorking).length;
  const failed =
    conversation.error !== null &&
    (conversation.phase === 'idle' ||
      conversation.phase === 'closed' ||
      conversation.phase === 'reconnecting');
  let state: TrayIconState;
  if (talk.muted) state = 'muted';
  else if (failed) state = 'error';
  else if (talk.state === 'talking' || conversation.activity === 'user_speaking')
    state = 'user-speaking';
  else if (conversation.activity === 'assistant_speaking') state = 'assistant-speaking';
  else if (talk.state === 'listening') state = 'listening';
  else if (working > 0) state = 'working';
  else state = 'idle';
  return { state, tasks: working };
}

function tooltip({ conversation, talk, hotkey }: TrayInput, icon: TrayIcon): string {
  const lines = [`Parley: ${stateWords(icon.state, conversation, talk)}`];
  if (icon.tasks > 0) lines.push(`Working on ${icon.tasks} task${icon.tasks === 1 ? '' : 's'}`);
  if (hotkey.state === 'active' && hotkey.label) lines.push(`Talk key: ${hotkey.label}`);
  if (hotkey.state !== 'active' || !hotkey.reportsRelease) lines.push(hotkey.reason);
  return lines.join('\n');
}

function stateWords(state: TrayIconState, conversation: ConversationState, talk: TalkView): string {
  switch (state) {
    case 'muted':
      return 'microphone off';
    case 'error':
      return conversation.phase === 'reconnecting'
        ? `reconnecting (${conversation.error?.summary ?? 'connection lost'})`
        : `stopped: ${conversation.error?.summary ?? 'unknown error'}`;
    case 'user-speaking':
      return talk.latched ? 'talking (tap the key again to stop)' : 'hearing you';
    case 'assistant-speaking':
      return 'speaking';
    case 'listening':
      return talk.gated ? 'listening in the background' : 'listening';
    case 'working':
    case 'idle':
      return conversation.phase === 'live' ? 'ready' : 'not listening';
  }
}

/** The menu: every action, each also reachable without clicking the icon. */
export function trayMenu(input: TrayInput): TrayMenuItem[] {
  const { talk, hotkey } = input;
  const handsFree = talk.mode === 'hands-free';
  const active = talk.state !== 'idle';
  const noun = handsFree ? 'Listening' : 'Talking';
  const items: TrayMenuItem[] = [
    {
      type: 'label',
      label: `Parley: ${stateWords(trayIcon(input).state, input.conversation, talk)}`,
    },
    {
      type: 'action',
      label: active ? `Stop ${noun}` : `Start ${noun}`,
      action: { kind: 'talk', command: active ? 'stop' : 'start' },
      enabled: active || !talk.muted,
    },
    {
      type: 'checkbox',
      label: 'Microphone Off',
      checked: talk.muted,
      action: { kind: 'mute', muted: !talk.muted },
    },
    {
      type: 'submenu',
      label: 'Talk Mode',
      items: MODES.map(([mode, label]) => ({
        type: 'radio' as const,
        label,
        checked: talk.mode === mode,
        action: { kind: 'talk-mode' as const, mode },
      })),
    },
    { type: 'separator' },
    ...taskItems(input.tasks),
    { type: 'separator' },
    ...hotkeyItems(hotkey),
    { type: 'action', label: 'Show Parley', action: { kind: 'show-window' } },
    { type: 'action', label: 'Settings…', action: { kind: 'settings' } },
    { type: 'separator' },
    { type: 'action', label: 'Quit Parley', action: { kind: 'quit' } },
  ];
  return items;
}

function taskItems(tasks: readonly TaskSnapshot[]): TrayMenuItem[] {
  const recent = [...tasks].reverse().slice(0, RECENT_TASKS_IN_MENU);
  if (recent.length === 0) return [{ type: 'label', label: 'No tasks yet' }];
  return [
    { type: 'label', label: 'Recent Tasks' },
    ...recent.map((task) => ({
      type: 'action' as const,
      label: `${task.name} — ${STATUS_WORDS[task.status]}`,
      action: { kind: 'task' as const, taskId: task.id },
    })),
  ];
}

function hotkeyItems(hotkey: HotkeyStatus): TrayMenuItem[] {
  const items: TrayMenuItem[] = [{ type: 'label', label: hotkeyLine(hotkey) }];
  if (hotkey.remedy === 'grant-accessibility') {
    items.push({
      type: 'action',
      label: 'Allow the Talk Key (Accessibility)…',
      action: { kind: 'grant-accessibility' },
    });
  }
  return items;
}

/** The talk key in one short menu line; the tooltip carries the reason. */
export function hotkeyLine(hotkey: HotkeyStatus): string {
  if (hotkey.state === 'active' && hotkey.label) {
    return `Talk key: ${hotkey.label}${hotkey.reportsRelease ? '' : ' (toggles only)'}`;
  }
  if (hotkey.state === 'binding') return 'Talk key: starting…';
  if (hotkey.state === 'restarting') return 'Talk key: restarting…';
  return 'No global talk key';
}
