import type { Protocol } from '../../preload/schemas/settings';
import type { TaskStatus } from '../../preload/schemas/tasks';
import type { RealtimeEvent } from '../realtime/realtime-events';
import type { DelegationRequest } from './handoff-effects';
import type { EchoSource } from './handoff-transcript';

/** How a task ended, for the voice model. */
export interface TaskOutcomeReport {
  status: TaskStatus;
  /** The sentence to say: the result, or what went wrong. */
  text: string;
  /** Why it failed, when it did. */
  reason: string | null;
}

/** How a handoff was routed, as both drivers report it (the outcome's fields vary by rule). */
export interface RoutedHandoffReport {
  handoffId: string;
  /** `empty`: nothing to delegate (no words, or only an echo of an output). */
  mode: 'delegate' | 'steer' | 'empty';
  /** Why and after how long; each rule adds its own detail (logged whole). */
  outcome: { reason: string; waitedMs: number };
  request: DelegationRequest | null;
}

/** Events both handoff drivers emit. */
export type HandoffDriverEvents = {
  routed: RoutedHandoffReport;
  /** A task result was still held when the driver was disposed: it was never told. */
  undelivered: { handoffId: string | null; text: string };
  /** A delegate output came back as user text and was not delegated again. */
  echo: { text: string; source: EchoSource };
};

/**
 * What the app drives for one conversation: server events in, task output out. The
 * {@link HandoffMachine} does it for V1/V2, {@link LiveHandoff} for the Live protocol.
 */
export interface HandoffDriver {
  on<K extends keyof HandoffDriverEvents>(
    event: K,
    listener: (payload: HandoffDriverEvents[K]) => void,
  ): () => void;
  /** One server event; never blocks and never holds the event. */
  handle(event: RealtimeEvent): void;
  /** One completed agent message of a task. */
  deliverMessage(handoffId: string | null, text: string): void;
  /** Other progress of a task (a command it ran), for drivers that pass it on. */
  deliverActivity(handoffId: string | null, line: string): void;
  /** A task ended: what to say, how it ended, and the reason when it failed. */
  deliverOutcome(handoffId: string | null, outcome: TaskOutcomeReport): void;
  /** The talk key went down (the user's next words are a new turn) or up. */
  setUserSpeaking(speaking: boolean): void;
  /** The socket is gone (closed or reconnecting). */
  onClosed(): void;
  /** A new socket is live: ids of the old one are void. */
  onSocketReplaced(protocol?: Protocol): void;
  dispose(): void;
  listenerCount(): number;
}
