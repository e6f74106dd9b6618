import type { PlayedReport } from '../../renderer/src/audio/worklets/jitter-buffer';
import { JitterBuffer } from '../../renderer/src/audio/worklets/jitter-buffer.js';

/** Samples per render quantum (Web Audio's), at 24 kHz here. */
const QUANTUM = 128;
const RATE = 24_000;
/** The worklet reports played counts every 50 ms of output. */
const REPORT_EVERY = (RATE * 50) / 1000;

/**
 * The page's player without a browser: Parley's own jitter buffer (the worklet's, 80 ms start
 * threshold), drained in render quanta at real time by the wall clock, reporting played counts
 * every 50 ms of output as the worklet does. {@link playedMs} is the truth a truncate is judged by.
 */
export class FakePlayer {
  private readonly buffer = new JitterBuffer();
  private readonly out = new Float32Array(QUANTUM);
  private rendered = 0;
  private sinceReport = 0;
  private readonly start = performance.now();
  private timer: NodeJS.Timeout | null = null;
  /** Every item's played samples as the buffer counted them, kept after it finished. */
  private readonly played = new Map<string, number>();
  samplesReceived = 0;

  /** @param report receives played reports (cumulative samples per item) */
  constructor(private readonly report: (reports: PlayedReport[]) => void) {}

  /** Renders in real time from now on (a quantum loop woken every 10 ms). */
  run(): void {
    this.timer ??= setInterval(() => this.advance(), 10);
  }

  /** Audio for an item, PCM16. */
  play(itemId: string, pcm: Int16Array): void {
    this.advance();
    const samples = new Float32Array(pcm.length);
    for (let i = 0; i < pcm.length; i++) samples[i] = (pcm[i] ?? 0) / 32767;
    this.buffer.push(itemId, samples);
    this.samplesReceived += pcm.length;
  }

  end(itemId: string): void {
    this.advance();
    this.buffer.end(itemId);
  }

  /** Barge-in: everything queued is dropped; the final counts are reported. */
  stop(): void {
    this.advance();
    this.emit(this.buffer.stop());
  }

  /** Milliseconds of `itemId` played by now. */
  playedMs(itemId: string): number {
    this.advance();
    // The buffer's own count of a live item (its report may be up to 50 ms old).
    const live = (this.buffer as unknown as { items: { id: string; played: number }[] }).items;
    const samples = live.find((item) => item.id === itemId)?.played ?? this.played.get(itemId);
    return ((samples ?? 0) * 1000) / RATE;
  }

  get underruns(): number {
    return this.buffer.underruns;
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Renders every quantum due by now. */
  private advance(): void {
    const due = Math.floor(((performance.now() - this.start) * RATE) / 1000);
    while (this.rendered + QUANTUM <= due) {
      this.buffer.read(this.out);
      this.rendered += QUANTUM;
      this.sinceReport += QUANTUM;
      if (this.sinceReport >= REPORT_EVERY) {
        this.sinceReport = 0;
        this.emit(this.buffer.takeReports());
      }
    }
  }

  private emit(reports: PlayedReport[]): void {
    for (const r of reports) this.played.set(r.itemId, r.playedSamples);
    if (reports.length > 0) this.report(reports);
  }
}
