import type { Clock, TimerHandle } from '../base/clock';
import type { SettleOutcome, SettleReason, SettleRule } from './settle-policy';

/**
 * Holds one handoff's routing decision until its rule says the evidence is in. It only delays a
 * decision: it never holds events, so audio keeps flowing. The owner calls {@link start} once,
 * then {@link reevaluate} after each event that may change the evidence; the window calls
 * `onSettle` exactly once — at once when nothing is pending, from its one timer at the next
 * moment the rule named, from `reevaluate`, or from {@link end} (a close or another handoff).
 */
export class SettleWindow {
  /** When the handoff arrived. */
  readonly openedAt: number;
  private timer: TimerHandle | null = null;
  private armedAt: number | null = null;
  private open = true;

  /**
   * @param clock time source
   * @param rule the evidence rule of this window
   * @param onSettle called once when the window ends
   */
  constructor(
    private readonly clock: Clock,
    private readonly rule: SettleRule,
    private readonly onSettle: (outcome: SettleOutcome) => void,
  ) {
    this.openedAt = clock.now();
  }

  /** True until the window has ended. */
  get isOpen(): boolean {
    return this.open;
  }

  /** Decides for the first time (routing at once when nothing is pending). */
  start(): void {
    this.reevaluate();
  }

  /** The evidence may have changed: route now, or wait for the moment the rule names. */
  reevaluate(): void {
    if (!this.open) return;
    const decision = this.rule.decide(this.clock.now());
    if (decision.route) this.finish(decision.reason);
    else this.arm(decision.wakeAt);
  }

  /** Ends the window now (a close, a socket replacement or another handoff). */
  end(reason: SettleReason): void {
    if (this.open) this.finish(reason);
  }

  /** Cancels the timer without settling. Idempotent. */
  dispose(): void {
    this.open = false;
    this.clearTimer();
  }

  private arm(at: number): void {
    if (this.armedAt === at && this.timer !== null) return;
    this.clearTimer();
    this.armedAt = at;
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = null;
        this.armedAt = null;
        this.reevaluate();
      },
      Math.max(0, at - this.clock.now()),
    );
  }

  private finish(reason: SettleReason): void {
    this.open = false;
    this.clearTimer();
    const waitedMs = Math.round(this.clock.now() - this.openedAt);
    this.onSettle({ reason, waitedMs, ...this.rule.detail() });
  }

  private clearTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.armedAt = null;
  }
}
