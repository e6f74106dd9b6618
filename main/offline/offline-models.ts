import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Logger } from '../base/logger';
import { loadFliteVoice, type OfflineVoice } from './flite-voice';
import { loadGrammarRecognizer, type GrammarRecognizer } from './grammar-recognizer';
import { loadSileroVad, type SileroVad } from './silero-vad';
import { EXTRA_PRONUNCIATIONS, type Lexicon } from './spoken-words';

/** The three models, each loaded on first use and then shared by every conversation. */
export interface OfflineModels {
  vad(): Promise<SileroVad>;
  recognizer(): Promise<GrammarRecognizer>;
  voice(): Promise<OfflineVoice>;
  /** Releases what was loaded. */
  dispose(): Promise<void>;
}

/** A loader that runs once; a failed load is forgotten so the next use tries again. */
function once<T>(load: () => Promise<T>): { get: () => Promise<T>; peek: () => Promise<T> | null } {
  let pending: Promise<T> | null = null;
  return {
    get: () => {
      pending ??= load().catch((error: unknown) => {
        pending = null;
        throw error;
      });
      return pending;
    },
    peek: () => pending,
  };
}

/** Loads each model lazily, logging how long it took. */
export function createOfflineModels(log: Logger): OfflineModels {
  const timed =
    <T>(name: string, load: () => Promise<T>) =>
    async (): Promise<T> => {
      const start = performance.now();
      const model = await load();
      log('info', 'offline.model_loaded', { name, ms: Math.round(performance.now() - start) });
      return model;
    };
  const vad = once(timed('silero-vad', () => loadSileroVad()));
  const recognizer = once(timed('soundswallower', () => loadGrammarRecognizer(log)));
  const voice = once(timed('flite', () => loadFliteVoice()));
  return {
    vad: vad.get,
    recognizer: recognizer.get,
    voice: voice.get,
    async dispose() {
      const settle = <T>(p: Promise<T> | null): Promise<T | null> =>
        p ? p.catch(() => null) : Promise.resolve(null);
      await (await settle(vad.peek()))?.release();
      (await settle(recognizer.peek()))?.dispose();
      (await settle(voice.peek()))?.dispose();
    },
  };
}

/** soundswallower's en-us pronunciation dictionary. */
export function dictionaryPath(): string {
  const entry = createRequire(import.meta.url).resolve('soundswallower');
  return join(dirname(entry), 'model', 'en-us', 'dict.txt');
}

/**
 * The recogniser's words without loading the recogniser: the same dictionary file plus
 * {@link EXTRA_PRONUNCIATIONS}, so the command list is known at start-up for free.
 */
export async function loadDictionaryLexicon(path = dictionaryPath()): Promise<Lexicon> {
  const text = await readFile(path, 'utf8');
  const words = new Set<string>(Object.keys(EXTRA_PRONUNCIATIONS));
  for (const line of text.split('\n')) {
    const end = line.indexOf(' ');
    if (end > 0) words.add(line.slice(0, end).replace(/\(\d+\)$/, ''));
  }
  return { has: (word) => words.has(word) };
}
