import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import createModule, { type Decoder } from 'soundswallower';
import type { Logger } from '../base/logger';
import {
  buildJsgf,
  buildPhoneLoopJsgf,
  FILLER_WORDS,
  garbageWords,
  grammarWords,
} from './command-grammar';
import type { OfflineCommand } from './offline-commands';
import { EXTRA_PRONUNCIATIONS, type Lexicon } from './spoken-words';

/** The recogniser's input rate. */
export const RECOGNIZER_SAMPLE_RATE = 16_000;
/** Feature frames per second (10 ms hop). */
const FRAMES_PER_SECOND = 100;

/**
 * Least score per frame by which the best command path must beat the free phone loop to count.
 * Measured on synthetic speech cut like a detected turn: flite's voices put commands at 5.3 and
 * up and unrelated sentences at 2.4 and below; espeak-ng's formant voices fit the model worse,
 * and their margins move by ±1 with the 10 ms frame phase, so two-word commands and unrelated
 * sentences both land between 2 and 3.5 there. The threshold favours recognising commands.
 */
export const DEFAULT_ACCEPT_MARGIN = 2.8;

/** What the recogniser made of one utterance. */
export type Recognition =
  /** A command phrase (fillers removed), exactly as the grammar spells it. */
  | { kind: 'command'; phrase: string; margin: number }
  /** The best command did not fit clearly better than arbitrary speech. */
  | { kind: 'rejected'; nearest: string; margin: number }
  /** The search found no path at all (too short, or nothing like speech). */
  | { kind: 'nothing' };

/** Grammar-constrained recognition with soundswallower's en-us model. */
export interface GrammarRecognizer {
  readonly lexicon: Lexicon;
  /** Loads the grammar for `commands`; throws when a phrase uses a word without pronunciation. */
  setCommands(commands: readonly OfflineCommand[]): void;
  /** Recognises one utterance of 16 kHz float samples (synchronous: a few ms per second). */
  recognize(samples: Float32Array): Recognition;
  /** The best command path alone, without the phone-loop check (for benchmarks). */
  bestCommand(samples: Float32Array): string;
  dispose(): void;
}

/** The parts of the Emscripten module the score needs (pinned soundswallower 0.6.3). */
interface ScoreAccess {
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  _decoder_hyp(decoder: number, scorePointer: number): number;
  HEAP32: Int32Array;
}

function modelBase(): string {
  const entry = createRequire(import.meta.url).resolve('soundswallower');
  return `${join(dirname(entry), 'model')}/`;
}

/**
 * Loads soundswallower and its en-us model once, as two decoders: the command grammar and the
 * phone loop it is measured against. The Emscripten module adds a process-wide
 * `uncaughtException` listener that rethrows; it is removed so the host's handling is kept.
 */
export async function loadGrammarRecognizer(
  log: Logger,
  acceptMargin = DEFAULT_ACCEPT_MARGIN,
): Promise<GrammarRecognizer> {
  const before = new Set(process.listeners('uncaughtException'));
  const module = await createModule({
    modelBase: modelBase(),
    print: (text: string) => log('debug', 'offline.recognizer_output', { text }),
    printErr: (text: string) => log('debug', 'offline.recognizer_output', { text }),
  } as Partial<EmscriptenModule>);
  for (const listener of process.listeners('uncaughtException')) {
    if (!before.has(listener)) process.removeListener('uncaughtException', listener);
  }
  const access = module as unknown as Partial<ScoreAccess>;
  if (!access._malloc || !access._free || !access._decoder_hyp || !access.HEAP32) {
    throw new Error('This soundswallower build does not expose hypothesis scores.');
  }
  const open = async (): Promise<Decoder> => {
    const decoder = new module.Decoder({ loglevel: 'FATAL', samprate: RECOGNIZER_SAMPLE_RATE });
    await decoder.initialize();
    // Adding a word the dictionary already has fails: add only the missing ones.
    const extra = Object.entries(EXTRA_PRONUNCIATIONS).filter(([w]) => !decoder.lookup_word(w));
    decoder.add_words(...garbageWords(), ...extra);
    return decoder;
  };
  const commands = await open();
  const phones = await open();
  phones.set_grammar(buildPhoneLoopJsgf());
  return createRecognizer(commands, phones, access as ScoreAccess, acceptMargin);
}

function createRecognizer(
  commands: Decoder,
  phones: Decoder,
  access: ScoreAccess,
  acceptMargin: number,
): GrammarRecognizer {
  const lexicon: Lexicon = { has: (word) => commands.lookup_word(word) !== null };
  const scorePointer = access._malloc(4);
  let ready = false;
  const decode = (decoder: Decoder, samples: Float32Array): { text: string; score: number } => {
    decoder.start();
    decoder.process_audio(samples, false, true);
    decoder.stop();
    const handle = (decoder as unknown as { cdecoder: number }).cdecoder;
    access._decoder_hyp(handle, scorePointer);
    return { text: decoder.get_text().trim(), score: access.HEAP32[scorePointer >> 2] ?? 0 };
  };
  return {
    lexicon,
    setCommands(list) {
      const missing = grammarWords(list).filter((word) => !lexicon.has(word));
      if (missing.length > 0) throw new Error(`No pronunciation for: ${missing.join(', ')}`);
      commands.set_grammar(buildJsgf(list));
      ready = true;
    },
    recognize(samples) {
      if (!ready) throw new Error('recognize() before setCommands()');
      const best = decode(commands, samples);
      if (best.text === '') return { kind: 'nothing' };
      const loop = decode(phones, samples);
      const frames = Math.max(1, (samples.length / RECOGNIZER_SAMPLE_RATE) * FRAMES_PER_SECOND);
      const margin = (best.score - loop.score) / frames;
      const phrase = withoutFillers(best.text);
      return margin >= acceptMargin
        ? { kind: 'command', phrase, margin }
        : { kind: 'rejected', nearest: phrase, margin };
    },
    bestCommand(samples) {
      if (!ready) throw new Error('bestCommand() before setCommands()');
      return withoutFillers(decode(commands, samples).text);
    },
    dispose() {
      access._free(scorePointer);
      commands.delete();
      phones.delete();
    },
  };
}

const FILLERS = new Set<string>(FILLER_WORDS);

function withoutFillers(text: string): string {
  return text
    .split(/\s+/)
    .filter((word) => !FILLERS.has(word))
    .join(' ');
}
