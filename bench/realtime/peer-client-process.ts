/**
 * The peer: `@openai/agents-realtime`'s WebSocket transport, as an app on the server would use
 * it. It connects to the mock, sends each captured 20 ms frame with `sendAudio` and receives the
 * audio and transcript events it emits (an app would hand them to its own player), and
 * truncates on `speech_started` by its own rules.
 *
 * Usage: peer-client-process.ts <ws url>. IPC in: `{cmd: 'capture', frames}`. IPC out:
 * `client_ready`, `client_captured`.
 */
import { OpenAIRealtimeWebSocket } from '@openai/agents-realtime';
import { FRAME_MS, FRAME_SAMPLES, paced, tone } from './mock-audio';
import type { ClientMessage } from './ws-floor-process';

const [url] = process.argv.slice(2);
if (!url) throw new Error('usage: peer-client-process.ts <ws url>');
const report = (message: ClientMessage): void => void process.send?.(message);
const transport = new OpenAIRealtimeWebSocket({ url });
let armed = 0;
let audioBytes = 0;
let transcriptDeltas = 0;
const frames = Array.from(
  { length: 50 },
  (_, i) => tone(FRAME_SAMPLES, i * FRAME_SAMPLES).buffer as ArrayBuffer,
);

transport.on('audio', (event) => {
  audioBytes += event.data.byteLength;
  if (armed === 0) return;
  const count = armed;
  armed = 0;
  paced(FRAME_MS, (k) => {
    if (k >= count) return (report({ kind: 'client_captured', frames: k }), false);
    transport.sendAudio(frames[k % frames.length]!);
    return true;
  });
});
transport.on('audio_transcript_delta', () => void transcriptDeltas++);
transport.on('error', () => {});

await transport.connect({
  apiKey: 'sk-bench-not-a-real-key',
  model: 'gpt-realtime',
  initialSessionConfig: {
    audio: {
      input: { turnDetection: { type: 'server_vad', interruptResponse: true } },
      output: { voice: 'marin' },
    },
  },
});
report({ kind: 'client_ready' });
process.on('message', (command: { cmd: string; frames?: number }) => {
  if (command.cmd === 'capture') armed = command.frames ?? 0;
  if (command.cmd === 'counts') report({ kind: 'client_counts', audioBytes, transcriptDeltas });
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
