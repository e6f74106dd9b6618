import type { ChildProcess } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import type { ProgressItem } from '../../preload/schemas/tasks';
import { LineSplitter, TailText } from './bounded-text';

/** One output stream of the command: its bounded tail and its lines as progress. */
class StreamCapture {
  readonly tail: TailText;
  private readonly lines: LineSplitter;
  private readonly decoder = new StringDecoder('utf8');

  constructor(limit: number, onLine: (line: string) => void) {
    this.tail = new TailText(limit);
    this.lines = new LineSplitter(onLine);
  }

  push(chunk: Buffer): void {
    const text = this.decoder.write(chunk);
    this.tail.push(text);
    this.lines.push(text);
  }

  end(): void {
    const rest = this.decoder.end();
    this.tail.push(rest);
    this.lines.push(rest);
    this.lines.end();
  }
}

/** What a command printed: stdout whole (its tail) as the result, stderr's tail for failures. */
export class CommandOutput {
  private readonly out: StreamCapture;
  private readonly err: StreamCapture;

  constructor(
    limits: { resultChars: number; stderrChars: number },
    progress: (item: ProgressItem) => void,
  ) {
    this.out = new StreamCapture(limits.resultChars, (line) =>
      progress({ kind: 'log', line, stream: 'stdout' }),
    );
    this.err = new StreamCapture(limits.stderrChars, (line) =>
      progress({ kind: 'log', line, stream: 'stderr' }),
    );
  }

  attach(child: ChildProcess): void {
    child.stdout?.on('data', (chunk: Buffer) => this.out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.err.push(chunk));
  }

  /** The process is over: flush partial characters and lines. */
  finish(): { stdout: string; stderrTail: string } {
    this.out.end();
    this.err.end();
    return { stdout: this.out.tail.toString(), stderrTail: this.err.tail.toString().trim() };
  }
}
