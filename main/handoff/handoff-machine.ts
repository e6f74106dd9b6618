import type { Protocol } from '../../preload/schemas/settings';
import type { Clock } from '../base/clock';
import { TypedEmitter } from '../base/typed-emitter';
import type { RealtimeEvent } from '../realtime/realtime-events';
import { buildDelegationRequest } from './delegation-request';
import { DeliveryGate, type DeliveryGateOptions } from './delivery-gate';
import { EchoGuard, type EchoGuardOptions } from './echo-guard';
import type { DelegationRequest, HandoffEffects } from './handoff-effects';
import { HandoffOutputs, type Delivery } from './handoff-outputs';
import { HandoffTranscript, type EchoSource, type TranscriptEvent } from './handoff-transcript';
import { createSettlePolicy } from './settle-evidence';
import {
  isSettleEvidence,
  type SettleOutcome,
  type SettlePolicy,
  type SettlePolicyFactory,
} from './settle-policy';
import { SettleWindow } from './settle-window';
import { replyToToolCall } from './tool-call-replies';
import type { HandoffDriver, TaskOutcomeReport } from './handoff-driver';

/** Options of {@link HandoffMachine}. */
export interface HandoffMachineOptions {
  clock: Clock;
  /** Protocol of the first socket; {@link HandoffMachine.onSocketReplaced} may change it. */
  protocol: Protocol;
  effects: HandoffEffects;
  /** The settle rule per socket protocol; Parley's evidence rules by default. */
  settle?: SettlePolicyFactory;
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
  protocol: Protocol;
  mode: 'delegate' | 'steer';
  window: SettleWindow | null;
}

/**
 * Turns handoffs into delegations and task output into what the voice model hears; each
 * handoff is held until its protocol's evidence ({@link SettlePolicy}) says the user's words are
 * in. Feed it every parsed server event with {@link handle} (it returns at once and holds
 * nothing: audio is not its business), {@link onClosed} when the socket goes
 * (closed or reconnecting), {@link onSocketReplaced} when a new one is live, and the delegate's
 * output with {@link deliverMessage} / {@link deliverResult}. Pure: time comes from the clock,
 * effects from the constructor.
 */
export class HandoffMachine implements HandoffDriver {
  private readonly emitter = new TypedEmitter<HandoffMachineEvents>();
  private readonly transcript: HandoffTranscript;
  private readonly gate: DeliveryGate;
  private readonly outputs: HandoffOutputs;
  private readonly effects: HandoffEffects;
  private readonly policyFor: SettlePolicyFactory;
  private policy: SettlePolicy;
  private pending: PendingHandoff | null = null;
  private readonly running = new Set<string>();
  private disposed = false;

  constructor(private readonly options: HandoffMachineOptions) {
    this.effects = options.effects;
    this.policyFor = options.settle ?? ((protocol) => createSettlePolicy(protocol));
    this.policy = this.policyFor(options.protocol);
    const echo = new EchoGuard(options.clock, options.echo);
    this.transcript = new HandoffTranscript(echo, (text, source) =>
      this.emitter.emit('echo', { text, source }),
    );
    this.gate = new DeliveryGate(options.clock, options.gate);
    this.outputs = new HandoffOutputs(
      options.clock,
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
    if (isSettleEvidence(event)) {
      this.onEvidence(event);
      return;
    }
    switch (event.type) {
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

  /** Other task progress: the V1/V2 voice models hear only agent messages and results. */
  deliverActivity(): void {}

  /** A task ended: its sentence is delivered as the result. */
  deliverOutcome(handoffId: string | null, outcome: TaskOutcomeReport): void {
    this.deliverResult(handoffId, outcome.text);
  }

  /** A task ended with `output` (its result, or what went wrong); the handoff is no longer running. */
  deliverResult(handoffId: string | null, output: string): void {
    if (this.disposed) return;
    if (handoffId !== null) this.running.delete(handoffId);
    this.outputs.deliverResult(handoffId, output);
  }

  /** The hold-to-talk key went down (true: the user's next words are a new turn) or up. */
  setUserSpeaking(speaking: boolean): void {
    if (this.disposed) return;
    if (speaking) this.transcript.userTurnStarted();
    this.gate.setUserSpeaking(speaking);
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
  onSocketReplaced(protocol?: Protocol): void {
    if (this.disposed) return;
    this.gate.setConnected(false); // the held handoff belongs to the old socket
    this.pending?.window?.end('socket_replaced');
    this.outputs.socketReplaced(protocol);
    this.policy = this.policyFor(this.outputs.protocol); // item ids and timings of the old socket are void
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
    this.outputs.dispose();
    this.emitter.dispose();
  }

  /** Listeners still subscribed (tests check 0 after dispose). */
  listenerCount(): number {
    return this.emitter.listenerCount();
  }

  /** Transcript text and turn events: the transcript first, then the evidence, then the window. */
  private onEvidence(event: RealtimeEvent): void {
    // An echo's words stay out of the transcript, but its transcription still ended.
    const echoed = isTranscriptEvent(event) && this.transcript.isEchoed(event);
    if (!echoed) this.transcript.apply(event);
    this.policy.observe(event, this.options.clock.now());
    this.pending?.window?.reevaluate();
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
    const pending: PendingHandoff = { handoffId, inputTranscript, protocol, mode, window: null };
    this.pending = pending;
    const rule = this.policy.openWindow(this.options.clock.now());
    pending.window = new SettleWindow(this.options.clock, rule, (outcome) =>
      this.route(pending, outcome),
    );
    pending.window.start();
  }

  private route(pending: PendingHandoff, outcome: SettleOutcome): void {
    if (this.pending === pending) this.pending = null;
    const { input, lines } = this.transcript.take(pending.inputTranscript);
    this.policy.routed(this.options.clock.now());
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

  private isTaskRunning(): boolean {
    return this.running.size > 0 || (this.effects.hasRunningTask?.() ?? false);
  }
}

function isTranscriptEvent(event: RealtimeEvent): event is TranscriptEvent {
  return /^(input|output)_transcript_(delta|done)$/.test(event.type);
}
