/** One renderer's binary audio connection (a MessagePort in Electron, a WebSocket in the browser host). */
export interface RendererAudioLink {
  send(data: ArrayBuffer): void;
}

/** What {@link AudioHub.attach} returns: how the link feeds the hub, and how it leaves. */
export interface AttachedAudioLink {
  /** A message from this renderer (ignored unless it is the active one). */
  receive(data: ArrayBuffer): void;
  detach(): void;
}

/**
 * Connects the audio pipeline to the renderers. Only the most recently attached renderer is
 * active — it captures and plays; an older page stays silent instead of doubling the
 * microphone and the voice — and when it leaves, the previous one takes over again.
 */
export class AudioHub {
  private readonly links: RendererAudioLink[] = [];
  private readonly attachListeners = new Set<(count: number) => void>();

  constructor(private readonly receiver: (data: ArrayBuffer) => void) {}

  attach(link: RendererAudioLink): AttachedAudioLink {
    this.links.push(link);
    this.announce();
    return {
      receive: (data) => {
        if (this.active === link) this.receiver(data);
      },
      detach: () => {
        const index = this.links.indexOf(link);
        if (index >= 0) {
          this.links.splice(index, 1);
          this.announce();
        }
      },
    };
  }

  /** Send to the active renderer; a link that fails is detached. */
  broadcast(data: ArrayBuffer): void {
    const link = this.active;
    if (!link) return;
    try {
      link.send(data);
    } catch {
      this.links.splice(this.links.indexOf(link), 1);
      this.announce();
    }
  }

  get attachedCount(): number {
    return this.links.length;
  }

  onAttachedChange(listener: (count: number) => void): () => void {
    this.attachListeners.add(listener);
    return () => this.attachListeners.delete(listener);
  }

  dispose(): void {
    this.links.length = 0;
    this.attachListeners.clear();
  }

  private get active(): RendererAudioLink | undefined {
    return this.links[this.links.length - 1];
  }

  private announce(): void {
    for (const listener of [...this.attachListeners]) listener(this.links.length);
  }
}
