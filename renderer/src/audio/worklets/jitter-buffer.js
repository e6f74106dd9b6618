/**
 * The player worklet's jitter buffer, as a plain class so Node tests can drive it
 * (test/unit/audio/jitter-buffer.test.ts). Items play one after another in arrival order. An item
 * starts only once `startThreshold` samples are buffered or its end was signalled; if a started
 * item runs dry before its end it underruns (silence, counted) and re-buffers to the threshold.
 * Played counts are reported in *source* samples (the rate main counts in): `reportRatio` is
 * sourceRate / playbackRate, 1 when the worklet plays at the source rate.
 */
/** What {@link JitterBuffer#takeStarts} returns when nothing started: no allocation per quantum. */
const NO_STARTS = Object.freeze([]);

export class JitterBuffer {
  /** @param {{startThreshold?: number, reportRatio?: number}} [options] */
  constructor(options = {}) {
    this.startThreshold = options.startThreshold ?? 1920; // 80 ms at 24 kHz
    this.reportRatio = options.reportRatio ?? 1;
    this.items = [];
    this.underruns = 0;
    this.pendingReports = new Map();
    this.starts = [];
  }

  /** Samples buffered across all items. */
  get bufferedSamples() {
    return this.items.reduce((sum, item) => sum + item.buffered, 0);
  }

  /** Id of the item playing or next to play, or null. */
  get currentItemId() {
    return this.items[0]?.id ?? null;
  }

  /** Appends audio for `itemId`; `sourceSamples` is its length before any rate conversion. */
  push(itemId, samples, sourceSamples = samples.length) {
    let item = this.items.find((it) => it.id === itemId);
    if (!item) {
      item = {
        id: itemId,
        chunks: [],
        offset: 0,
        buffered: 0,
        played: 0,
        received: 0,
        ended: false,
        started: false,
      };
      this.items.push(item);
    }
    if (item.ended) return;
    if (samples.length > 0) item.chunks.push(samples);
    item.buffered += samples.length;
    item.received += sourceSamples;
  }

  /** No more audio will come for `itemId`: it may start below the threshold and then finish. */
  end(itemId) {
    const item = this.items.find((it) => it.id === itemId);
    if (item) item.ended = true;
  }

  /** Fills `out` completely: queued audio, then silence. */
  read(out) {
    let i = 0;
    while (i < out.length) {
      const item = this.items[0];
      if (!item) break;
      if (!item.started) {
        if (item.buffered < this.startThreshold && !item.ended) break;
        item.started = true;
      }
      i = this.copy(item, out, i);
      if (item.buffered > 0 || (i === out.length && !item.ended)) continue;
      if (item.ended) {
        this.items.shift();
        this.note(item);
      } else {
        // Ran dry while the output still needed samples: underrun, re-buffer before resuming.
        item.started = false;
        this.underruns++;
        break;
      }
    }
    out.fill(0, i);
  }

  /** Clears everything at once (barge-in); returns the final played reports. */
  stop() {
    for (const item of this.items) if (item.played > 0) this.note(item);
    this.items = [];
    return this.takeReports();
  }

  /** Reports changed since the last call, plus the current item (a report without progress = stalled). */
  takeReports() {
    const head = this.items[0];
    if (head && head.played > 0 && !this.pendingReports.has(head.id)) this.note(head);
    const reports = [...this.pendingReports].map(([itemId, playedSamples]) => ({
      itemId,
      playedSamples,
    }));
    this.pendingReports.clear();
    return reports;
  }

  /**
   * Items whose first sample played since the last call, at `offset` of that read's `out`; a
   * shared frozen empty array when none did (this runs every render quantum).
   */
  takeStarts() {
    if (this.starts.length === 0) return NO_STARTS;
    const starts = this.starts;
    this.starts = [];
    return starts;
  }

  copy(item, out, i) {
    while (i < out.length && item.chunks.length > 0) {
      const chunk = item.chunks[0];
      const n = Math.min(out.length - i, chunk.length - item.offset);
      if (item.played === 0 && n > 0) this.starts.push({ itemId: item.id, offset: i });
      out.set(chunk.subarray(item.offset, item.offset + n), i);
      i += n;
      item.offset += n;
      item.buffered -= n;
      item.played += n;
      if (item.offset === chunk.length) {
        item.chunks.shift();
        item.offset = 0;
      }
    }
    this.note(item);
    return i;
  }

  note(item) {
    const finished = item.ended && item.buffered === 0;
    const played = finished
      ? item.received
      : Math.min(item.received, Math.round(item.played * this.reportRatio));
    this.pendingReports.set(item.id, played);
  }
}
