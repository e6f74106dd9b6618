/**
 * Small signal measurements for the browser audio test: spoken test audio made with espeak-ng
 * and sox, PCM16 decoding, 20 ms RMS envelopes, the active (speech) span and a normalised
 * cross-correlation of envelopes at the best alignment.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** 20 ms at 24 kHz. */
export const FRAME_SAMPLES = 480;
export const FRAME_MS = 20;

/** Fails with a clear message when a tool the test needs is missing (CI installs both). */
export function requireTool(name: string, hint: string): void {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
  } catch {
    throw new Error(`${name} is not installed: ${hint} (\`bash .ci/run\` installs it).`);
  }
}

export interface SpokenWav {
  /** 48 kHz mono 16-bit WAV for Chromium's fake microphone. */
  wav: string;
  /** The same audio at 24 kHz as PCM16 samples (sox's resampler), the reference. */
  reference24k: Int16Array;
}

/**
 * Speaks `text` with espeak-ng and writes it as a 48 kHz mono 16-bit WAV with `padSeconds` of
 * silence either side (the fake microphone loses its first 20–100 ms; the pad keeps the speech
 * whole), plus the 24 kHz reference.
 */
export function speak(dir: string, name: string, text: string, padSeconds = 0.5): SpokenWav {
  const spoken = join(dir, `${name}-espeak.wav`);
  const wav = join(dir, `${name}-48k.wav`);
  const raw = join(dir, `${name}-24k.raw`);
  execFileSync('espeak-ng', ['-w', spoken, text]);
  const pad = ['pad', String(padSeconds), String(padSeconds)];
  execFileSync('sox', [spoken, '-r', '48000', '-c', '1', '-b', '16', wav, ...pad]);
  execFileSync('sox', [
    wav,
    '-t',
    'raw',
    '-r',
    '24000',
    '-e',
    'signed',
    '-b',
    '16',
    '-c',
    '1',
    raw,
  ]);
  return { wav, reference24k: readPcm16(readFileSync(raw)) };
}

/** Little-endian PCM16 bytes → samples (copied, so alignment never matters). */
export function readPcm16(bytes: Uint8Array): Int16Array {
  const out = new Int16Array(Math.floor(bytes.length / 2));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, true);
  return out;
}

/** `count` samples of a sine at 24 kHz, as PCM16 at `amplitude` of full scale. */
export function tone24k(count: number, hz: number, amplitude = 0.3, phase0 = 0): Int16Array {
  const out = new Int16Array(count);
  for (let i = 0; i < count; i++) {
    out[i] = Math.round(32767 * amplitude * Math.sin(phase0 + (2 * Math.PI * hz * i) / 24_000));
  }
  return out;
}

/** RMS (0…1 of full scale) of each whole 20 ms frame. */
export function rmsEnvelope(samples: Int16Array): number[] {
  const frames = Math.floor(samples.length / FRAME_SAMPLES);
  const out: number[] = [];
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let i = f * FRAME_SAMPLES; i < (f + 1) * FRAME_SAMPLES; i++) {
      const v = (samples[i] as number) / 32768;
      sum += v * v;
    }
    out.push(Math.sqrt(sum / FRAME_SAMPLES));
  }
  return out;
}

/**
 * The speech span: first to last frame whose RMS is above `relativeThreshold` of the loudest
 * frame (relative, so the browser's auto gain does not move it). Null for silence.
 */
export function activeSpan(
  envelope: number[],
  relativeThreshold = 0.02,
): { start: number; end: number; frames: number; ms: number } | null {
  const peak = Math.max(0, ...envelope);
  if (peak <= 1e-4) return null; // below −80 dBFS: silence
  const limit = peak * relativeThreshold;
  const start = envelope.findIndex((v) => v > limit);
  const end = envelope.findLastIndex((v) => v > limit);
  const frames = end - start + 1;
  return { start, end, frames, ms: frames * FRAME_MS };
}

/** Envelope in dB, floored at −60 dBFS (so gain changes shift it, and pauses do not dominate). */
export function toDb(envelope: number[]): number[] {
  return envelope.map((v) => 20 * Math.log10(Math.max(v, 1e-3)));
}

/**
 * Pearson correlation of `a` and `b` at the best lag in ±`maxLag` frames, over the overlap
 * (which must cover at least half the shorter sequence).
 */
export function bestCorrelation(
  a: number[],
  b: number[],
  maxLag = 25,
): { correlation: number; lag: number } {
  let best = { correlation: -1, lag: 0 };
  const minOverlap = Math.ceil(Math.min(a.length, b.length) / 2);
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    const x = lag >= 0 ? a.slice(lag) : a;
    const y = lag >= 0 ? b : b.slice(-lag);
    const n = Math.min(x.length, y.length);
    if (n < minOverlap) continue;
    const c = pearson(x.slice(0, n), y.slice(0, n));
    if (c > best.correlation) best = { correlation: c, lag };
  }
  return best;
}

function pearson(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

/** Base64 PCM16 (an `input_audio_buffer.append`'s `audio`) → samples. */
export function decodeBase64Pcm16(audio: string): Int16Array {
  return readPcm16(Buffer.from(audio, 'base64'));
}

/** Samples → base64 PCM16 little-endian (a server audio delta). */
export function encodeBase64Pcm16(samples: Int16Array): string {
  const bytes = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) bytes.writeInt16LE(samples[i] as number, i * 2);
  return bytes.toString('base64');
}
