import type { Clock } from '../base/clock';
import { TypedEmitter } from '../base/typed-emitter';
import type { ProtocolVersion, RealtimeEvent } from '../realtime/realtime-events';
import { buildDelegationRequest } from './delegation-request';
import { DeliveryGate, type DeliveryGateOptions } from './delivery-gate';
import { EchoGuard, type EchoGuardOptions } from './echo-guard';
import type { DelegationRequest, HandoffEffects } from './handoff-effects';
import { HandoffOutputs, type Delivery } from './handoff-outputs';
import { HandoffTranscript, type EchoSource, type TranscriptEvent } from './handoff-transcript';
import {
  SettleWindow,
  type SettleOutcome,
  type SettleWindowOptions,
  type UserEvidence,
} from './settle-window';
import { replyToToolCall } from './tool-call-replies';

/** Options of {@link HandoffMachine}. */
export interface HandoffMachineOptions {
  clock: Clock;
  /** Protocol of the first socket; {@link HandoffMachine.onSocketReplaced} may change it. */
  protocol: ProtocolVersion;
  effects: HandoffEffects;
  settle?: SettleWindowOptions;
  echo?: EchoGuardOptions;
  gate?: DeliveryGateOptions;
  /** Output of the V2 acknowledgement of a steering call. */
  ackText?: string;
}

/** How a held handoff was routed. */
export interface RoutedHandoff {
  handoffId: string;
  /** `empty`: nothing to delegate (no words, or only an echo of an output). */
  mode: 'delegate' | 'steer' | 'empty';
  outcome: SettleOutcome;
  request: DelegationRequest | null;
}

/** Diagnostics events of {@link HandoffMachine}. */
export type HandoffMachineEvents = {
  routed: RoutedHandoff;
  delivered: Delivery;
  /** A task result was still held when the machine was disposed: it was never told. */
  undelivered: { handoffId: string | null; text: string };
  /** A delegate output came back as user text and was not delegated again. */
  echo: { text: string; source: EchoSource };
};

/** Default output acknowledging a `background_agent` call that steers the running task. */
export const DEFAULT_ACK_TEXT = 'Passed on to the background task that is already running.';
/** Output of a V2 call when there was nothing to delegate. */
export const NOTHING_TO_DELEGATE_TEXT = 'Nothing to hand off: no new request was heard.';

interface PendingHandoff {
  handoffId: string;
  inputTranscript: string;
  protocol: ProtocolVersion;
  mode: 'delegate' | 'steer';
  window: SettleWindow | null;
  /** V2 `speech_started` during the window and no `done` since: the user is still talking. */
  speechResumed: boolean;
}

/**
 * Turns handoffs into delegations and task output into what the voice model hears
 *. Feed it every parsed server event with {@link handle} (it returns at
 * once and holds nothing: audio is not its business), {@link onClosed} when the socket goes
 * (closed or reconnecting), {@link onSocketReplaced} when a new one is live, and the delegate's
 * output with {@link deliverMessage} / {@link deliverResult}. Pure: time comes from the clock,
 * effects from the constructor.
 */
export class HandoffMachine {
  private readonly emitter = new TypedEmitter<HandoffMachineEvents>();
  private readonly transcript: HandoffTranscript;
  private readonly gate: DeliveryGate;
  private readonly outputs: HandoffOutputs;
  private readonly effects: HandoffEffects;
  private pending: PendingHandoff | null = null;
  private readonly running = new Set<string>();
  private disposed = false;

  constructor(private readonly options: HandoffMachineOptions) {
    this.effects = options.effects;
    const echo = new EchoGuard(options.clock, options.echo);
    this.transcript = new HandoffTranscript(echo, (text, source) =>
      this.emitter.emit('echo', { text, source }),
    );
    this.gate = new DeliveryGate(options.clock, options.gate);
    this.outputs = new HandoffOutputs(
      options.protocol,
      this.effects,
      this.gate,
      echo,
      (d) => this.emitter.emit('delivered', d),
      (handoffId, text) => this.emitter.emit('undelivered', { handoffId, text }),
    );
  }

  /** Subscribe to diagnostics; returns the unsubscribe function. */
  on<K extends keyof HandoffMachineEvents>(
    event: K,
    listener: (payload: HandoffMachineEvents[K]) => void,
  ): () => void {
    return this.emitter.on(event, listener);
  }

  /** True while a handoff is held in its settle window. */
  get isHolding(): boolean {
    return this.pending !== null;
  }

