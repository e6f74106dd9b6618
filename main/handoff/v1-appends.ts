import type { Clock, TimerHandle } from '../base/clock';
import {
  FALLBACK_HANDOFF_ID,
  handoffAppend,
  type HandoffAppendEvent,
} from './handoff-client-events';

/** What marks the delegate's final answer, so the voice model can tell progress from the end. */
export const FINAL_ANSWER_PREFIX = '"Agent Final Message":\n\n';
/** The final answer when a task ended with nothing to say. */
export const EMPTY_FINAL_TEXT = 'The background task finished without output.';

/** The effects of {@link V1Appends}. */
export interface V1AppendEffects {
  send(event: HandoffAppendEvent): void;
  /** The delivery gate is open (the user is not speaking, a socket is up). */
  canSend(): boolean;
  /** One append went out (`final`: it carried the marker). */
  appended(handoffId: string | null, text: string, final: boolean): void;
}

interface Held {
  handoffId: string | null;
  text: string;
  timer: TimerHandle;
}

/**
 * V1 output: each completed delegate message goes out as `conversation.handoff.append` to the
 * active handoff (else `"codex"`), and the task's final answer is marked with
 * {@link FINAL_ANSWER_PREFIX}. The delegate's last message usually *is* its result and comes a
 * moment before the task ends, so each message is held up to `holdMs`: when the result follows
 * within that time and equals it, it goes out once, marked; a later message or the timer sends
 * it unmarked. Call {@link message} and {@link result} only while the delivery gate is open.
 */
export class V1Appends {
  private active: string | null = null;
  private held: Held | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly effects: V1AppendEffects,
    private readonly holdMs = 500,
  ) {}

  /** A handoff arrived on this socket: appends go to it from now on. */
  setActive(handoffId: string): void {
    this.active = handoffId;
  }

  /** A new socket: the old handoff ids are void. */
  socketReplaced(): void {
    this.active = null;
  }

  /** One completed delegate message (progress, or the final answer about to come). */
  message(handoffId: string | null, text: string): void {
    this.flushHeld();
    const timer = this.clock.setTimeout(() => this.onHoldElapsed(), this.holdMs);
    this.held = { handoffId, text, timer };
  }

  /** The task's final answer: marked, and said once even when its last message said it. */
  result(handoffId: string | null, text: string): void {
    const held = this.held;
    const output = text.trim() === '' ? EMPTY_FINAL_TEXT : text;
    if (held && held.text.trim() === output.trim()) this.dropHeld();
    else this.flushHeld();
    this.send(handoffId, output, true);
  }

  /** Drops a held message and its timer (the conversation ended, or left V1). Idempotent. */
  discardHeld(): void {
    this.dropHeld();
  }

  private onHoldElapsed(): void {
    const held = this.held;
    if (!held) return;
    if (!this.effects.canSend()) {
      // The user started speaking meanwhile: keep it until the gate opens again.
      held.timer = this.clock.setTimeout(() => this.onHoldElapsed(), this.holdMs);
      return;
    }
    this.flushHeld();
  }

  private flushHeld(): void {
    const held = this.held;
    if (!held) return;
    this.dropHeld();
    this.send(held.handoffId, held.text, false);
  }

  private dropHeld(): void {
    if (this.held) this.clock.clearTimeout(this.held.timer);
    this.held = null;
  }

  private send(handoffId: string | null, text: string, final: boolean): void {
    const output = final ? `${FINAL_ANSWER_PREFIX}${text}` : text;
    this.effects.send(handoffAppend(this.active ?? FALLBACK_HANDOFF_ID, output));
    this.effects.appended(handoffId, text, final);
  }
}
