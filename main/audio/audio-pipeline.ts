/**
 * The audio pipeline in main, host-independent (Electron and `parley serve` wire it the same way):
 * microphone frames from the renderer → (gate / hold) → `input_audio_buffer.append`; server audio
 * → 24 kHz play chunks for the renderer player; the player's played reports → the playback
 * ledger; `speech_started` or the talk key → barge-in at the *played* position;
 * the talk key → (V2) `response.cancel` of a running answer, `input_audio_buffer.clear` /
 * `commit` + a response request. V1 sends none of these: its server decides turns itself, so
 * the key only gates which audio is sent (silence while released).
 * Every effect is a constructor argument; time comes from the injected clock.
 */
import {
  decodeAudioMessage,
  isRendererToMain,
  type RendererToMainAudio,
} from '../../preload/audio-wire';
import { TypedEmitter } from '../base/typed-emitter';
import type { RealtimeEvent } from '../realtime/realtime-events';
import { AssistantAudio } from './assistant-audio';
import type {
  AudioPipelineDeps,
  AudioPipelineEvents,
  AudioPipelineStats,
} from './audio-pipeline-types';
import { BargeIn, type BargeInTrigger } from './barge-in';
import { logBounded } from './bounded-log';
import { CaptureInput, type InputMode } from './capture-input';
import { HoldToTalk } from './hold-to-talk';
import { PlaybackLedger } from './playback-ledger';
import { RealtimeAudioSender } from './realtime-audio-sender';

/** Host-independent audio pipeline; see the module comment. */
export class AudioPipeline {
  private readonly emitter: TypedEmitter<AudioPipelineEvents>;
  private readonly ledger: PlaybackLedger;
  private readonly bargeIn: BargeIn;
  private readonly input: CaptureInput;
  private readonly output: AssistantAudio;
  private readonly talk: HoldToTalk;
  private readonly sender: RealtimeAudioSender;
  private playing = false;
  private captureEnabled = true;
  private disposed = false;
  private readonly counters = {
    underruns: 0,
    lastUnderrunCount: 0,
    bargeIns: 0,
    badRendererMessages: 0,
    framesMuted: 0,
  };

  constructor(private readonly deps: AudioPipelineDeps) {
    this.emitter = new TypedEmitter((error) =>
      deps.log('error', 'audio.listener_failed', { error: String(error) }),
    );
    this.ledger = new PlaybackLedger({ clock: deps.clock });
    this.bargeIn = new BargeIn(this.ledger);
    this.sender = new RealtimeAudioSender(deps);
    this.input = new CaptureInput({
      send: (frame) => this.sender.sendFrame(frame),
      silenceWhileReleased: () => this.deps.protocol() === 'v1',
      onGateChange: (open) => this.emitter.emit('gate', { open }),
      ...(deps.gate ? { gate: deps.gate } : {}),
    });
    this.input.setMode(deps.inputMode ?? 'stream');
    this.output = new AssistantAudio({
      ledger: this.ledger,
      isInterrupted: (id) => this.bargeIn.shouldDropDelta(id),
      toRenderer: (msg) => this.deps.toRenderer(msg),
      onRejected: (reason) =>
        logBounded(deps.log, 'audio.delta_rejected', this.stats.deltasRejected, reason),
    });
    this.talk = new HoldToTalk({
      clock: deps.clock,
      ...(deps.releaseTailMs !== undefined ? { releaseTailMs: deps.releaseTailMs } : {}),
      framesInTurn: () => this.input.framesSinceMark,
      onTurnStart: () => this.startTurn(),
      onTurnEnd: (commit) => this.endTurn(commit),
    });
  }

  /** Subscribe; returns the unsubscribe function. */
  on<K extends keyof AudioPipelineEvents>(
    event: K,
    listener: (payload: AudioPipelineEvents[K]) => void,
  ): () => void {
    return this.emitter.on(event, listener);
  }

  /** The current input mode. */
  get inputMode(): InputMode {
    return this.input.mode;
  }

  /** `stream` (hands-free), `gated` (background listening) or `hold` (talk key). */
  setInputMode(mode: InputMode): void {
    this.input.setMode(mode);
  }

  /**
   * Off: every capture frame is dropped before it can be sent or kept as pre-roll (the
   * microphone kill switch, and hands-free while not listening).
   */
  setCaptureEnabled(enabled: boolean): void {
    this.captureEnabled = enabled;
  }

  /** Whether capture frames may be sent (see {@link setCaptureEnabled}). */
  get isCaptureEnabled(): boolean {
    return this.captureEnabled;
  }

  /** One 20 ms PCM16 frame (480 samples at 24 kHz) from the renderer's microphone. */
  onCaptureFrame(pcm: Int16Array): void {
    if (this.disposed) return;
    if (!this.captureEnabled) {
      this.counters.framesMuted++;
      return;
    }
    this.emitter.emit('captured', { pcm });
    this.input.push(pcm);
  }

  /**
   * A binary message from the renderer: decoded, checked for direction, and dispatched. A
   * capture frame's PCM is a view of `data` (each frame is encoded for the wire at once).
   */
  onRendererData(data: unknown): void {
    const msg = decodeAudioMessage(data, { pcm: 'view' });
    if (msg.kind === 'error' || !isRendererToMain(msg)) {
      this.counters.badRendererMessages++;
      const reason = msg.kind === 'error' ? msg.error : `${msg.kind} from the renderer`;
      const count = this.counters.badRendererMessages;
      logBounded(this.deps.log, 'audio.bad_renderer_message', count, reason);
      return;
    }
    this.onRendererMessage(msg);
  }

