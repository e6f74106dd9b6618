import type { Protocol } from '../../preload/schemas/settings';
import type { Clock } from '../base/clock';
import type { DeliveryGate } from './delivery-gate';
import type { EchoGuard } from './echo-guard';
import {
  functionCallOutput,
  resultMessage,
  type HandoffClientEvent,
} from './handoff-client-events';
import { V1Appends } from './v1-appends';

/** The effects the outputs need: a client event out, and `response.create` via the arbiter. */
export interface OutputEffects {
  /** Queue one client event on the live socket. */
  sendEvent(event: HandoffClientEvent): void;
  /** Ask the response arbiter for one `response.create`. */
  requestResponse(): void;
}

/** How a result or message reached the voice model. */
export type DeliveryKind = 'append' | 'call_output' | 'message';

/** A delivery, for diagnostics and tests. */
export interface Delivery {
  handoffId: string | null;
  kind: DeliveryKind;
  text: string;
  /** The task's final answer (V1: the append carried the final-answer marker). */
  final: boolean;
}

interface HandoffRecord {
  protocol: Protocol;
  /** The socket generation the handoff arrived on; its call id is void on any other. */
  generation: number;
  /** The call already got its output (an acknowledgement, or the result). */
  answered: boolean;
}

/** Text sent when a V2 task ends with nothing to say: a call must always get an output. */
export const EMPTY_RESULT_TEXT = 'The background task finished without output.';
const MAX_RECORDS = 128;

/**
 * Sends what the delegate produced back to the voice model, through the
 * {@link DeliveryGate} so nothing goes out while the user speaks or no socket is up. The form
 * is chosen at delivery time, because a reconnect may happen while a result is held:
 * - V1: `conversation.handoff.append` to the active handoff (the latest on this socket), else
 *   to `"codex"`, the final answer marked ({@link V1Appends});
 * - V2: `function_call_output` for the handoff's call then `response.create`, when the call
 *   belongs to this socket and is unanswered; otherwise (old socket, acknowledged call, unknown
 *   handoff) a new system message item `[background task result] …` then `response.create`.
 * Every delivered text is remembered by the {@link EchoGuard}.
 */
export class HandoffOutputs {
  private readonly records = new Map<string, HandoffRecord>();
  private generation = 0;
  private readonly v1: V1Appends;

  constructor(
    clock: Clock,
    private currentProtocol: Protocol,
    private readonly effects: OutputEffects,
    private readonly gate: DeliveryGate,
    private readonly echo: EchoGuard,
    private readonly onDelivered: (delivery: Delivery) => void = () => {},
    /** A result the gate still held when it was disposed (the conversation ended). */
    private readonly onUndelivered: (handoffId: string | null, text: string) => void = () => {},
  ) {
    this.v1 = new V1Appends(clock, {
      send: (event) => this.effects.sendEvent(event),
      canSend: () => this.gate.isOpen,
      appended: (handoffId, text, final) => {
        this.echo.remember(text);
        this.onDelivered({ handoffId, kind: 'append', text, final });
      },
    });
  }

  /** The protocol of the current socket. */
  get protocol(): Protocol {
    return this.currentProtocol;
  }

  /** True when the handoff id was seen on any socket. */
  has(handoffId: string): boolean {
    return this.records.has(handoffId);
  }

  /** A handoff arrived on the current socket; a V1 one becomes the active handoff. */
  register(handoffId: string, protocol: Protocol): void {
    this.records.set(handoffId, { protocol, generation: this.generation, answered: false });
    if (this.records.size > MAX_RECORDS) {
      const oldest = this.records.keys().next().value;
      if (oldest !== undefined) this.records.delete(oldest);
    }
    if (protocol === 'v1') this.v1.setActive(handoffId);
  }

  /**
   * Answers a V2 call at once, not gated (the voice model waits for it): an acknowledgement,
   * `remain_silent`, `task_status`, `cancel_task`. `respond` adds a `response.create`.
   * Dropped with no socket up: the call dies with its socket.
   */
  answerCall(callId: string, output: string, respond: boolean): void {
    const record = this.records.get(callId);
    if (record) record.answered = true;
    if (!this.gate.isConnected) return;
    this.effects.sendEvent(functionCallOutput(callId, output));
    if (respond) this.effects.requestResponse();
  }

  /** One completed delegate message: V1 appends it (gated); V2 waits for the result. */
  deliverMessage(handoffId: string | null, text: string): void {
    if (text.trim() === '') return;
    this.gate.submit(() => {
      if (this.currentProtocol === 'v1') this.v1.message(handoffId, text);
    });
  }

  /** The task's final result (gated). */
  deliverResult(handoffId: string | null, output: string): void {
    this.gate.submit(
      () => {
        if (this.currentProtocol === 'v1') {
          this.v1.result(handoffId, output);
          return;
        }
        this.deliverV2Result(handoffId, output.trim() === '' ? EMPTY_RESULT_TEXT : output);
      },
      () => this.onUndelivered(handoffId, output),
    );
  }

  /** A new socket: every call id and handoff id of the old one is void. */
  socketReplaced(protocol: Protocol = this.currentProtocol): void {
    this.generation++;
    this.currentProtocol = protocol;
    this.v1.socketReplaced();
    if (protocol !== 'v1') this.v1.discardHeld(); // a held V1 message has no place on another protocol
  }

  /** Drops a held V1 message (the conversation ended). */
  dispose(): void {
    this.v1.discardHeld();
  }

  private deliverV2Result(handoffId: string | null, output: string): void {
    const record = handoffId === null ? undefined : this.records.get(handoffId);
    const callLive =
      record !== undefined &&
      handoffId !== null &&
      record.protocol === 'v2' &&
      record.generation === this.generation &&
      !record.answered;
    if (callLive) {
      record.answered = true;
      this.effects.sendEvent(functionCallOutput(handoffId, output));
    } else {
      this.effects.sendEvent(resultMessage(output));
    }
    this.effects.requestResponse();
    this.echo.remember(output);
    const kind = callLive ? 'call_output' : 'message';
    this.onDelivered({ handoffId, kind, text: output, final: true });
  }
}
