/**
 * The relay floor: plain `ws` with the two sockets Parley needs, doing only what any relay
 * must. The page's capture frames (Parley's codec) go out as base64 JSON appends; each server
 * audio delta is decoded straight into a play message for the page (Parley's codec), the
 * transcript deltas are forwarded as JSON text; everything else is parsed and dropped. No
 * playback accounting, no barge-in.
 *
 * Usage: ws-relay-process.ts <ws url>. IPC out: `client_ready {pagePort}` once the server
 * socket is open and the page socket listens.
 */
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { AUDIO_WIRE_HEADER_BYTES, AUDIO_WIRE_MAGIC } from '../../preload/audio-wire';
import type { ClientMessage } from './ws-floor-process';

const PLAY_KIND = 2;
const ITEM_END_KIND = 3;
const CAPTURE_KIND = 1;

const [url] = process.argv.slice(2);
if (!url) throw new Error('usage: ws-relay-process.ts <ws url>');
const report = (message: ClientMessage): void => void process.send?.(message);
const server = new WebSocket(url, { headers: { Authorization: 'Bearer sk-bench-not-a-real-key' } });
const pages = new WebSocketServer({ host: '127.0.0.1', port: 0 });
let page: WebSocket | null = null;

/** A play or item_end message of Parley's codec, PCM decoded from base64 in place. */
function audioMessage(kind: number, itemId: string, base64: string | null): Buffer {
  const idEnd = AUDIO_WIRE_HEADER_BYTES + Buffer.byteLength(itemId);
  const pcmStart = base64 === null ? idEnd : idEnd + (idEnd & 1);
  const out = Buffer.allocUnsafe(pcmStart + (base64 === null ? 0 : (base64.length * 3) >> 2));
  out[0] = AUDIO_WIRE_MAGIC;
  out[1] = kind;
  out.writeUInt16LE(idEnd - AUDIO_WIRE_HEADER_BYTES, 2);
  out.writeUInt32LE(0, 4);
  out.write(itemId, AUDIO_WIRE_HEADER_BYTES, 'utf8');
  if (base64 === null) return out;
  if (pcmStart > idEnd) out[idEnd] = 0;
  const written = out.write(base64, pcmStart, 'base64');
  return out.subarray(0, pcmStart + written);
}

server.on('message', (data) => {
  const event = JSON.parse(data.toString()) as { type: string; delta?: string; item_id?: string };
  if (!page) return;
  if (event.type === 'response.output_audio.delta' && event.delta && event.item_id) {
    page.send(audioMessage(PLAY_KIND, event.item_id, event.delta), { binary: true });
  } else if (event.type === 'response.output_audio.done' && event.item_id) {
    page.send(audioMessage(ITEM_END_KIND, event.item_id, null), { binary: true });
  } else if (event.type === 'response.output_audio_transcript.delta') {
    page.send(JSON.stringify({ type: 'event', event: 'transcript.delta', delta: event.delta }));
  }
});

pages.on('connection', (socket) => {
  page = socket;
  socket.on('message', (data, isBinary) => {
    const bytes = data as Buffer;
    // Played and underrun reports need no answer from a floor; capture frames go out.
    if (!isBinary || bytes[0] !== AUDIO_WIRE_MAGIC || bytes[1] !== CAPTURE_KIND) return;
    const audio = bytes.toString('base64', AUDIO_WIRE_HEADER_BYTES);
    server.send(`{"type":"input_audio_buffer.append","audio":"${audio}"}`);
  });
});

server.on('open', () => {
  const session = { type: 'realtime', audio: { output: { voice: 'marin' } } };
  server.send(JSON.stringify({ type: 'session.update', session }));
  report({ kind: 'client_ready', pagePort: (pages.address() as AddressInfo).port });
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
