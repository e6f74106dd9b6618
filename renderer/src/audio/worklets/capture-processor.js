/* global AudioWorkletProcessor, registerProcessor, sampleRate */
/**
 * AudioWorklet microphone capture, registered as 'parley-capture'. Load it with
 * `import url from './worklets/capture-processor.js?worker&url'` so Vite bundles its imports.
 * It needs no output: `new AudioWorkletNode(ctx, 'parley-capture', { numberOfOutputs: 0 })`
 * still gets `process()` calls once the microphone source is connected to it.
 *
 * Input: mic audio at the context rate (all channels averaged to mono). When the context runs at
 * 24 kHz (the renderer asks for that first) samples pass straight through; otherwise a polyphase
 * windowed-sinc resampler brings them to 24 kHz.
 * Port out: {type:'frame', pcm: ArrayBuffer (transferred; 480 Int16 samples, host byte order =
 *           little-endian on every supported platform), rms: number in [0, 1]} per 20 ms frame.
 * Port in:  {type:'flush'} posts the resampler tail and a last, zero-padded frame.
 */
import { PolyphaseResampler } from '../../../../preload/polyphase-resampler.js';

const TARGET_RATE = 24000;
const FRAME_SAMPLES = 480;

class CaptureProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    this.resampler =
      sampleRate === TARGET_RATE ? null : new PolyphaseResampler(sampleRate, TARGET_RATE);
    this.mono = new Float32Array(128);
    this.frame = new Int16Array(FRAME_SAMPLES);
    this.fill = 0;
    this.sumSquares = 0;
    this.port.onmessage = (event) => {
      if (event.data?.type === 'flush') this.flush();
    };
  }

  process(inputs) {
    const channels = inputs[0];
    if (!channels || channels.length === 0) return true;
    const mono = this.mixDown(channels);
    this.append(this.resampler ? this.resampler.process(mono) : mono);
    return true;
  }

  mixDown(channels) {
    const first = channels[0];
    if (channels.length === 1) return first;
    if (this.mono.length !== first.length) this.mono = new Float32Array(first.length);
    for (let i = 0; i < first.length; i++) {
      let sum = 0;
      for (const ch of channels) sum += ch[i];
      this.mono[i] = sum / channels.length;
    }
    return this.mono;
  }

  append(samples) {
    for (let i = 0; i < samples.length; i++) {
      const v = Math.max(-1, Math.min(1, samples[i] || 0));
      this.sumSquares += v * v;
      const scaled = v * 32767; // symmetric rounding, as main/audio/pcm16.ts
      this.frame[this.fill++] = scaled < 0 ? -Math.floor(-scaled + 0.5) : Math.floor(scaled + 0.5);
      if (this.fill === FRAME_SAMPLES) this.postFrame();
    }
  }

  postFrame() {
    const rms = Math.sqrt(this.sumSquares / FRAME_SAMPLES);
    const pcm = this.frame.buffer;
    this.port.postMessage({ type: 'frame', pcm, rms }, [pcm]);
    this.frame = new Int16Array(FRAME_SAMPLES);
    this.fill = 0;
    this.sumSquares = 0;
  }

  flush() {
    if (this.resampler) this.append(this.resampler.flush());
    if (this.fill > 0) {
      this.frame.fill(0, this.fill);
      this.fill = FRAME_SAMPLES;
      this.postFrame();
    }
  }
}

registerProcessor('parley-capture', CaptureProcessor);
