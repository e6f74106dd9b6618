/** Types of {@link TalkInput}: its sources, states, options and events. */
import type { TalkMode } from '../../preload/schemas/settings';
import type { TalkState } from '../../preload/schemas/talk';
import type { Clock } from '../base/clock';
import type { Logger } from '../base/logger';

/** A talk key that reports both press and release. */
export type KeySource = 'hook' | 'portal' | 'button';

/** A talk key that reports presses only (Electron `globalShortcut`): it toggles. */
export type PressSource = 'shortcut';

/** Where a command (start, stop, toggle) came from. */
export type CommandSource = 'tray' | 'cli' | 'button';

/** Every input of the talk machine, for logs and for the turn's owner. */
export type TalkSource = KeySource | PressSource | CommandSource | 'vad';

/** Why something outside the keyboard stopped talking. */
export type HaltReason = 'screen-locked' | 'suspended' | 'renderer-gone';

/** Why a turn ended with something to send. */
export type TurnEndReason =
  'released' | 'toggled' | 'stopped' | 'stuck-key' | 'mode-changed' | 'disposed' | HaltReason;

/** Why a turn ended with nothing to send (the audio side discards what it captured). */
export type TurnCancelReason = 'too-short' | 'muted';

/** One key-mode talk turn. */
export interface TalkTurn {
  /** Increases by one per turn, from 1. */
  readonly id: number;
  readonly source: TalkSource;
  /** Clock time of the press that started it. */
  readonly startedAt: number;
  /** True once the turn goes on without the key held (toggle, Auto tap, press-only source). */
  readonly latched: boolean;
}

/** Everything a tray icon or status line shows about the talk input. */
export interface TalkSnapshot {
  readonly state: TalkState;
  readonly mode: TalkMode;
  readonly muted: boolean;
  /** The key-mode turn in progress, if any. */
  readonly turn: TalkTurn | null;
}

/** Events of {@link TalkInput}. */
export type TalkInputEvents = {
  /** State, mode, mute or the turn's latch changed. */
  change: TalkSnapshot;
  /** A key-mode turn begins: barge in, clear the input buffer, send the microphone. */
  'turn-start': { turn: TalkTurn };
  /** The turn ended with speech to send: commit it and ask for a response. */
  'turn-end': { turn: TalkTurn; reason: TurnEndReason; durationMs: number };
  /** The turn ended with nothing to send: clear what was captured, commit nothing. */
  'turn-cancel': { turn: TalkTurn; reason: TurnCancelReason; durationMs: number };
  /** Hands-free: the talk key cuts the assistant off (the server's voice detection owns turns). */
  interrupt: { source: TalkSource };
  /** An input that would have started talking was refused while muted. */
  refused: { source: TalkSource; reason: 'muted' };
};

/** Timing and effects of {@link TalkInput}; the defaults are what users expect of a talk key. */
export interface TalkInputOptions {
  clock: Clock;
  mode: TalkMode;
  log?: Logger;
  /** A release followed by a press within this window is contact bounce, not two presses [30]. */
  debounceMs?: number;
  /** A turn shorter than this sends nothing: a brush of the key [150]. */
  minTurnMs?: number;
  /** Auto mode: a hold up to this long is a tap that toggles; longer is push-to-talk [250]. */
  tapMaxMs?: number;
  /** A key held this long without a release is taken to be stuck and released [60,000]. */
  stuckKeyMs?: number;
}

/** The defaults of {@link TalkInputOptions}. */
export const TALK_INPUT_DEFAULTS = {
  debounceMs: 30,
  minTurnMs: 150,
  tapMaxMs: 250,
  stuckKeyMs: 60_000,
} as const;

/** The timings of `options`, each a finite non-negative number, else its default. */
export function talkTiming(options: TalkInputOptions): {
  -readonly [K in keyof typeof TALK_INPUT_DEFAULTS]: number;
} {
  const given = Object.entries({
    debounceMs: options.debounceMs,
    minTurnMs: options.minTurnMs,
    tapMaxMs: options.tapMaxMs,
    stuckKeyMs: options.stuckKeyMs,
  }).filter(([, value]) => value !== undefined && Number.isFinite(value) && value >= 0);
  return { ...TALK_INPUT_DEFAULTS, ...Object.fromEntries(given) };
}
