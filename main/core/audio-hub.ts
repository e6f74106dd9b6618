/** One renderer's binary audio connection (a MessagePort in Electron, a WebSocket in the browser host). */
export interface RendererAudioLink {
  send(data: ArrayBuffer): void;
}

/**
 * Fans audio messages from main out to every attached renderer and hands what renderers send
 * to one receiver. Attaching and detaching are announced so the core can start capture as soon
 * as a renderer with a microphone is there.
 */
export class AudioHub {
  private readonly links = new Set<RendererAudioLink>();
  private readonly attachListeners = new Set<(count: number) => void>();

  constructor(private readonly receiver: (data: ArrayBuffer) => void) {}

  /** Attach a renderer's link; returns the detach function. */
  attach(link: RendererAudioLink): () => void {
    this.links.add(link);
    this.announce();
    return () => {
      if (this.links.delete(link)) this.announce();
    };
  }

  /** A message from a renderer. */
  receive(data: ArrayBuffer): void {
    this.receiver(data);
  }

  /** Send to every attached renderer; a failing link is detached. */
  broadcast(data: ArrayBuffer): void {
    for (const link of [...this.links]) {
      try {
        link.send(data);
      } catch {
        this.links.delete(link);
        this.announce();
      }
    }
  }

  get attachedCount(): number {
    return this.links.size;
  }

  onAttachedChange(listener: (count: number) => void): () => void {
    this.attachListeners.add(listener);
    return () => this.attachListeners.delete(listener);
  }

  dispose(): void {
    this.links.clear();
    this.attachListeners.clear();
  }

  private announce(): void {
    for (const listener of [...this.attachListeners]) listener(this.links.size);
  }
}
