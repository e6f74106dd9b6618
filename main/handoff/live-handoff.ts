import type { Clock } from '../base/clock';
import { TypedEmitter } from '../base/typed-emitter';
import type { RealtimeEvent } from '../realtime/realtime-events';
import { buildDelegationRequest } from './delegation-request';
import { DeliveryGate, type DeliveryGateOptions } from './delivery-gate';
import type { HandoffDriver, HandoffDriverEvents, TaskOutcomeReport } from './handoff-driver';
import type { HandoffEffects } from './handoff-effects';
import { LiveOutputs, type LiveAppendEvent } from './live-outputs';
import {
  liveFragmentOf,
  TimelineSettle,
  type RoutedDelegation,
  type TimelineSettleOptions,
} from './timeline-settle';

/** Options of {@link LiveHandoff}. */
export interface LiveHandoffOptions {
  clock: Clock;
  effects: Pick<HandoffEffects, 'delegate' | 'steer' | 'hasRunningTask'> & {
    /** Queue one Live client event on the session. */
    sendEvent(event: LiveAppendEvent): void;
  };
  gate?: DeliveryGateOptions;
  settle?: Omit<TimelineSettleOptions, 'clock' | 'onRoute'>;
}

/**
 * The Live protocol's handoff: `session.delegation.created` is held until the transcript has
 * passed its offset on the session timeline, then delegated (or steers the running task) with
 * the words since the previous delegation; results, failures and progress go back as
 * commentary and thinking appends on the same delegation, held while the user talks.
 */
export class LiveHandoff implements HandoffDriver {
  private readonly emitter = new TypedEmitter<HandoffDriverEvents>();
  private readonly gate: DeliveryGate;
  private readonly outputs: LiveOutputs;
  private readonly settle: TimelineSettle;
  private disposed = false;

  constructor(private readonly options: LiveHandoffOptions) {
    const { clock, effects } = options;
    this.gate = new DeliveryGate(clock, options.gate);
    this.outputs = new LiveOutputs({ clock, gate: this.gate, sendEvent: effects.sendEvent });
    this.outputs.on('undelivered', ({ delegationId, text }) =>
      this.emitter.emit('undelivered', { handoffId: delegationId, text }),
    );
    this.settle = new TimelineSettle({
      ...options.settle,
      clock,
      onRoute: (routed) => this.route(routed),
    });
  }

  on<K extends keyof HandoffDriverEvents>(
    event: K,
    listener: (payload: HandoffDriverEvents[K]) => void,
  ): () => void {
    return this.emitter.on(event, listener);
  }

  handle(event: RealtimeEvent): void {
    if (this.disposed) return;
    this.gate.observe(event);
    this.outputs.observe(event);
    const fragment = liveFragmentOf(event);
    if (fragment) this.settle.noteFragment(fragment);
    if (event.type === 'delegation_created' && event.target === 'client') {
      this.outputs.register(event.delegationId);
      this.settle.noteDelegation(event.delegationId, event.offsetMs);
    }
  }

  deliverMessage(handoffId: string | null, text: string): void {
    if (!this.disposed) this.outputs.deliverProgress(handoffId, text);
  }

  deliverActivity(handoffId: string | null, line: string): void {
    if (!this.disposed) this.outputs.deliverProgress(handoffId, line);
  }

  /** A failure and a cancellation are said too: the model otherwise waits on the delegation. */
  deliverOutcome(handoffId: string | null, outcome: TaskOutcomeReport): void {
    if (this.disposed) return;
    if (outcome.status === 'failed') {
      this.outputs.deliverFailure(handoffId, outcome.reason ?? outcome.text);
    } else if (outcome.status === 'cancelled') this.outputs.deliverCancelled(handoffId);
    else this.outputs.deliverResult(handoffId, outcome.text);
  }

  setUserSpeaking(speaking: boolean): void {
    if (!this.disposed) this.gate.setUserSpeaking(speaking);
  }

  onClosed(): void {
    if (this.disposed) return;
    this.gate.setConnected(false);
    this.settle.socketLost();
  }

  onSocketReplaced(): void {
    if (this.disposed) return;
    this.settle.socketLost();
    this.outputs.socketReplaced();
    this.gate.setConnected(true);
  }

  /** Held results are reported `undelivered` (the gate first), then everything stops. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.settle.dispose();
    this.gate.dispose();
    this.outputs.dispose();
    this.emitter.dispose();
  }

  listenerCount(): number {
    return this.emitter.listenerCount();
  }

  private route(routed: RoutedDelegation): void {
    const request = buildDelegationRequest(
      { handoffId: routed.delegationId, protocol: 'live' },
      '',
      routed.lines,
    );
    const running = this.options.effects.hasRunningTask?.() ?? false;
    const mode = request === null ? 'empty' : running ? 'steer' : 'delegate';
    const { reason, waitedMs, passedAfterMs, offsetMs } = routed;
    const outcome = { reason, waitedMs, passedAfterMs, offsetMs };
    this.emitter.emit('routed', { handoffId: routed.delegationId, mode, outcome, request });
    if (request === null) {
      this.outputs.deliverResult(routed.delegationId, 'Nothing to hand off: no request was heard.');
    } else if (mode === 'steer') {
      this.options.effects.steer(request);
    } else {
      this.options.effects.delegate(request);
    }
  }
}
