/**
 * The one input state machine for talking: the global key (hook or portal), Electron's
 * press-only `globalShortcut`, the tray, the UI button, `parley --toggle` and voice activity all
 * go through it. Talk modes:
 * - `hold`: a turn lasts while the key is held;
 * - `toggle`: a press starts a turn, the next press ends it;
 * - `auto`: a hold longer than `tapMaxMs` is push-to-talk, a shorter tap toggles;
 * - `hands-free`: the server's voice detection owns turns; commands switch listening on and off,
 *   voice activity marks the user talking, and the talk key cuts the assistant off.
 * Press-only sources and commands always toggle. A turn shorter than `minTurnMs` is cancelled,
 * a key held past `stuckKeyMs` is released, and screen lock, suspend and a lost renderer stop
 * talking. Pure: time comes from the injected clock; effects are the emitted events.
 */
import type { TalkMode } from '../../preload/schemas/settings';
import type { TalkCommand, TalkState } from '../../preload/schemas/talk';
import { TypedEmitter } from '../base/typed-emitter';
import { KeyEdges } from './key-edges';
import { StuckKeyWatchdog } from './stuck-key-watchdog';
import {
  type CommandSource,
  type HaltReason,
  type KeySource,
  type PressSource,
  type TalkInputEvents,
  type TalkInputOptions,
  type TalkSnapshot,
  type TalkSource,
  type TalkTurn,
  type TurnEndReason,
  talkTiming,
} from './talk-input-types';

/** The talk input state machine; see the module comment. */
export class TalkInput {
  private readonly emitter: TypedEmitter<TalkInputEvents>;
  private readonly timing: Required<Omit<TalkInputOptions, 'clock' | 'mode' | 'log'>>;
  private readonly keys = new Map<KeySource, KeyEdges>();
  private readonly lastPressAt = new Map<TalkSource, number>();
  private modeValue: TalkMode;
  private stateValue: TalkState = 'idle';
  private mutedValue = false;
  private turnValue: TalkTurn | null = null;
  private turnCount = 0;
  /** A lost key-up must not hold the turn open forever; the next press must start afresh. */
  private readonly watchdog: StuckKeyWatchdog;
  private disposed = false;

  constructor(private readonly options: TalkInputOptions) {
    this.modeValue = options.mode;
    this.timing = talkTiming(options);
    const { stuckKeyMs } = this.timing;
    this.watchdog = new StuckKeyWatchdog(options.clock, stuckKeyMs, (source) => {
      options.log?.('warn', 'talk.stuck_key_released', { source, afterMs: stuckKeyMs });
      this.keys.get(source)?.forget();
      this.finishTurn('stuck-key', options.clock.now());
    });
    this.emitter = new TypedEmitter((error) =>
      options.log?.('error', 'talk.listener_failed', { error: String(error) }),
    );
  }

  /** Subscribe; returns the unsubscribe function. */
  on<K extends keyof TalkInputEvents>(
    event: K,
    listener: (payload: TalkInputEvents[K]) => void,
  ): () => void {
    return this.emitter.on(event, listener);
  }

  get state(): TalkState {
    return this.stateValue;
  }

  get mode(): TalkMode {
    return this.modeValue;
  }

  get muted(): boolean {
    return this.mutedValue;
  }

  /** What the tray and the status line show. */
  get snapshot(): TalkSnapshot {
    const turn = this.turnValue ? { ...this.turnValue } : null;
    return { state: this.stateValue, mode: this.modeValue, muted: this.mutedValue, turn };
  }

  /** A talk key that reports releases went down (key repeat and bounce are filtered here). */
  keyDown(source: KeySource): void {
    if (!this.disposed) this.edges(source).down();
  }

  /** A talk key that reports releases came up. */
  keyUp(source: KeySource): void {
    if (!this.disposed) this.keys.get(source)?.up();
  }

  /** A press-only talk key (`globalShortcut`) was pressed: it toggles. */
  keyPress(source: PressSource): void {
    if (this.disposed || this.bounced(source)) return;
    if (this.modeValue === 'hands-free') this.interruptOrListen(source);
    else this.toggleTurn(source, 'toggled');
  }

  /** `start`, `stop` or `toggle` from the tray, the UI or `parley --start|--stop|--toggle`. */
  command(command: TalkCommand, source: CommandSource): void {
    if (this.disposed || (command === 'toggle' && this.bounced(source))) return;
    const active = this.modeValue === 'hands-free' ? this.stateValue !== 'idle' : !!this.turnValue;
    if (command === 'start' && active) return;
    if (command === 'stop' && !active) return;
    if (this.modeValue !== 'hands-free') {
      return this.toggleTurn(source, command === 'stop' ? 'stopped' : 'toggled');
    }
    if (active) return this.setState('idle');
    if (this.refuseWhileMuted(source)) return;
    this.setState('listening');
  }

  /** The microphone kill switch: a turn in progress is discarded and nothing starts while on. */
  setMuted(muted: boolean): void {
    if (this.disposed || muted === this.mutedValue) return;
    this.mutedValue = muted;
    if (muted && this.turnValue) return this.cancelTurn('muted');
    if (muted && this.stateValue === 'talking') this.stateValue = 'listening';
    this.emitChange();
  }

  /** Hands-free: the voice-activity detector heard speech start (true) or end (false). */
  voiceActivity(active: boolean): void {
    if (this.disposed || this.modeValue !== 'hands-free' || this.stateValue === 'idle') return;
    if (active && this.mutedValue) return;
    this.setState(active ? 'talking' : 'listening');
  }

