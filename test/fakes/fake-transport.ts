import { TypedEmitter } from '../../main/base/typed-emitter';
import type { RealtimeEndpoint } from '../../main/realtime/endpoint';
import {
  TransportNotOpenError,
  type RealtimeTransport,
  type TransportClose,
  type TransportEvents,
  type TransportState,
} from '../../main/realtime/transport';

/**
 * A recording transport: `sent` holds every client event (parsed), `receive` plays a server
 * event, `drop` closes from the server side. It connects at once unless told to refuse.
 */
export class FakeTransport implements RealtimeTransport {
  readonly sent: Record<string, unknown>[] = [];
  state: TransportState = 'idle';
  bufferedAmount = 0;
  private readonly emitter = new TypedEmitter<TransportEvents>();

  constructor(
    readonly endpoint: RealtimeEndpoint,
    private readonly refuse: Error | null = null,
  ) {}

  on<K extends keyof TransportEvents & string>(
    event: K,
    listener: (payload: TransportEvents[K]) => void,
  ): () => void {
    return this.emitter.on(event, listener);
  }

  async connect(): Promise<void> {
    if (this.refuse) {
      this.state = 'closed';
      throw this.refuse;
    }
    this.state = 'open';
    this.emitter.emit('open', undefined);
  }

  send(text: string): void {
    if (this.state !== 'open') throw new TransportNotOpenError('The fake transport is not open.');
    this.sent.push(JSON.parse(text) as Record<string, unknown>);
  }

  /** Client events sent so far of one type. */
  sentOfType(type: string): Record<string, unknown>[] {
    return this.sent.filter((event) => event.type === type);
  }

  /** The server sends one event (an object is JSON-encoded, a string goes as is). */
  receive(event: object | string): void {
    this.emitter.emit('message', typeof event === 'string' ? event : JSON.stringify(event));
  }

  /** The server sends a binary frame (realtime servers send text only). */
  receiveBinary(data: Uint8Array): void {
    this.emitter.emit('binary', { byteLength: data.byteLength, data });
  }

  /** The server drops the socket. */
  drop(detail = 'dropped by the test'): void {
    this.finish({ reason: 'transport_closed', code: 1006, detail });
  }

  close(): void {
    if (this.state === 'open') this.finish({ reason: 'requested', code: 1000, detail: '' });
  }

  dispose(): void {
    this.close();
    this.emitter.dispose();
  }

  private finish(close: TransportClose): void {
    if (this.state !== 'open') return;
    this.state = 'closed';
    this.emitter.emit('close', close);
  }
}

/** A transport factory that records every transport it made. */
export function fakeTransports(options: { refuse?: Error } = {}) {
  const made: FakeTransport[] = [];
  return {
    made,
    create: (endpoint: RealtimeEndpoint): FakeTransport => {
      const transport = new FakeTransport(endpoint, options.refuse ?? null);
      made.push(transport);
      return transport;
    },
    /** The newest transport. */
    get latest(): FakeTransport | undefined {
      return made.at(-1);
    },
  };
}
