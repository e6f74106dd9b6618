// What the talk button says and does in each talk mode, from main's view of the talk input.
import type { ConversationState } from '../../preload/schemas/conversation';
import type { TalkView } from '../../preload/schemas/talk';

/** What the talk button shows: its words, its tooltip, and whether it is usable or on. */
export interface TalkButtonFace {
  label: string;
  hint: string;
  /** Pressing would do nothing (the microphone is off and there is no voice to cut off). */
  disabled: boolean;
  /** `aria-pressed`: a turn is on; null where the button is an action, not a switch. */
  pressed: boolean | null;
}

const INTERRUPT_HINT = 'Cut Parley off; it listens for you by itself';

/** Words when no turn is on: the mode's invitation. */
const IDLE_LABEL = {
  hold: 'Hold to talk',
  toggle: 'Start talking',
  auto: 'Tap or hold to talk',
  'hands-free': 'Start listening',
} as const;

const IDLE_HINT = {
  hold: 'Hold to talk, release to send (Space holds, Enter toggles); also interrupts Parley',
  toggle: 'Press to start talking, press again to send; also interrupts Parley',
  auto: 'Hold to talk while held, or tap to talk until you tap again; also interrupts Parley',
  'hands-free': 'Start listening again',
} as const;

/** The talk button's face for `view`, when Parley is (or is not) speaking. */
export function talkButtonFace(view: TalkView, parleySpeaking: boolean): TalkButtonFace {
  if (view.mode === 'hands-free') return handsFreeFace(view, parleySpeaking);
  const talking = view.state === 'talking';
  if (view.muted) {
    const hint = 'The microphone is off: turn it on to talk';
    return { label: IDLE_LABEL[view.mode], hint, disabled: true, pressed: false };
  }
  if (!talking) {
    return {
      label: IDLE_LABEL[view.mode],
      hint: IDLE_HINT[view.mode],
      disabled: false,
      pressed: false,
    };
  }
  if (view.mode === 'toggle') {
    return {
      label: 'Stop talking',
      hint: 'Press to send what you said',
      disabled: false,
      pressed: true,
    };
  }
  if (view.latched) {
    const hint = 'Talking without holding: tap to send what you said';
    return { label: 'Talking — tap to stop', hint, disabled: false, pressed: true };
  }
  return {
    label: 'Talking…',
    hint: 'Release to send what you said',
    disabled: false,
    pressed: true,
  };
}

/** Hands-free: the server hears turns by itself, so the button cuts Parley off or listens again. */
function handsFreeFace(view: TalkView, parleySpeaking: boolean): TalkButtonFace {
  if (parleySpeaking) {
    return { label: 'Interrupt', hint: INTERRUPT_HINT, disabled: false, pressed: null };
  }
  if (view.muted) {
    const hint = 'The microphone is off: turn it on to listen';
    return { label: IDLE_LABEL['hands-free'], hint, disabled: true, pressed: null };
  }
  if (view.state === 'idle') {
    return {
      label: IDLE_LABEL['hands-free'],
      hint: IDLE_HINT['hands-free'],
      disabled: false,
      pressed: null,
    };
  }
  return { label: 'Listening', hint: INTERRUPT_HINT, disabled: false, pressed: null };
}

/** What a screen reader hears when talking starts or stops; empty before anything happened. */
export function talkAnnouncement(view: TalkView): string {
  if (view.mode === 'hands-free') return view.state === 'idle' ? 'Not listening' : 'Listening';
  return view.state === 'talking' ? 'Talking' : 'Not talking';
}

/**
 * The status label once the talk input is known: while live and otherwise quiet, a key-mode
 * turn reads as speaking and the microphone off as not listening.
 */
export function statusLabelWithTalk(
  state: ConversationState,
  label: string,
  talk: TalkView | null,
): string {
  const quiet = state.activity === 'none' || state.activity === 'listening';
  if (state.phase !== 'live' || !quiet || !talk) return label;
  if (talk.muted) return 'Not listening';
  if (talk.mode !== 'hands-free' && talk.state === 'talking') return 'You are speaking';
  return label;
}
