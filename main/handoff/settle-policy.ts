import type { Protocol } from '../../preload/schemas/settings';
import type { RealtimeEvent } from '../realtime/realtime-events';

/**
 * Why a held handoff was routed:
 * - `nothing_pending` (V2): no committed user item was waiting for its transcription;
 * - `transcribed` / `transcription_failed` (V2): the last item it waited for completed / failed;
 * - `given_up` (V2): the last item it waited for was not transcribed 3 s after its commit;
 * - `finalised` (V1): the user's entry was finalised and 250 ms passed after its last delta;
 * - `quiet_gap` (V1): no finalising event, but the quiet gap learned from this session passed;
 * - `cap`: the window's longest wait (V1 1 s, V2 3 s);
 * - `next_handoff`, `closed`, `socket_replaced`: the window ended early.
 */
export type SettleReason =
  | 'nothing_pending'
  | 'transcribed'
  | 'transcription_failed'
  | 'given_up'
  | 'finalised'
  | 'quiet_gap'
  | 'cap'
  | 'next_handoff'
  | 'closed'
  | 'socket_replaced';

/** What the evidence says about a window right now. */
export type SettleDecision =
  { route: true; reason: SettleReason } | { route: false; wakeAt: number };

/** How a window ended, as the `routed` event and the log report it. */
export interface SettleOutcome {
  reason: SettleReason;
  /** Whole milliseconds from the handoff to the routing decision. */
  waitedMs: number;
  /** V2: the user items the window waited for (at most 8 ids); empty when it waited for none. */
  waitedFor: string[];
  /** V1: the quiet gap the rule used (250 after a finalising event, else the learned gap). */
  quietGapMs: number | null;
}

/** The rule of one open window. */
export interface SettleRule {
  /** Route now (and why), or wait until `wakeAt` unless an event changes the evidence first. */
  decide(now: number): SettleDecision;
  /** What the window waited on, for the outcome. */
  detail(): Pick<SettleOutcome, 'waitedFor' | 'quietGapMs'>;
}

/**
 * The evidence of one socket's protocol: it sees every server event (window or not, so it
 * learns from earlier turns) and opens the rule of each handoff's window. Pure: time comes in.
 */
export interface SettlePolicy {
  /** One server event at `now`, in arrival order (after the transcript has applied it). */
  observe(event: RealtimeEvent, now: number): void;
  /** A handoff arrived at `now`: the rule for its window. */
  openWindow(now: number): SettleRule;
  /** A window routed at `now`: everything the transcript holds went to the delegate. */
  routed(now: number): void;
}

/** Builds the evidence of a socket speaking `protocol`. */
export type SettlePolicyFactory = (protocol: Protocol) => SettlePolicy;

/** The events that can change what a window's evidence says (audio never does). */
export function isSettleEvidence(event: RealtimeEvent): boolean {
  switch (event.type) {
    case 'input_transcript_delta':
    case 'input_transcript_done':
    case 'input_transcript_failed':
    case 'input_audio_committed':
    case 'output_transcript_delta':
    case 'output_transcript_done':
    case 'speech_started':
    case 'speech_stopped':
      return true;
    default:
      return false;
  }
}
