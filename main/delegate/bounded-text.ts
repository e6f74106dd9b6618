/**
 * Splits streamed text into lines (`\n` or `\r\n`). A line longer than `maxLineChars` is
 * emitted in pieces, so one endless line cannot grow memory.
 */
export class LineSplitter {
  private partial = '';

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLineChars = 8_000,
  ) {}

  /** Feed the next chunk of decoded text. */
  push(text: string): void {
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop() ?? '';
    for (const part of parts) this.onLine(part.endsWith('\r') ? part.slice(0, -1) : part);
    while (this.partial.length > this.maxLineChars) {
      this.onLine(this.partial.slice(0, this.maxLineChars));
      this.partial = this.partial.slice(this.maxLineChars);
    }
  }

  /** Emit what is left after the stream ended (a last line without newline). */
  end(): void {
    if (this.partial) this.onLine(this.partial);
    this.partial = '';
  }
}

/** Keeps the last `maxChars` characters of a stream and counts what it dropped. */
export class TailText {
  private text = '';
  private dropped = 0;

  constructor(private readonly maxChars: number) {}

  /** Append a chunk. */
  push(chunk: string): void {
    this.text += chunk;
    const excess = this.text.length - this.maxChars;
    if (excess > 0) {
      this.text = this.text.slice(excess);
      this.dropped += excess;
    }
  }

  /** Characters dropped from the front so far. */
  get droppedChars(): number {
    return this.dropped;
  }

  /** The kept text, marked when its head was dropped. */
  toString(): string {
    return this.dropped > 0 ? `[… ${this.dropped} characters omitted …]\n${this.text}` : this.text;
  }
}
