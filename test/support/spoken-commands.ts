/**
 * Spoken test audio for the offline engine: sentences synthesised by Debian's espeak-ng and
 * flite, decoded and resampled to the wire format (24 kHz PCM16), with known silence around
 * them so the truth of where the speech is comes from the synthesis itself.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { floatToInt16, PCM16_RATE } from '../../main/audio/pcm16';
import { resample } from '../../main/audio/resampler';
import { parseWav } from '../../main/offline/wav-file';

/** A synthetic speaker: the program and its voice. */
export interface Speaker {
  program: 'espeak-ng' | 'flite';
  voice: string;
}

/**
 * The speakers the tests use. soundswallower's small en-us model recognises only some of
 * espeak-ng's formant voices (its default voice gives no path at all; f2 and f5 are recognised
 * reliably, most others poorly), so the espeak speakers are those two variants.
 */
export const SPEAKERS: readonly Speaker[] = [
  { program: 'espeak-ng', voice: 'en-us+f2' },
  { program: 'espeak-ng', voice: 'en-us+f5' },
  { program: 'flite', voice: 'kal' },
  { program: 'flite', voice: 'slt' },
];

const DEBIAN_PACKAGE: Record<Speaker['program'], string> = {
  'espeak-ng': 'espeak-ng',
  flite: 'flite',
};

/** Fails with a clear message naming the Debian package when a program is missing. */
export function requireSpeaker(program: Speaker['program']): void {
  try {
    execFileSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' });
  } catch {
    throw new Error(
      `${program} is not installed: the offline engine's tests speak their commands with it ` +
        `(apt-get install ${DEBIAN_PACKAGE[program]}; \`bash .ci/run\` installs it).`,
    );
  }
}

/** Where the speech is in a padded utterance, in ms from its first sample. */
export interface SpokenUtterance {
  /** 24 kHz PCM16. */
  samples: Int16Array;
  /** The synthesiser's own output starts and ends here (its edges may hold a little silence). */
  synthStartMs: number;
  synthEndMs: number;
}

/** Speaks `text` and returns it at 24 kHz with `padMs` of digital silence either side. */
export function speakText(
  speaker: Speaker,
  text: string,
  padMs = { before: 0, after: 0 },
): SpokenUtterance {
  requireSpeaker(speaker.program);
  const dir = mkdtempSync(join(tmpdir(), 'parley-spoken-'));
  try {
    const wav = join(dir, 'utterance.wav');
    if (speaker.program === 'espeak-ng')
      execFileSync('espeak-ng', ['-v', speaker.voice, '-w', wav, text]);
    else execFileSync('flite', ['-voice', speaker.voice, '-t', text, '-o', wav]);
    const speech = parseWav(readFileSync(wav));
    const body = floatToInt16(resample(speech.samples, speech.sampleRate, PCM16_RATE));
    const before = Math.round((padMs.before * PCM16_RATE) / 1000);
    const after = Math.round((padMs.after * PCM16_RATE) / 1000);
    const samples = new Int16Array(before + body.length + after);
    samples.set(body, before);
    return {
      samples,
      synthStartMs: padMs.before,
      synthEndMs: padMs.before + (body.length * 1000) / PCM16_RATE,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Where the sound really is: the first and last 10 ms window whose RMS is within 40 dB of the
 * loudest window (the synthesisers leave a little near-silence at their edges).
 */
export function audibleSpan(samples: Int16Array): { startMs: number; endMs: number } {
  const window = PCM16_RATE / 100;
  const rms: number[] = [];
  for (let at = 0; at + window <= samples.length; at += window) {
    let sum = 0;
    for (let i = at; i < at + window; i++) sum += (samples[i] ?? 0) ** 2;
    rms.push(Math.sqrt(sum / window));
  }
  const floor = Math.max(...rms) / 100;
  const first = rms.findIndex((v) => v > floor);
  const last = rms.findLastIndex((v) => v > floor);
  return { startMs: first * 10, endMs: (last + 1) * 10 };
}

/** 24 kHz PCM16 → 16 kHz floats, the recogniser's input (the engine's own path). */
export function toRecognizerInput(samples: Int16Array): Float32Array {
  const floats = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) floats[i] = (samples[i] ?? 0) / 32768;
  return resample(floats, PCM16_RATE, 16_000);
}
