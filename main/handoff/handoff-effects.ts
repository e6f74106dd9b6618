import type { Protocol } from '../../preload/schemas/settings';
import type { TranscriptLine } from '../realtime/transcript-tracker';
import type { OutputEffects } from './handoff-outputs';
import type { TaskToolEffects } from './tool-call-replies';

/** What the delegate receives for one routed handoff. */
export interface DelegationRequest {
  /** V1 `handoff_id`; V2 the `background_agent` call id. Pass it back with the result. */
  handoffId: string;
  /** V2 call id (same as `handoffId`); null for V1. */
  callId: string | null;
  protocol: Protocol;
  /** The `<realtime_delegation>` envelope. */
  text: string;
  /** The unescaped `<input>`: the handoff's input transcript, else the transcript lines. */
  input: string;
  /** The transcript lines the text carries (never any delivered before; the newest if cut). */
  lines: TranscriptLine[];
  /** The user's own words (input transcript, else the user lines): for a short task name. */
  userWords: string;
  /** What the size bound left out of `text`: older lines, and bytes of the input's head. */
  cut: { lines: number; inputBytes: number };
}

/**
 * Everything the machine does to the world. Effects are called synchronously from
 * {@link HandoffMachine} methods or clock timers and should not throw.
 */
export interface HandoffEffects extends OutputEffects, TaskToolEffects {
  /** Start a task for a routed handoff. */
  delegate(request: DelegationRequest): void;
  /** A handoff that arrived while a task ran: steer the running task, or queue onto it. */
  steer(request: DelegationRequest): void;
  /** Tasks the machine did not start (e.g. from the UI) also count as running. */
  hasRunningTask?(): boolean;
}
