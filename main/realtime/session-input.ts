/**
 * What the client puts into a session, queued for whichever socket is live
 * ({@link SessionSendQueue}): microphone frames (on Live, a silence filler fills the gaps
 * between them), the user's typed text in the form each protocol takes, and other client events
 * (on Live, only its own).
 */
import type { Protocol } from '../../preload/schemas/settings';
import { assertLiveClientEvent, typedTextAppends } from './live-link';
import { SessionSendQueue } from './session-send-queue';
import type { LiveInputFiller, RealtimeSessionOptions } from './session-types';
import type { RealtimeTransport } from './transport';

/** A session's client → server input; see the module comment. */
export class SessionInput {
  private readonly queue: SessionSendQueue;
  private readonly filler: LiveInputFiller | null;

  /**
   * @param socket The socket that takes input now, or null while none does.
   * @param protocol The running session's protocol, or null without one.
   */
  constructor(
    socket: () => RealtimeTransport | null,
    private readonly protocol: () => Protocol | null,
    createInputFiller: RealtimeSessionOptions['createInputFiller'],
  ) {
    this.queue = new SessionSendQueue(socket, () =>
      this.protocol() === 'live' ? 'session.input_audio.append' : 'input_audio_buffer.append',
    );
    this.filler = createInputFiller?.((frame) => this.queue.pushAudio(frame)) ?? null;
  }

  /** Input audio frames dropped because the queue was full. */
  get droppedAudioFrames(): number {
    return this.queue.droppedAudioFrames;
  }

  /** Queues one base64 PCM16 microphone frame. */
  pushAudio(base64Frame: string): void {
    this.filler?.noteRealFrame();
    this.queue.pushAudio(base64Frame);
  }

  /**
   * Queues the user's typed text: a user message (V1/V2), or instructions the Live model answers
   * (the Live API has no user messages). Resolves to whether a response must be asked for: on
   * V2 only, as the V1 server answers a new user item by itself.
   */
  async pushText(text: string): Promise<boolean> {
    const protocol = this.protocol();
    if (protocol === 'live') {
      for (const event of typedTextAppends(text)) await this.queue.pushEvent(event);
      return false;
    }
    const v2 = protocol === 'v2';
    const body = v2 ? `[USER] ${text}` : text;
    await this.queue.pushEvent({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: body }] },
    });
    return v2;
  }

  /** Queues any client event (bounded; waits for space); on Live only Live's own events. */
  async pushEvent(event: object): Promise<void> {
    if (this.protocol() === 'live') assertLiveClientEvent(event);
    await this.queue.pushEvent(event);
  }

  /** Sends what waited for the socket, in the order it was queued. */
  drain(): void {
    this.queue.drain();
  }

  /** Forgets everything queued; senders still waiting learn that nothing was sent. */
  clear(): void {
    this.queue.clear();
  }

  /** Starts Live's silence filler (a no-op without one). */
  startFiller(): void {
    this.filler?.start();
  }

  /** Stops the silence filler until the next {@link startFiller}. */
  stopFiller(): void {
    this.filler?.stop();
  }

  /** Releases the filler for good. */
  dispose(): void {
    this.filler?.dispose();
  }
}
