/**
 * A page without a browser, in a process of its own: it speaks to Parley's browser host as the
 * renderer does (the contract's `app.ready` invoke as JSON, audio as binary frames in Parley's
 * own codec), plays what it gets in real time ({@link FakePlayer}) and reports what it played,
 * and captures 20 ms microphone frames on a real-time schedule once armed. With `relay` it talks
 * to the plain-`ws` relay floor the same way, minus the contract.
 *
 * Usage: fake-page-process.ts <ws url> parley|relay. IPC in: `{cmd: 'capture', frames}` (start
 * capturing at the next audio that arrives), `{cmd: 'stats'}`. IPC out: `page_ready`,
 * `page_captured`, `page_stats`.
 */
import { WebSocket } from 'ws';
import { decodeAudioMessage, encodeAudioMessage } from '../../preload/audio-wire';
import { FakePlayer } from './fake-player';
import { FRAME_MS, FRAME_SAMPLES, paced, tone } from './mock-audio';

/** What the page reports over IPC. */
export type PageMessage =
  | { kind: 'page_ready' }
  | { kind: 'page_captured'; frames: number }
  | {
      kind: 'page_stats';
      underruns: number;
      samplesReceived: number;
      messages: number;
      /** Text frames from the host by event name (`result` for invoke answers). */
      events: Record<string, number>;
    };

const [url, mode] = process.argv.slice(2);
if (!url || (mode !== 'parley' && mode !== 'relay')) {
  throw new Error('usage: fake-page-process.ts <ws url> parley|relay');
}
const report = (message: PageMessage): void => void process.send?.(message);
const socket = new WebSocket(url);
const player = new FakePlayer((reports) => {
  for (const r of reports) socket.send(encodeAudioMessage({ kind: 'played', ...r }));
});
let armed = 0;
let messages = 0;
const events: Record<string, number> = {};
const frames = Array.from({ length: 50 }, (_, i) => tone(FRAME_SAMPLES, i * FRAME_SAMPLES));

function capture(count: number): void {
  paced(FRAME_MS, (k) => {
    if (k >= count || socket.readyState !== socket.OPEN) {
      report({ kind: 'page_captured', frames: k });
      return false;
    }
    socket.send(encodeAudioMessage({ kind: 'capture', pcm: frames[k % frames.length]! }));
    return true;
  });
}

socket.on('open', () => {
  player.run();
  if (mode === 'relay') report({ kind: 'page_ready' });
  else socket.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'app.ready' }));
});
socket.on('message', (data, isBinary) => {
  if (!isBinary) {
    const message = JSON.parse(data.toString()) as { type?: string; id?: number; event?: string };
    const name = message.event ?? message.type ?? 'unknown';
    events[name] = (events[name] ?? 0) + 1;
    if (message.type === 'result' && message.id === 1) report({ kind: 'page_ready' });
    return;
  }
  messages++;
  const msg = decodeAudioMessage(data);
  if (msg.kind === 'play') {
    player.play(msg.itemId, msg.pcm);
    if (armed > 0) {
      capture(armed);
      armed = 0;
    }
  } else if (msg.kind === 'item_end') player.end(msg.itemId);
  else if (msg.kind === 'stop') player.stop();
});
socket.on('close', () => process.exit(0));
process.on('message', (command: { cmd: string; frames?: number }) => {
  if (command.cmd === 'capture') armed = command.frames ?? 0;
  else if (command.cmd === 'stats') {
    const { underruns, samplesReceived } = player;
    report({ kind: 'page_stats', underruns, samplesReceived, messages, events });
  }
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
