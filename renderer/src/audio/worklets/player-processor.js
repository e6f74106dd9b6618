/* global AudioWorkletProcessor, registerProcessor, sampleRate, currentFrame */
/**
 * AudioWorklet player for assistant audio, registered as 'parley-player'. Load it with
 * `import url from './worklets/player-processor.js?worker&url'` so Vite bundles its imports, then
 * `new AudioWorkletNode(ctx, 'parley-player', { outputChannelCount: [1] })`.
 *
 * Port in:  {type:'chunk', itemId, samples: Int16Array | Float32Array}  (24 kHz unless
 *           processorOptions.sourceRate says otherwise; Int16 buffers may be transferred)
 *           {type:'end', itemId}   no more audio for the item (it may start below the threshold)
 *           {type:'stop'}          barge-in: clear everything now
 * Port out: {type:'played', itemId, playedSamples}  cumulative source samples, every ~50 ms and
 *           on stop (an item played to its end reports all its samples);
 *           {type:'underrun', count} when the underrun count grows; {type:'stopped', frame} after
 *           stop; {type:'started', itemId, frame} when an item's first sample plays (`frame`: the
 *           AudioContext frame, for the page's read-only diagnostics).
 *
 * Jitter buffer: an item starts after processorOptions.startThresholdMs (default 80) of audio or
 * its end. When the context does not run at the source rate, each item is resampled on arrival.
 */
import { JitterBuffer } from './jitter-buffer.js';
import { PolyphaseResampler } from '../../../../preload/polyphase-resampler.js';

const REPORT_INTERVAL_MS = 50;

function toFloat32(samples) {
  if (samples instanceof Float32Array) return samples;
  const int16 = samples instanceof Int16Array ? samples : new Int16Array(samples);
  const out = new Float32Array(int16.length);
  for (let i = 0; i < int16.length; i++) out[i] = Math.max(-1, int16[i] / 32767);
  return out;
}

class PlayerProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const opts = options?.processorOptions ?? {};
    this.sourceRate = opts.sourceRate ?? 24000;
    const startMs = opts.startThresholdMs ?? 80;
    this.buffer = new JitterBuffer({
      startThreshold: Math.round((sampleRate * startMs) / 1000),
      reportRatio: this.sourceRate / sampleRate,
    });
    this.resamplers = new Map();
    this.reportEvery = Math.round((sampleRate * REPORT_INTERVAL_MS) / 1000);
    this.sinceReport = 0;
    this.reportedUnderruns = 0;
    this.port.onmessage = (event) => this.onMessage(event.data);
  }

  onMessage(msg) {
    if (!msg || typeof msg !== 'object') return;
    if (msg.type === 'chunk' && typeof msg.itemId === 'string' && msg.samples) {
      const source = toFloat32(msg.samples);
      this.buffer.push(msg.itemId, this.convert(msg.itemId, source), source.length);
    } else if (msg.type === 'end' && typeof msg.itemId === 'string') {
      const tail = this.resamplers.get(msg.itemId)?.flush();
      if (tail) this.buffer.push(msg.itemId, tail, 0);
      this.resamplers.delete(msg.itemId);
      this.buffer.end(msg.itemId);
    } else if (msg.type === 'stop') {
      this.resamplers.clear();
      this.post(this.buffer.stop());
      this.port.postMessage({ type: 'stopped', frame: currentFrame });
    }
  }

  convert(itemId, source) {
    if (sampleRate === this.sourceRate) return source;
    let resampler = this.resamplers.get(itemId);
    if (!resampler) {
      resampler = new PolyphaseResampler(this.sourceRate, sampleRate);
      this.resamplers.set(itemId, resampler);
    }
    return resampler.process(source);
  }

  post(reports) {
    for (const r of reports)
      this.port.postMessage({ type: 'played', itemId: r.itemId, playedSamples: r.playedSamples });
  }

  process(_inputs, outputs) {
    const channels = outputs[0];
    const first = channels?.[0];
    if (!first) return true;
    this.buffer.read(first);
    for (const start of this.buffer.takeStarts())
      this.port.postMessage({
        type: 'started',
        itemId: start.itemId,
        frame: currentFrame + start.offset,
      });
    for (let c = 1; c < channels.length; c++) channels[c].set(first);
    this.sinceReport += first.length;
    if (this.sinceReport >= this.reportEvery) {
      this.sinceReport = 0;
      this.post(this.buffer.takeReports());
      if (this.buffer.underruns !== this.reportedUnderruns) {
        this.reportedUnderruns = this.buffer.underruns;
        this.port.postMessage({ type: 'underrun', count: this.reportedUnderruns });
      }
    }
    return true;
  }
}

registerProcessor('parley-player', PlayerProcessor);
