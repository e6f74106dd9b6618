import { describe, expect, it } from 'vitest';
import type { TalkMode } from '../../../preload/schemas/settings';
import type { TalkView } from '../../../preload/schemas/talk';
import {
  INITIAL_CONVERSATION_STATE,
  type ConversationState,
} from '../../../preload/schemas/conversation';
import {
  statusLabelWithTalk,
  talkAnnouncement,
  talkButtonFace,
} from '../../../renderer/src/talk-display';

function view(mode: TalkMode, patch: Partial<TalkView> = {}): TalkView {
  return { state: 'idle', mode, muted: false, latched: false, gated: false, ...patch };
}

describe('talkButtonFace', () => {
  // mode, talk state, latched, Parley speaking → label, aria-pressed
  const rows: [TalkMode, TalkView['state'], boolean, boolean, string, boolean | null][] = [
    ['hold', 'idle', false, false, 'Hold to talk', false],
    ['hold', 'talking', false, false, 'Talking…', true],
    ['hold', 'talking', true, false, 'Talking — tap to stop', true],
    ['hold', 'idle', false, true, 'Hold to talk', false],
    ['toggle', 'idle', false, false, 'Start talking', false],
    ['toggle', 'talking', true, false, 'Stop talking', true],
    ['toggle', 'idle', false, true, 'Start talking', false],
    ['auto', 'idle', false, false, 'Tap or hold to talk', false],
    ['auto', 'talking', false, false, 'Talking…', true],
    ['auto', 'talking', true, false, 'Talking — tap to stop', true],
    ['auto', 'idle', false, true, 'Tap or hold to talk', false],
    ['hands-free', 'listening', false, false, 'Listening', null],
    ['hands-free', 'talking', false, false, 'Listening', null],
    ['hands-free', 'listening', false, true, 'Interrupt', null],
    ['hands-free', 'idle', false, false, 'Start listening', null],
  ];
  it.each(rows)(
    '%s, %s, latched %s, Parley speaking %s: "%s"',
    (mode, state, latched, speaking, label, pressed) => {
      const face = talkButtonFace(view(mode, { state, latched }), speaking);
      expect(face).toMatchObject({ label, pressed, disabled: false });
      expect(face.hint.length).toBeGreaterThan(10);
    },
  );

  it('says a key-mode press also interrupts Parley, and hands-free that it listens by itself', () => {
    expect(talkButtonFace(view('hold'), true).hint).toMatch(/interrupts Parley/);
    expect(talkButtonFace(view('hands-free', { state: 'listening' }), true).hint).toMatch(
      /listens for you by itself/,
    );
  });

  it('is unusable while the microphone is off, except to cut Parley off in hands-free', () => {
    for (const mode of ['hold', 'toggle', 'auto'] as const) {
      const face = talkButtonFace(view(mode, { muted: true }), true);
      expect(face.disabled, mode).toBe(true);
      expect(face.hint).toMatch(/microphone is off/);
    }
    const listening = view('hands-free', { state: 'listening', muted: true });
    expect(talkButtonFace(listening, false)).toMatchObject({
      label: 'Start listening',
      disabled: true,
    });
    expect(talkButtonFace(listening, true)).toMatchObject({ label: 'Interrupt', disabled: false });
  });
});

describe('talkAnnouncement', () => {
  it('names the talk state in plain words', () => {
    expect(talkAnnouncement(view('hold', { state: 'talking' }))).toBe('Talking');
    expect(talkAnnouncement(view('auto'))).toBe('Not talking');
    expect(talkAnnouncement(view('hands-free', { state: 'listening' }))).toBe('Listening');
    expect(talkAnnouncement(view('hands-free'))).toBe('Not listening');
  });
});

describe('statusLabelWithTalk', () => {
  const live = (activity: ConversationState['activity']): ConversationState => ({
    ...INITIAL_CONVERSATION_STATE,
    phase: 'live',
    activity,
  });

  it('reads a key-mode turn as speaking and the microphone off as not listening', () => {
    const talking = view('hold', { state: 'talking' });
    expect(statusLabelWithTalk(live('listening'), 'Listening', talking)).toBe('You are speaking');
    expect(statusLabelWithTalk(live('none'), 'Listening', view('auto', { muted: true }))).toBe(
      'Not listening',
    );
    expect(statusLabelWithTalk(live('listening'), 'Listening', view('hold'))).toBe('Listening');
  });

  it('leaves what the conversation says when it says more, or before the talk input is known', () => {
    const muted = view('hands-free', { state: 'listening', muted: true });
    expect(statusLabelWithTalk(live('assistant_speaking'), 'Assistant speaking', muted)).toBe(
      'Assistant speaking',
    );
    expect(statusLabelWithTalk(live('thinking'), 'Thinking…', muted)).toBe('Thinking…');
    const idle = { ...INITIAL_CONVERSATION_STATE, phase: 'idle' } as const;
    expect(statusLabelWithTalk(idle, 'Disconnected', muted)).toBe('Disconnected');
    expect(statusLabelWithTalk(live('listening'), 'Listening', null)).toBe('Listening');
    const handsFree = view('hands-free', { state: 'talking' });
    expect(statusLabelWithTalk(live('listening'), 'Listening', handsFree)).toBe('Listening');
  });
});
