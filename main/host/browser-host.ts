import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Logger } from '../base/logger';
import type { ParleyApp } from '../app/parley-app';
import { tokenMatches } from './access-token';
import { MAX_CLIENT_MESSAGE_BYTES, serveContractSocket } from './contract-socket';
import { readStaticFile } from './static-files';

export interface BrowserHostOptions {
  app: ParleyApp;
  /** Folder of the built renderer (out/renderer). */
  rendererDir: string;
  port: number;
  token: string;
  log: Logger;
}

export interface BrowserHost {
  /** The URL to open, token included. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Path of the renderer WebSocket: the contract as JSON text frames, audio as binary frames. */
export const CONTRACT_PATH = '/parley';

const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
    "connect-src 'self'; media-src 'self' blob:; worker-src 'self' blob:; object-src 'none'; " +
    "base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
};

/** The page for an address without the right token: what to open instead. */
const NEEDS_TOKEN_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Parley: access token needed</title></head>
<body><h1>Parley: this address needs the access token</h1>
<p>Open the address <code>parley serve</code> printed when it started (it ends in
<code>?token=…</code>). It stays the same for a data folder across restarts; after
<code>parley serve --new-token</code> only the new address works.</p>
<p>Lost it? Stop Parley and run <code>npm run serve</code> (or <code>node bin/parley serve</code>)
again in the Parley folder: it prints the address.</p></body></html>
`;

/**
 * Serves the built renderer on 127.0.0.1 and carries the contract over a WebSocket. The page
 * and the socket both require the run's access token; the socket also requires a same-origin
 * `Origin`, so another site open in the browser cannot talk to Parley.
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const { app, log, token } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES });
  const server: Server = createServer((req, res) => {
    if (!isLoopbackHost(req.headers.host, server)) {
      return respond(res, 421, 'text/plain; charset=utf-8', 'Parley only answers on 127.0.0.1.');
    }
    void serveHttp(req, res, options);
  });

  server.on('upgrade', (req, socket, head) => {
    // Node drops its own error listener on upgrade; a reset here must not crash the host.
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = req.headers.origin;
    const host = req.headers.host;
    const sameOrigin = origin === undefined || origin === `http://${host}`;
    if (
      !isLoopbackHost(host, server) ||
      url.pathname !== CONTRACT_PATH ||
      !tokenMatches(url.searchParams.get('token'), token) ||
      !sameOrigin
    ) {
      log('warn', 'host.refused', { reason: 'bad token, origin or path', path: url.pathname });
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      log('info', 'host.renderer_attached');
      serveContractSocket(ws, app, log);
      ws.on('close', () => log('info', 'host.renderer_detached'));
    });
  });

  await listen(server, options.port);
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${encodeURIComponent(token)}`,
    port,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function serveHttp(
  req: IncomingMessage,
  res: ServerResponse,
  options: BrowserHostOptions,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return respond(res, 405, 'text/plain; charset=utf-8', 'Method not allowed.');
  }
  const isPage = url.pathname === '/' || url.pathname === '/index.html';
  const file = await readStaticFile(options.rendererDir, isPage ? '/index.html' : url.pathname);
  // Any HTML needs the token, however its path is spelled (`/%69ndex.html`, `/INDEX.HTML`).
  const needsToken = isPage || (file !== null && file.type.startsWith('text/html'));
  if (needsToken && !tokenMatches(url.searchParams.get('token'), options.token)) {
    return respond(res, 403, 'text/html; charset=utf-8', NEEDS_TOKEN_PAGE);
  }
  if (!file) return respond(res, 404, 'text/plain; charset=utf-8', 'Not found.');
  respond(res, 200, file.type, file.body);
}

function respond(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type });
  res.end(body);
}

/**
 * The Host header must name the loopback address we listen on: a page that rebinds its own
 * DNS name to 127.0.0.1 sends its own name here and is refused (DNS rebinding).
 */
export function isLoopbackHost(host: string | undefined, server: Server): boolean {
  const address = server.address();
  if (!host || !address || typeof address === 'string') return false;
  return host === `127.0.0.1:${address.port}` || host === `localhost:${address.port}`;
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}
