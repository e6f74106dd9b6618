import type { MainToRendererAudio } from '../../preload/audio-wire';
import { MAX_PLAY_CHUNK_SAMPLES } from './assistant-audio';

/**
 * Joins the play chunks of one item that come in one go (servers send audio faster than real
 * time, so one socket read often holds many deltas) into one message to the renderer, so the
 * page link carries one frame where it carried dozens. A chunk waits only until `defer` runs
 * (the end of the current task); any other message sends what waits first, so order is kept
 * and a stop never waits. At most {@link MAX_PLAY_CHUNK_SAMPLES} samples go in one message.
 */
export class PlayBatcher {
  private itemId: string | null = null;
  private chunks: Int16Array[] = [];
  private samples = 0;
  private scheduled = false;

  /**
   * @param send delivers one message to the renderer
   * @param defer runs `flush` once the current task is done (`queueMicrotask` in the app)
   */
  constructor(
    private readonly send: (msg: MainToRendererAudio) => void,
    private readonly defer: (flush: () => void) => void,
  ) {}

  push(msg: MainToRendererAudio): void {
    if (msg.kind !== 'play') {
      this.flush();
      this.send(msg);
      return;
    }
    if (this.itemId !== msg.itemId || this.samples + msg.pcm.length > MAX_PLAY_CHUNK_SAMPLES) {
      this.flush();
    }
    this.itemId = msg.itemId;
    this.chunks.push(msg.pcm);
    this.samples += msg.pcm.length;
    if (!this.scheduled) {
      this.scheduled = true;
      this.defer(() => {
        this.scheduled = false;
        this.flush();
      });
    }
  }

  /** Sends what waits now. */
  flush(): void {
    const { itemId, chunks } = this;
    if (itemId === null || chunks.length === 0) return;
    this.itemId = null;
    this.chunks = [];
    this.samples = 0;
    this.send({ kind: 'play', itemId, pcm: chunks.length === 1 ? chunks[0]! : concat(chunks) });
  }
}

function concat(chunks: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(chunks.reduce((sum, c) => sum + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
