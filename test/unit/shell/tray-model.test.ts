import type { Problem } from '../../../preload/schemas/problem';
import { describe, expect, it } from 'vitest';
import { INITIAL_CONVERSATION_STATE } from '../../../preload/schemas/conversation';
import type { HotkeyStatus } from '../../../preload/schemas/hotkey';
import type { TalkView } from '../../../preload/schemas/talk';
import type { TaskSnapshot } from '../../../preload/schemas/tasks';
import {
  hotkeyLine,
  trayIcon,
  trayModel,
  type TrayInput,
  type TrayMenuItem,
} from '../../../main/shell/tray-model';

const problem = (summary: string): Problem => ({ summary, detail: null, actions: [], field: null });

const talk: TalkView = { state: 'idle', mode: 'auto', muted: false, latched: false, gated: false };
const hotkey: HotkeyStatus = {
  backend: 'hook',
  chord: 'Ctrl+Alt+Space',
  label: 'Ctrl+Alt+Space',
  reportsRelease: true,
  state: 'active',
  reason: 'X11: the keyboard hook sees the talk key’s press and release.',
  remedy: null,
};

function task(id: number, status: TaskSnapshot['status']): TaskSnapshot {
  return {
    id: `task-${id}`,
    name: `task-${id}-do-it`,
    status,
    prompt: 'do it',
    createdAt: id,
  } as TaskSnapshot;
}

function input(patch: Partial<TrayInput> = {}): TrayInput {
  return {
    conversation: { ...INITIAL_CONVERSATION_STATE },
    talk,
    tasks: [],
    hotkey,
    ...patch,
  };
}

const labels = (items: TrayMenuItem[]): string[] =>
  items.flatMap((i) =>
    i.type === 'submenu' ? [i.label, ...labels(i.items)] : 'label' in i ? [i.label] : [],
  );

describe('the tray icon', () => {
  const live = {
    ...INITIAL_CONVERSATION_STATE,
    phase: 'live' as const,
    activity: 'listening' as const,
  };
  it.each([
    ['idle', input()],
    ['listening', input({ talk: { ...talk, mode: 'hands-free', state: 'listening' } })],
    ['user-speaking', input({ talk: { ...talk, state: 'talking' } })],
    ['user-speaking', input({ conversation: { ...live, activity: 'user_speaking' } })],
    ['assistant-speaking', input({ conversation: { ...live, activity: 'assistant_speaking' } })],
    ['working', input({ tasks: [task(1, 'running'), task(2, 'done')] })],
    ['muted', input({ talk: { ...talk, muted: true, state: 'listening' } })],
    [
      'error',
      input({ conversation: { ...INITIAL_CONVERSATION_STATE, error: problem('bad key') } }),
    ],
  ])('%s', (state, given) => {
    expect(trayIcon(given).state).toBe(state);
  });

  it('counts the tasks at work whatever the state, so listening stays visible beside them', () => {
    const icon = trayIcon(
      input({
        talk: { ...talk, mode: 'hands-free', state: 'listening' },
        tasks: [task(1, 'running'), task(2, 'queued'), task(3, 'failed')],
      }),
    );
    expect(icon).toEqual({ state: 'listening', tasks: 2 });
  });

  it('the kill switch outranks everything: a muted Parley never looks like it listens', () => {
    const given = input({
      talk: { ...talk, muted: true, state: 'talking' },
      conversation: { ...INITIAL_CONVERSATION_STATE, error: problem('dropped') },
    });
    expect(trayIcon(given).state).toBe('muted');
  });
});

describe('the tray tooltip and menu', () => {
  it('says the state, the tasks and the talk key in words', () => {
    const model = trayModel(
      input({
        talk: { ...talk, mode: 'hands-free', state: 'listening', gated: true },
        tasks: [task(1, 'running')],
      }),
    );
    expect(model.tooltip).toBe(
      'Parley: listening in the background\nWorking on 1 task\nTalk key: Ctrl+Alt+Space',
    );
  });

  it('holds every action, named for the talk mode', () => {
    const keyMode = labels(trayModel(input()).menu);
    expect(keyMode).toEqual(
      expect.arrayContaining([
        'Start Talking',
        'Microphone Off',
        'Talk Mode',
        'Auto (hold to talk, tap to toggle)',
        'Hold to talk',
        'Tap to toggle',
        'Hands-free',
        'No tasks yet',
        'Talk key: Ctrl+Alt+Space',
        'Show Parley',
        'Settings…',
        'Quit Parley',
      ]),
    );
    const handsFree = trayModel(
      input({ talk: { ...talk, mode: 'hands-free', state: 'listening' } }),
    );
    expect(labels(handsFree.menu)).toContain('Stop Listening');
    const stop = handsFree.menu.find((i) => i.type === 'action' && i.label === 'Stop Listening');
    expect(stop).toMatchObject({ action: { kind: 'talk', command: 'stop' } });
  });

  it('checks the current talk mode and the kill switch', () => {
    const { menu } = trayModel(input({ talk: { ...talk, mode: 'toggle', muted: true } }));
    const modes = menu.find((i) => i.type === 'submenu');
    expect(
      modes?.type === 'submenu' && modes.items.filter((i) => i.type === 'radio' && i.checked),
    ).toEqual([
      {
        type: 'radio',
        label: 'Tap to toggle',
        checked: true,
        action: { kind: 'talk-mode', mode: 'toggle' },
      },
    ]);
    expect(menu).toContainEqual({
      type: 'checkbox',
      label: 'Microphone Off',
      checked: true,
      action: { kind: 'mute', muted: false },
    });
    // Muted, nothing can start: the start item is greyed out.
    expect(menu).toContainEqual(
      expect.objectContaining({ label: 'Start Talking', enabled: false }),
    );
  });

  it('lists the five newest tasks with their status, each opening its card', () => {
    const tasks = [1, 2, 3, 4, 5, 6, 7].map((n) => task(n, n === 7 ? 'running' : 'done'));
    const { menu } = trayModel(input({ tasks }));
    const items = menu.filter((i) => i.type === 'action' && i.action.kind === 'task');
    expect(items.map((i) => (i.type === 'action' ? i.label : ''))).toEqual([
      'task-7-do-it — running',
      'task-6-do-it — done',
      'task-5-do-it — done',
      'task-4-do-it — done',
      'task-3-do-it — done',
    ]);
    expect(items[0]).toMatchObject({ action: { kind: 'task', taskId: 'task-7' } });
  });

  it('offers the Accessibility permission when the hook needs it, and says why the key only toggles', () => {
    const mac: HotkeyStatus = {
      ...hotkey,
      backend: 'global-shortcut',
      reportsRelease: false,
      reason: 'Holding the talk key needs the Accessibility permission.',
      remedy: 'grant-accessibility',
    };
    const model = trayModel(input({ hotkey: mac }));
    expect(labels(model.menu)).toContain('Allow the Talk Key (Accessibility)…');
    expect(labels(model.menu)).toContain('Talk key: Ctrl+Alt+Space (toggles only)');
    expect(model.tooltip).toContain('needs the Accessibility permission');
  });

  it('the talk key line for each hotkey state', () => {
    expect(hotkeyLine({ ...hotkey, state: 'binding' })).toBe('Talk key: starting…');
    expect(hotkeyLine({ ...hotkey, state: 'restarting' })).toBe('Talk key: restarting…');
    expect(hotkeyLine({ ...hotkey, state: 'failed', backend: 'none', label: null })).toBe(
      'No global talk key',
    );
  });
});
