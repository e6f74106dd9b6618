import type { Protocol } from '../../preload/schemas/settings';
import type { RealtimeEndpoint } from './endpoint';
import { parseLive } from './parse-live';
import { parseV1 } from './parse-v1';
import { parseV2 } from './parse-v2';
import type { ParseProblem, ParseResult, RealtimeEvent } from './realtime-events';
import { NoSessionError } from './session-types';
import type { RealtimeTransport, TransportClose } from './transport';

/** What the live socket's traffic turns into. */
export interface SessionSocketHandlers {
  /** One parsed server event from the live socket, in arrival order. */
  onEvent(event: RealtimeEvent): void;
  /** A frame that was dropped (unparseable, or binary). */
  onProblem(problem: ParseProblem): void;
  /** The live socket closed; it is already released. */
  onClose(close: TransportClose): void;
}

const PARSERS: Readonly<Record<Protocol, (text: string) => ParseResult>> = {
  v1: parseV1,
  v2: parseV2,
  live: parseLive,
};

interface Connection {
  transport: RealtimeTransport;
  generation: number;
  offs: (() => void)[];
}

/**
 * The session's sockets: the live one, and at most one still in its handshake. A new socket
 * takes over only once open (during a rotation the old one keeps working), and a newer open or
 * a {@link closeAll} voids an older handshake. Frames of the live socket go through the parser
 * of its protocol to the handlers.
 */
export class SessionSockets {
  private live: Connection | null = null;
  /** A connection still in its handshake, so a stop can abort it. */
  private pending: Connection | null = null;
  private generation = 0;

  constructor(
    private readonly createTransport: (endpoint: RealtimeEndpoint) => RealtimeTransport,
    private readonly handlers: SessionSocketHandlers,
  ) {}

  /** The live socket's transport, or null between sockets. */
  get transport(): RealtimeTransport | null {
    return this.live?.transport ?? null;
  }

  /**
   * Open a socket and make it the live one, releasing the previous. Resolves true once it is
   * live, false when a newer open or a {@link closeAll} overtook it; rejects with the connect
   * error.
   */
  async open(endpoint: RealtimeEndpoint, protocol: Protocol): Promise<boolean> {
    const generation = ++this.generation;
    const transport = this.createTransport(endpoint);
    const connection: Connection = { transport, generation, offs: [] };
    const parse = PARSERS[protocol];
    connection.offs.push(
      transport.on('message', (text) => {
        if (this.live !== connection) return;
        const parsed = parse(text);
        if (!parsed.ok) return this.handlers.onProblem(parsed.problem);
        for (const event of parsed.events) this.handlers.onEvent(event);
      }),
      transport.on('binary', (frame) =>
        this.handlers.onProblem({
          reason: 'bad_fields',
          eventType: null,
          detail: `binary frame of ${frame.byteLength} bytes ignored`,
        }),
      ),
      transport.on('close', (close) => {
        if (this.live !== connection) return;
        this.release(connection);
        this.live = null;
        this.handlers.onClose(close);
      }),
    );
    this.pending = connection;
    try {
      await transport.connect();
    } catch (error) {
      this.release(connection);
      throw error;
    } finally {
      if (this.pending === connection) this.pending = null;
    }
    if (this.generation !== generation) {
      this.release(connection);
      return false;
    }
    const previous = this.live;
    this.live = connection;
    if (previous && previous !== connection) this.release(previous);
    return true;
  }

  /**
   * Write one client event on the live socket now.
   * @throws {NoSessionError} when no socket is open
   */
  send(event: object): void {
    const transport = this.live?.transport;
    if (!transport || transport.state !== 'open') {
      throw new NoSessionError('The realtime session is not connected.');
    }
    transport.send(JSON.stringify(event));
  }

  /** Release every socket; one still in its handshake is aborted (its open rejects). */
  closeAll(): void {
    this.generation++;
    if (this.pending) this.release(this.pending);
    this.pending = null;
    if (this.live) this.release(this.live);
    this.live = null;
  }

  private release(connection: Connection): void {
    for (const off of connection.offs) off();
    connection.transport.dispose();
  }
}