  /**
   * Screen lock, suspend or the renderer going away: the turn ends (its key-up may never come)
   * and, except when only the renderer went, hands-free listening stops too.
   */
  halt(reason: HaltReason): void {
    if (this.disposed) return;
    this.forgetKeys();
    if (this.turnValue) this.finishTurn(reason, this.options.clock.now());
    if (this.stateValue === 'idle') return;
    this.setState(reason === 'renderer-gone' ? 'listening' : 'idle');
  }

  /** Switches talk mode; a turn in progress ends and listening stops. */
  setMode(mode: TalkMode): void {
    if (this.disposed || mode === this.modeValue) return;
    if (this.turnValue) this.finishTurn('mode-changed', this.options.clock.now());
    this.modeValue = mode;
    this.stateValue = 'idle';
    this.emitChange();
  }

  /** Ends a turn in progress (reported as `disposed`), then drops listeners and timers. */
  dispose(): void {
    if (this.disposed) return;
    if (this.turnValue) this.finishTurn('disposed', this.options.clock.now());
    this.disposed = true;
    this.forgetKeys();
    this.emitter.dispose();
  }

  /** Listener count, for tests that check nothing is left subscribed. */
  listenerCount(): number {
    return this.emitter.listenerCount();
  }

  private edges(source: KeySource): KeyEdges {
    let edges = this.keys.get(source);
    if (!edges) {
      edges = new KeyEdges({
        clock: this.options.clock,
        debounceMs: this.timing.debounceMs,
        onPress: (at) => this.onKeyPressed(source, at),
        onRelease: (at) => this.onKeyReleased(source, at),
      });
      this.keys.set(source, edges);
    }
    return edges;
  }

  private onKeyPressed(source: KeySource, at: number): void {
    if (this.modeValue === 'hands-free') return this.interruptOrListen(source);
    const turn = this.turnValue;
    if (turn?.latched) return this.finishTurn('toggled', at);
    if (turn) return; // another key holds the turn
    if (this.refuseWhileMuted(source)) return;
    this.startTurn(source, at, this.modeValue === 'toggle' ? null : source);
  }

  private onKeyReleased(source: KeySource, at: number): void {
    const turn = this.turnValue;
    if (!turn || turn.latched || turn.source !== source) return;
    if (this.modeValue === 'auto' && at - turn.startedAt <= this.timing.tapMaxMs) {
      this.watchdog.clear();
      this.turnValue = { ...turn, latched: true };
      this.emitChange();
      return;
    }
    this.finishTurn('released', at);
  }

  /** Press-only sources and commands: end any turn, or start a latched one. */
  private toggleTurn(source: TalkSource, endReason: 'toggled' | 'stopped'): void {
    const now = this.options.clock.now();
    if (this.turnValue) return this.finishTurn(endReason, now);
    if (this.refuseWhileMuted(source)) return;
    this.startTurn(source, now, null);
  }

  private interruptOrListen(source: TalkSource): void {
    this.emitter.emit('interrupt', { source });
    if (this.stateValue !== 'idle' || this.refuseWhileMuted(source)) return;
    this.setState('listening');
  }

  /** Starts a turn, held by `heldBy` (watched for a stuck key) or latched when null. */
  private startTurn(source: TalkSource, at: number, heldBy: KeySource | null): void {
    const turn: TalkTurn = { id: ++this.turnCount, source, startedAt: at, latched: !heldBy };
    this.turnValue = turn;
    this.stateValue = 'talking';
    if (heldBy) this.watchdog.arm(heldBy);
    this.emitter.emit('turn-start', { turn });
    this.emitChange();
  }

  /** Ends the turn: a turn shorter than `minTurnMs` is cancelled, whatever ended it. */
  private finishTurn(reason: TurnEndReason, at: number): void {
    const turn = this.turnValue;
    if (!turn) return;
    const durationMs = Math.max(0, at - turn.startedAt);
    if (durationMs < this.timing.minTurnMs) return this.cancelTurn('too-short', durationMs);
    this.clearTurn();
    this.emitter.emit('turn-end', { turn, reason, durationMs });
    this.emitChange();
  }

  private cancelTurn(reason: 'too-short' | 'muted', durationMs?: number): void {
    const turn = this.turnValue;
    if (!turn) return;
    const duration = durationMs ?? Math.max(0, this.options.clock.now() - turn.startedAt);
    this.clearTurn();
    this.emitter.emit('turn-cancel', { turn, reason, durationMs: duration });
    this.emitChange();
  }

  private clearTurn(): void {
    this.watchdog.clear();
    this.turnValue = null;
    if (this.stateValue === 'talking') this.stateValue = 'idle';
  }

  private forgetKeys(): void {
    for (const edges of this.keys.values()) edges.forget();
  }

  /** A second press from a press-only source inside the debounce window is a double delivery. */
  private bounced(source: TalkSource): boolean {
    const now = this.options.clock.now();
    const last = this.lastPressAt.get(source);
    this.lastPressAt.set(source, now);
    return last !== undefined && now - last < this.timing.debounceMs;
  }

  private refuseWhileMuted(source: TalkSource): boolean {
    if (!this.mutedValue) return false;
    this.emitter.emit('refused', { source, reason: 'muted' });
    return true;
  }

  private setState(state: TalkState): void {
    if (state === this.stateValue) return;
    this.stateValue = state;
    this.emitChange();
  }

  private emitChange(): void {
    this.emitter.emit('change', this.snapshot);
  }
}
