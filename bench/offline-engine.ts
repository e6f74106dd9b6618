import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { floatToInt16 } from '../main/audio/pcm16';
import { systemClock } from '../main/base/clock';
import { silentLogger } from '../main/base/logger';
import { buildJsgf } from '../main/offline/command-grammar';
import { loadGrammarRecognizer } from '../main/offline/grammar-recognizer';
import { buildCommandSet, type OfflineCommand } from '../main/offline/offline-commands';
import { startOfflineEngine } from '../main/offline/offline-engine';
import { readWorkspaceFacts } from '../main/offline/workspace-facts';
import { SERVER_VAD } from '../main/realtime/session-config';
import { makeSampleWorkspace } from '../test/support/offline-workspace';
import {
  audibleSpan,
  SPEAKERS,
  speakText,
  toRecognizerInput,
} from '../test/support/spoken-commands';
import { formatTable, mean, quantile, writeResults } from './bench-report';

/**
 * The offline engine's benchmark: recognition real-time factor and accuracy of the engine's
 * two-pass soundswallower recogniser, side by side with soundswallower's grammar pass alone and
 * Debian's pocketsphinx_batch on the same 16 kHz WAVs and grammar; then end of speech → first
 * reply audio over the engine's own socket, with audio sent in real time.
 */
const UNRELATED = ['tell me a joke', 'what time is it', 'play some music', 'turn off the lights'];
const LATENCY_UTTERANCES = ['run the tests', 'what changed today', 'make deploy', 'list the files'];

interface Utterance {
  speaker: string;
  text: string;
  expected: string | null;
  pcm16k: Float32Array;
}

interface PeerRun {
  name: string;
  seconds: number;
  audioSeconds: number;
  correct: number;
  falseAccepts: number;
  total: number;
}

function corpus(commands: readonly OfflineCommand[]): Utterance[] {
  const out: Utterance[] = [];
  for (const speaker of SPEAKERS) {
    const texts = [
      ...commands.map((c) => [c.phrase, c.phrase] as const),
      ...UNRELATED.map((t) => [t, null] as const),
    ];
    for (const [text, expected] of texts) {
      const pcm16k = toRecognizerInput(
        speakText(speaker, text, { before: 300, after: 300 }).samples,
      );
      out.push({ speaker: `${speaker.program}/${speaker.voice}`, text, expected, pcm16k });
    }
  }
  return out;
}

function score(
  name: string,
  utterances: Utterance[],
  heard: (string | null)[],
  seconds: number,
): PeerRun {
  let correct = 0;
  let falseAccepts = 0;
  utterances.forEach((u, i) => {
    const got = heard[i] ?? null;
    if (u.expected === null ? got === null : got === u.expected) correct++;
    if (u.expected === null && got !== null) falseAccepts++;
  });
  const audioSeconds = utterances.reduce((s, u) => s + u.pcm16k.length / 16_000, 0);
  return { name, seconds, audioSeconds, correct, falseAccepts, total: utterances.length };
}

async function runSoundswallower(utterances: Utterance[], commands: readonly OfflineCommand[]) {
  const recognizer = await loadGrammarRecognizer(silentLogger);
  recognizer.setCommands(commands);
  const timed = (
    pick: (u: Utterance) => string | null,
  ): { heard: (string | null)[]; s: number } => {
    const start = performance.now();
    const heard = utterances.map(pick);
    return { heard, s: (performance.now() - start) / 1000 };
  };
  const engine = timed((u) => {
    const r = recognizer.recognize(u.pcm16k);
    return r.kind === 'command' ? r.phrase : null;
  });
  const grammarOnly = timed((u) => recognizer.bestCommand(u.pcm16k) || null);
  recognizer.dispose();
  return { engine, grammarOnly };
}

