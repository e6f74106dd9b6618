import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import createModule, { type Decoder } from 'soundswallower';
import type { Logger } from '../base/logger';
import {
  buildJsgf,
  FILLER_WORDS,
  garbageWords,
  grammarWords,
  isGarbageHypothesis,
  type GrammarWeights,
} from './command-grammar';
import type { OfflineCommand } from './offline-commands';
import { EXTRA_PRONUNCIATIONS, type Lexicon } from './spoken-words';

/** The recogniser's input rate. */
export const RECOGNIZER_SAMPLE_RATE = 16_000;

/** What the recogniser made of one utterance. */
export type Recognition =
  /** A command phrase (fillers removed), exactly as the grammar spells it. */
  | { kind: 'command'; phrase: string }
  /** Speech that fits no command better than the free phone loop. */
  | { kind: 'rejected' }
  /** The search found no path at all (too short, or nothing like speech). */
  | { kind: 'nothing' };

/** Grammar-constrained recognition with soundswallower's en-us model. */
export interface GrammarRecognizer {
  readonly lexicon: Lexicon;
  /** Loads the grammar for `commands`; throws when a phrase uses a word without pronunciation. */
  setCommands(commands: readonly OfflineCommand[], weights?: GrammarWeights): void;
  /** Recognises one utterance of 16 kHz float samples (synchronous: a few ms per second). */
  recognize(samples: Float32Array): Recognition;
  dispose(): void;
}

function modelBase(): string {
  const entry = createRequire(import.meta.url).resolve('soundswallower');
  return `${join(dirname(entry), 'model')}/`;
}

/**
 * Loads soundswallower and its en-us model once. The Emscripten module adds a process-wide
 * `uncaughtException` listener that rethrows; it is removed again so the host's own handling
 * stays as it was.
 */
export async function loadGrammarRecognizer(log: Logger): Promise<GrammarRecognizer> {
  const before = new Set(process.listeners('uncaughtException'));
  const module = await createModule({
    modelBase: modelBase(),
    print: (text: string) => log('debug', 'offline.recognizer_output', { text }),
    printErr: (text: string) => log('debug', 'offline.recognizer_output', { text }),
  } as Partial<EmscriptenModule>);
  for (const listener of process.listeners('uncaughtException')) {
    if (!before.has(listener)) process.removeListener('uncaughtException', listener);
  }
  const decoder = new module.Decoder({ loglevel: 'FATAL', samprate: RECOGNIZER_SAMPLE_RATE });
  await decoder.initialize();
  decoder.add_words(...garbageWords(), ...Object.entries(EXTRA_PRONUNCIATIONS));
  return createRecognizer(decoder);
}

function createRecognizer(decoder: Decoder): GrammarRecognizer {
  const lexicon: Lexicon = { has: (word) => decoder.lookup_word(word) !== null };
  let ready = false;
  return {
    lexicon,
    setCommands(commands, weights) {
      const missing = grammarWords(commands).filter((word) => !lexicon.has(word));
      if (missing.length > 0) {
        throw new Error(`No pronunciation for: ${missing.join(', ')}`);
      }
      decoder.set_grammar(buildJsgf(commands, weights));
      ready = true;
    },
    recognize(samples) {
      if (!ready) throw new Error('recognize() before setCommands()');
      decoder.start();
      decoder.process_audio(samples, false, true);
      decoder.stop();
      return toRecognition(decoder.get_text());
    },
    dispose() {
      decoder.delete();
    },
  };
}

const FILLERS = new Set<string>(FILLER_WORDS);

function toRecognition(hypothesis: string): Recognition {
  const text = hypothesis.trim();
  if (text === '') return { kind: 'nothing' };
  if (isGarbageHypothesis(text)) return { kind: 'rejected' };
  const words = text.split(/\s+/).filter((word) => !FILLERS.has(word));
  return { kind: 'command', phrase: words.join(' ') };
}
