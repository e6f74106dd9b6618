/**
 * The floor: a plain `ws` client that does only what any client must, with one socket. It sends
 * `session.update`, JSON-encodes and base64s each captured 20 ms frame, and JSON-parses each
 * server event, base64-decoding the audio deltas.
 *
 * Usage: ws-floor-process.ts <ws url>. IPC in: `{cmd: 'capture', frames}`. IPC out:
 * `client_ready`, `client_captured`.
 */
import { WebSocket } from 'ws';
import { FRAME_MS, FRAME_SAMPLES, paced, tone } from './mock-audio';

/** What a benchmark client reports over IPC. */
export type ClientMessage =
  | { kind: 'client_ready'; pagePort?: number }
  | { kind: 'client_captured'; frames: number }
  | { kind: 'client_counts'; audioBytes: number; transcriptDeltas: number };

const [url] = process.argv.slice(2);
if (!url) throw new Error('usage: ws-floor-process.ts <ws url>');
const report = (message: ClientMessage): void => void process.send?.(message);
const socket = new WebSocket(url, { headers: { Authorization: 'Bearer sk-bench-not-a-real-key' } });
let armed = 0;
let audioBytes = 0;
let transcriptDeltas = 0;
const frames = Array.from({ length: 50 }, (_, i) => tone(FRAME_SAMPLES, i * FRAME_SAMPLES));

socket.on('open', () => {
  const session = { type: 'realtime', audio: { output: { voice: 'marin' } } };
  socket.send(JSON.stringify({ type: 'session.update', session }));
  report({ kind: 'client_ready' });
});
socket.on('message', (data) => {
  const event = JSON.parse(data.toString()) as { type: string; delta?: string };
  if (event.type === 'response.output_audio.delta' && event.delta) {
    audioBytes += Buffer.from(event.delta, 'base64').byteLength;
    if (armed > 0) {
      capture(armed);
      armed = 0;
    }
  } else if (event.type === 'response.output_audio_transcript.delta') transcriptDeltas++;
});

function capture(count: number): void {
  paced(FRAME_MS, (k) => {
    if (k >= count) return (report({ kind: 'client_captured', frames: k }), false);
    const pcm = frames[k % frames.length]!;
    const audio = Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength).toString('base64');
    socket.send(JSON.stringify({ type: 'input_audio_buffer.append', audio }));
    return true;
  });
}

process.on('message', (command: { cmd: string; frames?: number }) => {
  if (command.cmd === 'capture') armed = command.frames ?? 0;
  if (command.cmd === 'counts') report({ kind: 'client_counts', audioBytes, transcriptDeltas });
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