function wav16k(samples: Float32Array): Buffer {
  const pcm = floatToInt16(samples);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + pcm.byteLength, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(16_000, 24);
  header.writeUInt32LE(32_000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(pcm.byteLength, 40);
  return Buffer.concat([header, Buffer.from(pcm.buffer)]);
}

/** Debian's pocketsphinx on the same audio and grammar: one process, all files. */
function runPocketsphinx(
  utterances: Utterance[],
  commands: readonly OfflineCommand[],
): PeerRun | null {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-ps-'));
  try {
    utterances.forEach((u, i) => writeFileSync(join(dir, `u${i}.wav`), wav16k(u.pcm16k)));
    writeFileSync(join(dir, 'ctl'), utterances.map((_, i) => `u${i}`).join('\n') + '\n');
    writeFileSync(join(dir, 'g.gram'), buildJsgf(commands).replace(/\bjson\b/g, 'jason'));
    const start = performance.now();
    execFileSync('pocketsphinx_batch', [
      '-ctl', join(dir, 'ctl'), '-cepdir', dir, '-cepext', '.wav', '-adcin', 'yes',
      '-adchdr', '44', '-jsgf', join(dir, 'g.gram'), '-hyp', join(dir, 'hyp'), '-logfn', '/dev/null',
    ]); // prettier-ignore
    const seconds = (performance.now() - start) / 1000;
    const byId = new Map<string, string>();
    for (const line of readFileSync(join(dir, 'hyp'), 'utf8').split('\n')) {
      const m = /^(.*) \((u\d+) -?\d+\)$/.exec(line.trim());
      if (m?.[2])
        byId.set(
          m[2],
          (m[1] ?? '')
            .replace(/\bjason\b/g, 'json')
            .replace(/\bplease\b/g, '')
            .trim(),
        );
    }
    const heard = utterances.map((_, i) => byId.get(`u${i}`) || null);
    return score('pocketsphinx_batch (closed grammar)', utterances, heard, seconds);
  } catch (error) {
    console.log(
      `pocketsphinx_batch unavailable (${(error as Error).message.split('\n')[0]}): apt-get install pocketsphinx pocketsphinx-en-us`,
    );
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** End of speech → first reply audio, over a raw socket, audio paced in real time. */
async function measureLatency(workspace: string): Promise<{ text: string; ms: number }[]> {
  const engine = await startOfflineEngine({ workspace, clock: systemClock, log: silentLogger });
  await engine.warmUp();
  const socket = new WebSocket(`${engine.url}/realtime`);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const firstAudio: number[] = [];
  socket.on('message', (data) => {
    const event = JSON.parse(data.toString()) as { type: string };
    if (event.type === 'response.output_audio.delta') firstAudio.push(performance.now());
  });
  socket.send(
    JSON.stringify({
      type: 'session.update',
      session: {
        tools: [{ name: 'background_agent' }],
        audio: { input: { turn_detection: SERVER_VAD } },
      },
    }),
  );
  const results: { text: string; ms: number }[] = [];
  for (const text of LATENCY_UTTERANCES) {
    const spoken = speakText(SPEAKERS[3] ?? SPEAKERS[0]!, text, { before: 400, after: 1_500 });
    const speechEnd = audibleSpan(spoken.samples).endMs;
    const start = performance.now();
    let endSentAt = 0;
    const before = firstAudio.length;
    for (let at = 0, frame = 0; at < spoken.samples.length; at += 480, frame++) {
      const due = start + frame * 20;
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
      socket.send(
        JSON.stringify({
          type: 'input_audio_buffer.append',
          audio: Buffer.from(spoken.samples.slice(at, at + 480).buffer).toString('base64'),
        }),
      );
      if (endSentAt === 0 && (at + 480) / 24 >= speechEnd) endSentAt = performance.now();
    }
    const deadline = performance.now() + 5_000;
    while (firstAudio.length === before && performance.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    const first = firstAudio[before];
    results.push({ text, ms: first === undefined ? Number.NaN : first - endSentAt });
    await new Promise((r) => setTimeout(r, 3_000));
  }
  socket.close();
  await engine.close();
  return results;
}

/** Runs the benchmark, prints its tables and writes `bench/results/offline-engine.json`. */
export async function runOfflineEngine(): Promise<void> {
  const workspace = makeSampleWorkspace();
  try {
    const recognizer = await loadGrammarRecognizer(silentLogger);
    const { facts } = await readWorkspaceFacts(workspace);
    const commands = buildCommandSet(facts, recognizer.lexicon).commands;
    recognizer.dispose();
    const utterances = corpus(commands);
    const ss = await runSoundswallower(utterances, commands);
    const runs = [
      score('parley engine (grammar + phone-loop check)', utterances, ss.engine.heard, ss.engine.s),
      score('soundswallower grammar only', utterances, ss.grammarOnly.heard, ss.grammarOnly.s),
      runPocketsphinx(utterances, commands),
    ].filter((r): r is PeerRun => r !== null);
    const base = runs[0]!;
    console.log(
      `\nrecognition: ${utterances.length} utterances, ${base.audioSeconds.toFixed(1)} s of audio\n`,
    );
    console.log(
      formatTable(
        ['recogniser', 'RTF', 'RTF ratio vs engine', 'correct', 'false accepts'],
        runs.map((r) => [
          r.name,
          (r.seconds / r.audioSeconds).toFixed(4),
          (r.seconds / base.seconds).toFixed(2),
          `${r.correct}/${r.total}`,
          r.falseAccepts,
        ]),
      ),
    );
    const latency = await measureLatency(workspace);
    const ms = latency.map((l) => l.ms).filter(Number.isFinite);
    const silence = SERVER_VAD.silence_duration_ms;
    console.log('\nend of speech → first reply audio (real-time audio, server VAD)\n');
    console.log(
      formatTable(
        ['utterance', 'ms', 'ratio vs silence window'],
        latency.map((l) => [l.text, l.ms.toFixed(0), (l.ms / silence).toFixed(2)]),
      ),
    );
    console.log(
      `median ${quantile(ms, 0.5).toFixed(0)} ms, mean ${mean(ms).toFixed(0)} ms; the ${silence} ms silence window is the floor any server VAD waits`,
    );
    const path = writeResults('offline-engine', {
      benchmark: 'offline-engine',
      recognition: runs.map((r) => ({
        ...r,
        rtf: r.seconds / r.audioSeconds,
        ratioVsEngine: r.seconds / base.seconds,
      })),
      latency: { silenceWindowMs: silence, utterances: latency, medianMs: quantile(ms, 0.5) },
    });
    console.log(`\nwrote ${path}`);
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}
