import { DropOldestQueue } from '../base/drop-oldest-queue';
import type { RealtimeTransport } from './transport';

/** Input audio queue size in 20 ms frames. */
export const INPUT_AUDIO_QUEUE_FRAMES = 256;
/** Text and handoff-output queue size; senders wait for space. */
export const TEXT_QUEUE_LIMIT = 64;
/** Keep at most this much unsent data in the socket before audio waits in the queue. */
const MAX_SOCKET_BUFFER_BYTES = 512 * 1024;

/**
 * The client → server queues of a session: audio frames (bounded, drop oldest, counted) and
 * text events (bounded, senders wait). They drain into whichever socket is live, so frames
 * captured during a reconnect go out on the new socket.
 */
export class SessionSendQueue {
  private readonly audio = new DropOldestQueue<{ seq: number; frame: string }>(
    INPUT_AUDIO_QUEUE_FRAMES,
  );
  /** Each text event remembers the last audio frame queued before it, to keep wire order. */
  private readonly text: {
    event: object;
    afterAudio: number;
    resolve: () => void;
    reject: (error: Error) => void;
  }[] = [];
  private audioSeq = 0;
  /** Bumped by {@link clear}: a sender that waited for space across a clear gives up. */
  private generation = 0;
  private clearedBecause = new Error('The realtime session ended before this was sent.');
  private readonly spaceWaiters: (() => void)[] = [];

  /**
   * @param liveTransport the open transport to drain into, or null while not live
   * @param audioEventType the protocol's audio event (`input_audio_buffer.append` for V1/V2)
   */
  constructor(
    private readonly liveTransport: () => RealtimeTransport | null,
    private readonly audioEventType: () => string = () => 'input_audio_buffer.append',
  ) {}

  /** Audio frames dropped because the queue was full. */
  get droppedAudioFrames(): number {
    return this.audio.dropped;
  }

  get queuedAudioFrames(): number {
    return this.audio.size;
  }

  /** Queues one base64 audio frame (sent as is: base64 needs no JSON escaping). */
  pushAudio(base64Frame: string): void {
    ++this.audioSeq;
    // The usual case, 50 times a second: nothing waits and the socket keeps up, so the frame
    // goes straight out (in order: nothing queued is ahead of it).
    if (this.audio.size === 0 && this.text.length === 0) {
      const transport = this.liveTransport();
      if (transport?.state === 'open' && transport.bufferedAmount < MAX_SOCKET_BUFFER_BYTES) {
        return this.sendAudioNow(transport, base64Frame);
      }
    }
    this.audio.push({ seq: this.audioSeq, frame: base64Frame });
    this.drain();
  }

  private sendAudioNow(transport: RealtimeTransport, base64Frame: string): void {
    // Base64 needs no JSON escaping: the same text as JSON.stringify, built without it.
    transport.send(`{"type":"${this.audioEventType()}","audio":"${base64Frame}"}`);
  }

  /**
   * Queue a text event; resolves once it was written to a socket, rejects when the queue is
   * cleared first (the session stopped or gave up: it was never sent).
   */
  async pushEvent(event: object): Promise<void> {
    const generation = this.generation;
    while (this.text.length >= TEXT_QUEUE_LIMIT) {
      await new Promise<void>((resolve) => this.spaceWaiters.push(resolve));
      if (generation !== this.generation) throw this.clearedBecause;
    }
    const sent = new Promise<void>((resolve, reject) =>
      this.text.push({ event, afterAudio: this.audioSeq, resolve, reject }),
    );
    this.drain();
    return sent;
  }

  /**
   * Write what the live socket can take, in the order it was queued: audio captured before a
   * text event (say, the frames before a `commit`) always goes out before it. Audio that no
   * text event waits for stops at the socket's buffer limit.
   */
  drain(): void {
    const transport = this.liveTransport();
    if (!transport || transport.state !== 'open') return;
    for (;;) {
      const nextText = this.text[0];
      const nextAudio = this.audio.peek();
      if (nextText && (!nextAudio || nextAudio.seq > nextText.afterAudio)) {
        this.text.shift();
        transport.send(JSON.stringify(nextText.event));
        nextText.resolve();
        this.spaceWaiters.shift()?.();
      } else if (nextAudio && (nextText || transport.bufferedAmount < MAX_SOCKET_BUFFER_BYTES)) {
        this.audio.shift();
        this.sendAudioNow(transport, nextAudio.frame);
      } else {
        return;
      }
    }
  }

  /** Forget everything queued; senders still waiting learn that nothing was sent. */
  clear(reason: Error = new Error('The realtime session ended before this was sent.')): void {
    this.generation++;
    this.clearedBecause = reason;
    this.audio.clear();
    for (const pending of this.text.splice(0)) pending.reject(reason);
    for (const wake of this.spaceWaiters.splice(0)) wake();
  }
}
