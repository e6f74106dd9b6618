import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Logger } from '../base/logger';

/** One connection's handler: text frames in, closed once. */
export interface ConnectionHandler {
  receive(text: string): void;
  close(): void;
}

/** A listening loopback WebSocket server. */
export interface LoopbackServer {
  /** `ws://127.0.0.1:PORT/v1`: a base URL the realtime session accepts as it is. */
  readonly url: string;
  readonly port: number;
  /** Open connections. */
  readonly connectionCount: number;
  close(): Promise<void>;
}

/** Largest client frame accepted (a 20 ms frame is ~1.3 KB; typed text and outputs are small). */
const MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;

function toText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return Array.isArray(data)
    ? Buffer.concat(data).toString('utf8')
    : Buffer.from(data).toString('utf8');
}

/**
 * Serves WebSocket connections on 127.0.0.1 only (port 0: any free port); every connection
 * gets its own handler. Plain HTTP requests get 426. Binary frames are answered with an
 * `error` event and otherwise ignored, as the cloud API does.
 */
export async function startLoopbackServer(
  port: number,
  log: Logger,
  connect: (send: (event: object) => void, request: IncomingMessage) => ConnectionHandler,
): Promise<LoopbackServer> {
  const http = createServer((_req, res) => res.writeHead(426).end('WebSocket only'));
  const wss = new WebSocketServer({ server: http, maxPayload: MAX_PAYLOAD_BYTES });
  const sockets = new Set<WebSocket>();
  wss.on('connection', (socket, request) => {
    sockets.add(socket);
    const send = (event: object): void => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(event));
    };
    const handler = connect(send, request);
    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        send({
          type: 'error',
          error: { type: 'invalid_request_error', message: 'Binary frames are not supported.' },
        });
        return;
      }
      handler.receive(toText(data));
    });
    socket.on('close', () => {
      sockets.delete(socket);
      handler.close();
    });
    socket.on('error', (error) => log('warn', 'offline.socket_error', { message: error.message }));
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, '127.0.0.1', () => resolve());
  });
  const actualPort = (http.address() as AddressInfo).port;
  let closing: Promise<void> | null = null;
  return {
    url: `ws://127.0.0.1:${actualPort}/v1`,
    port: actualPort,
    get connectionCount() {
      return sockets.size;
    },
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        for (const socket of sockets) socket.terminate();
        wss.close();
        http.closeAllConnections();
        http.close(() => resolve());
      });
      return closing;
    },
  };
}