  /** A decoded message from the renderer. */
  onRendererMessage(msg: RendererToMainAudio): void {
    if (msg.kind === 'capture') this.onCaptureFrame(msg.pcm);
    else if (msg.kind === 'played') this.onPlayedReport(msg);
    else this.onUnderrunReport(msg.count);
  }

  /** The player's cumulative played count for an item. */
  onPlayedReport(report: { itemId: string; playedSamples: number }): void {
    if (this.disposed) return;
    this.ledger.recordPlayed(report);
    this.emitter.emit('played', { itemId: report.itemId, playedSamples: report.playedSamples });
    this.updatePlaying();
  }

  /** The player's cumulative underrun count (a smaller count means a new player). */
  onUnderrunReport(count: number): void {
    const last = this.counters.lastUnderrunCount;
    this.counters.underruns += count >= last ? count - last : count;
    this.counters.lastUnderrunCount = count;
  }

  /** A parsed server event (every one may be passed; the pipeline picks what it needs). */
  onServerEvent(event: RealtimeEvent): void {
    if (this.disposed) return;
    if (event.type === 'audio_out') this.output.onAudio(event);
    else if (event.type === 'speech_started') this.interrupt('speech_started');
    else this.output.onEvent(event);
    this.updatePlaying();
  }

  /** The talk key went down or up (hold-to-talk; a toggle mode maps its presses to these). */
  onTalkKey(action: 'press' | 'release'): void {
    if (this.disposed) return;
    // Hands-free: the server's voice detection owns turns; the key only cuts Parley off.
    if (this.input.mode === 'stream') {
      if (action === 'press') this.interrupt('talk_key');
      return;
    }
    if (action === 'press') this.talk.press();
    else this.talk.release();
  }

  /** The talk input cancelled the turn (too short, muted): clear what was sent, commit nothing. */
  discardTalkTurn(): void {
    if (this.disposed || this.input.mode === 'stream') return;
    this.talk.discard();
  }

  /** Stops the assistant at once (the talk key in hands-free mode), truncating what played. */
  interruptPlayback(): void {
    if (!this.disposed) this.interrupt('talk_key');
  }

  /**
   * The renderer that played assistant audio went away or was replaced: nothing is playing
   * any more, whatever the ledger last heard. Live items end where they were last reported.
   */
  onPlayerLost(): void {
    if (this.disposed) return;
    if (this.ledger.dropLiveItems()) this.updatePlaying();
  }

  /**
   * The session was replaced or stopped: item ids and any talk turn are void. Audible playback
   * is stopped (no truncate: the old conversation is gone).
   */
  resetSession(): void {
    this.talk.cancel();
    this.input.reset();
    this.bargeIn.reset();
    if (this.ledger.dropLiveItems()) this.deps.toRenderer({ kind: 'stop' });
    this.output.reset();
    this.updatePlaying();
  }

  /** Counters for diagnostics. */
  get stats(): AudioPipelineStats {
    const { lastUnderrunCount: _last, ...rest } = this.counters;
    return { ...this.input.counts, ...this.output.counts, ...this.sender.counts, ...rest };
  }

  /** Whether assistant audio is audible or queued in the player. */
  get isPlaying(): boolean {
    return this.playing;
  }

  /** Drops listeners and timers; later calls do nothing. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.talk.cancel();
    this.emitter.dispose();
  }

  /** Listener count, for tests that check nothing is left subscribed. */
  listenerCount(): number {
    return this.emitter.listenerCount();
  }

  private startTurn(): void {
    this.interrupt('talk_key');
    this.sender.turnStarted();
    this.input.markTurnStart();
    this.input.setHeld(true);
  }

  private endTurn(commit: boolean): void {
    this.input.setHeld(false);
    this.output.onTurnEnded();
    this.sender.turnEnded(commit, this.input.framesSinceMark);
  }

  /**
   * Barge-in: a talk-key press first cancels a V2 answer still being generated, then stop the
   * player, truncate the playing item (V2), report what was cut.
   */
  private interrupt(trigger: BargeInTrigger): void {
    if (trigger === 'talk_key') this.sender.cancelResponse();
    const decision = this.bargeIn.decide(trigger);
    if (!decision.stopPlayback) return;
    this.counters.bargeIns++;
    this.deps.toRenderer({ kind: 'stop' });
    this.output.onInterrupted(decision.interruptedItemIds);
    const truncate = decision.truncate;
    const sendTruncate = this.sender.truncate(truncate);
    for (const itemId of decision.interruptedItemIds) {
      const isPlaying = truncate?.item_id === itemId;
      this.emitter.emit('interrupted', {
        itemId,
        trigger,
        playedMs: isPlaying ? truncate.audio_end_ms : 0,
        receivedMs: Math.round(this.ledger.receivedMs(itemId)),
        truncated: isPlaying && sendTruncate,
      });
    }
    this.updatePlaying();
  }

  private updatePlaying(): void {
    const playing = this.ledger.currentItem() !== null;
    if (playing === this.playing) return;
    this.playing = playing;
    this.emitter.emit('playback', { playing });
  }
}
