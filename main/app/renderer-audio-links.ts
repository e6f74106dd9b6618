import { TypedEmitter } from '../base/typed-emitter';

/** One renderer's binary audio connection (a MessagePort in Electron, a WebSocket in the browser host). */
export interface RendererAudioLink {
  send(data: ArrayBuffer | Uint8Array): void;
}

/** What {@link RendererAudioLinks.attach} returns: how the link feeds main, and how it leaves. */
export interface AttachedAudioLink {
  /** A message from this renderer (ignored unless it is the active one). */
  receive(data: ArrayBuffer | Uint8Array): void;
  detach(): void;
}

/** Events of {@link RendererAudioLinks}. */
export type RendererAudioLinksEvents = {
  /** A renderer attached or left; `count` links remain. */
  attached: { count: number };
};

/**
 * The renderers' audio links. Only the most recently attached renderer is active — it captures
 * and plays; an older page stays silent instead of doubling the microphone and the voice — and
 * when it leaves, the previous one takes over again.
 */
export class RendererAudioLinks {
  private readonly links: RendererAudioLink[] = [];
  private readonly emitter = new TypedEmitter<RendererAudioLinksEvents>();

  constructor(private readonly receiver: (data: ArrayBuffer | Uint8Array) => void) {}

  on<K extends keyof RendererAudioLinksEvents>(
    event: K,
    listener: (payload: RendererAudioLinksEvents[K]) => void,
  ): () => void {
    return this.emitter.on(event, listener);
  }

  attach(link: RendererAudioLink): AttachedAudioLink {
    this.links.push(link);
    this.announce();
    return {
      receive: (data) => {
        if (this.active === link) this.receiver(data);
      },
      detach: () => this.remove(link),
    };
  }

  /** Send to the active renderer; a link that fails is detached. */
  send(data: ArrayBuffer | Uint8Array): void {
    const link = this.active;
    if (!link) return;
    try {
      link.send(data);
    } catch {
      this.remove(link);
    }
  }

  get attachedCount(): number {
    return this.links.length;
  }

  dispose(): void {
    this.links.length = 0;
    this.emitter.dispose();
  }

  private get active(): RendererAudioLink | undefined {
    return this.links[this.links.length - 1];
  }

  private remove(link: RendererAudioLink): void {
    const index = this.links.indexOf(link);
    if (index < 0) return;
    this.links.splice(index, 1);
    this.announce();
  }

  private announce(): void {
    this.emitter.emit('attached', { count: this.links.length });
  }
}