  /** Feeds one server event. Never blocks and never holds the event. */
  handle(event: RealtimeEvent): void {
    if (this.disposed) return;
    this.gate.observe(event);
    switch (event.type) {
      case 'input_transcript_delta':
      case 'input_transcript_done':
      case 'output_transcript_delta':
      case 'output_transcript_done':
        this.onTranscript(event);
        return;
      case 'speech_started':
        this.transcript.apply(event);
        if (this.pending?.window) {
          // The user is talking again: an earlier `done` no longer means they have finished.
          this.pending.speechResumed = true;
          this.pending.window.noteTranscript(true, this.evidence());
        }
        return;
      case 'response_created':
        this.transcript.apply(event);
        return;
      case 'handoff_requested':
        this.onHandoff(event.handoffId, event.inputTranscript);
        return;
      case 'noop_requested':
        this.outputs.answerCall(event.callId, '', false);
        return;
      case 'tool_call': {
        const reply = replyToToolCall(event.name, event.arguments, this.effects);
        this.outputs.answerCall(event.callId, reply.output, reply.respond);
        return;
      }
      case 'item_added':
      case 'item_done':
        this.transcript.noteItem(event.item);
        return;
      default:
        return;
    }
  }

  /** One completed agent message of a task: V1 sends it at once (when the user is not speaking). */
  deliverMessage(handoffId: string | null, text: string): void {
    if (!this.disposed) this.outputs.deliverMessage(handoffId, text);
  }

  /** A task ended with `output` (its result, or what went wrong); the handoff is no longer running. */
  deliverResult(handoffId: string | null, output: string): void {
    if (this.disposed) return;
    if (handoffId !== null) this.running.delete(handoffId);
    this.outputs.deliverResult(handoffId, output);
  }

  /** The hold-to-talk key went down (true) or up (false). */
  setUserSpeaking(speaking: boolean): void {
    if (!this.disposed) this.gate.setUserSpeaking(speaking);
  }

  /**
   * The socket is gone (session closed, or reconnecting): a held handoff is routed now, results
   * wait for {@link onSocketReplaced}.
   */
  onClosed(): void {
    if (this.disposed) return;
    this.gate.setConnected(false); // first: the routed handoff's call died with the socket
    this.pending?.window?.end('closed');
  }

  /** A new socket is live: old call ids are void; held results go out on it. */
  onSocketReplaced(protocol?: ProtocolVersion): void {
    if (this.disposed) return;
    this.gate.setConnected(false); // the held handoff belongs to the old socket
    this.pending?.window?.end('socket_replaced');
    this.outputs.socketReplaced(protocol);
    this.transcript.newSocket();
    this.gate.setConnected(true);
  }

  /** Drops the held handoff (unrouted), held results and listeners. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.pending?.window?.dispose();
    this.pending = null;
    this.gate.dispose();
    this.emitter.dispose();
  }

  /** Listeners still subscribed (tests check 0 after dispose). */
  listenerCount(): number {
    return this.emitter.listenerCount();
  }

  private onTranscript(event: TranscriptEvent): void {
    if (this.transcript.isEchoed(event)) return;
    const changed = this.transcript.apply(event);
    if (event.type === 'input_transcript_done' && this.pending) this.pending.speechResumed = false;
    const delta = changed && event.type.endsWith('_delta');
    this.pending?.window?.noteTranscript(delta, this.evidence());
  }

  private onHandoff(handoffId: string, inputTranscript: string): void {
    if (this.outputs.has(handoffId)) return; // the same call reported twice
    this.pending?.window?.end('next_handoff');
    const protocol = this.outputs.protocol;
    this.outputs.register(handoffId, protocol);
    const mode = this.isTaskRunning() ? 'steer' : 'delegate';
    if (mode === 'steer' && protocol === 'v2') {
      this.outputs.answerCall(handoffId, this.options.ackText ?? DEFAULT_ACK_TEXT, true);
    }
    const pending: PendingHandoff = {
      handoffId,
      inputTranscript,
      protocol,
      mode,
      window: null,
      speechResumed: false,
    };
    this.pending = pending;
    pending.window = new SettleWindow(
      this.options.clock,
      (outcome) => this.route(pending, outcome),
      this.evidence(),
      this.options.settle,
    );
  }

  private route(pending: PendingHandoff, outcome: SettleOutcome): void {
    if (this.pending === pending) this.pending = null;
    const { input, lines } = this.transcript.take(pending.inputTranscript);
    const request = buildDelegationRequest(pending, input, lines);
    const { handoffId, protocol, mode } = pending;
    if (request === null) {
      if (protocol === 'v2' && mode === 'delegate') {
        this.outputs.answerCall(handoffId, NOTHING_TO_DELEGATE_TEXT, false);
      }
      this.emitter.emit('routed', { handoffId, mode: 'empty', outcome, request: null });
      return;
    }
    if (mode === 'steer') {
      this.effects.steer(request);
    } else {
      this.running.add(handoffId);
      this.effects.delegate(request);
    }
    this.emitter.emit('routed', { handoffId, mode, outcome, request });
  }

  /** What the transcript says about the latest undelivered user words. */
  private evidence(): UserEvidence {
    return this.pending?.speechResumed ? 'partial' : this.transcript.userEvidence();
  }

  private isTaskRunning(): boolean {
    return this.running.size > 0 || (this.effects.hasRunningTask?.() ?? false);
  }
}
