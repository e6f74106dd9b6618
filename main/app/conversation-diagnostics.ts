import type { ConversationDiagnostics } from '../../preload/schemas/conversation';
import type { Clock, TimerHandle } from '../base/clock';
import type { AudioPipeline } from '../audio/audio-pipeline';
import { TurnLatency } from '../audio/turn-latency';
import type { RealtimeSession } from '../realtime/realtime-session';

/** How often the drop counters are looked at while a conversation is live [ms]. */
export const DIAGNOSTICS_SAMPLE_MS = 1000;

/** What the diagnostics read and whom they tell. */
export interface DiagnosticsDeps {
  clock: Clock;
  session: RealtimeSession;
  pipeline: AudioPipeline;
  /** New figures (called only when something changed). */
  onChange(diagnostics: ConversationDiagnostics): void;
  sampleMs?: number;
}

/**
 * The status bar's measurements for the current conversation: last-turn latency (end of user
 * speech → first audio played) and the microphone frames and playback underruns lost. Counters
 * start over with each conversation.
 */
export class ConversationDiagnosticsFeed {
  private readonly latency: TurnLatency;
  private current: ConversationDiagnostics = {
    lastTurnLatencyMs: null,
    droppedInputFrames: 0,
    playbackUnderruns: 0,
  };
  private baseline = { dropped: 0, underruns: 0 };
  private timer: TimerHandle | null = null;
  private readonly offs: (() => void)[];

  constructor(private readonly deps: DiagnosticsDeps) {
    this.latency = new TurnLatency(deps.clock);
    this.offs = [
      deps.session.on('event', (event) => {
        if (event.type === 'speech_stopped') this.latency.speechEnded();
      }),
      deps.pipeline.on('played', (report) => {
        const ms = this.latency.played(report);
        if (ms !== null) this.publish({ lastTurnLatencyMs: ms });
      }),
      deps.session.on('state', ({ state }) => {
        if (state === 'connecting') this.restart();
        if (state === 'live') this.schedule();
        if (state === 'idle' || state === 'closed') this.stopSampling();
      }),
    ];
  }

  /** The talk key was let go after a turn (hold modes): the user's speech ended now. */
  speechEnded(): void {
    this.latency.speechEnded();
  }

  dispose(): void {
    this.stopSampling();
    for (const off of this.offs.splice(0)) off();
  }

  private restart(): void {
    this.latency.reset();
    this.baseline = {
      dropped: this.deps.session.droppedAudioFrames,
      underruns: this.deps.pipeline.stats.underruns,
    };
    this.publish({ lastTurnLatencyMs: null, droppedInputFrames: 0, playbackUnderruns: 0 });
  }

  private schedule(): void {
    if (this.timer !== null) return;
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = null;
      this.sample();
      if (this.deps.session.isActive) this.schedule();
    }, this.deps.sampleMs ?? DIAGNOSTICS_SAMPLE_MS);
  }

  private sample(): void {
    this.publish({
      droppedInputFrames: Math.max(0, this.deps.session.droppedAudioFrames - this.baseline.dropped),
      playbackUnderruns: Math.max(0, this.deps.pipeline.stats.underruns - this.baseline.underruns),
    });
  }

  private stopSampling(): void {
    if (this.timer !== null) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private publish(patch: Partial<ConversationDiagnostics>): void {
    const next = { ...this.current, ...patch };
    const same = (Object.keys(next) as (keyof ConversationDiagnostics)[]).every(
      (key) => next[key] === this.current[key],
    );
    if (same) return;
    this.current = next;
    this.deps.onChange(next);
  }
}
