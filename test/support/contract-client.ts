import { WebSocket, type RawData } from 'ws';
import { CONTRACT_PATH, type BrowserHost } from '../../main/host/browser-host';

/** One JSON message the browser host sent. */
export type HostMessage = Record<string, unknown>;

/** A stand-in for the browser renderer on the host's contract socket: raw frames, recorded. */
export interface ContractClient {
  ws: WebSocket;
  /** Every text frame received, parsed. */
  messages: HostMessage[];
  /** Every raw text frame received, as sent. */
  rawText: string[];
  /** Binary frames received. */
  binaryCount: number;
  /** The first message (past ones included) matching `match`. */
  waitFor(match: (m: HostMessage) => boolean, timeoutMs?: number): Promise<HostMessage>;
  /** Send one invoke and wait for its result. */
  invoke(channel: string, payload?: unknown, timeoutMs?: number): Promise<HostMessage>;
  close(): Promise<void>;
}

let nextId = 1;

/** Opens the contract socket of `host` with its token and same-origin headers. */
export async function connectContractClient(
  host: BrowserHost,
  token: string,
): Promise<ContractClient> {
  const origin = `http://127.0.0.1:${host.port}`;
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}${CONTRACT_PATH}?token=${token}`, {
    origin,
  });
  const messages: HostMessage[] = [];
  const rawText: string[] = [];
  const waiters = new Set<() => void>();
  const client: ContractClient = {
    ws,
    messages,
    rawText,
    binaryCount: 0,
    waitFor: (match, timeoutMs = 5000) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          const found = messages.find(match);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          const seen = messages.slice(-5).map((m) => JSON.stringify(m).slice(0, 300));
          reject(new Error(`no matching message in ${timeoutMs} ms; last: ${seen.join('\n')}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    invoke: (channel, payload, timeoutMs) => {
      const id = nextId++;
      ws.send(JSON.stringify({ type: 'invoke', id, channel, payload }));
      return client.waitFor((m) => m.type === 'result' && m.id === id, timeoutMs);
    },
    close: async () => {
      if (ws.readyState === WebSocket.CLOSED) return;
      const closed = new Promise((resolve) => ws.once('close', resolve));
      ws.terminate();
      await closed;
    },
  };
  ws.on('message', (data: RawData, isBinary: boolean) => {
    if (isBinary) {
      client.binaryCount++;
      return;
    }
    const text = data.toString();
    rawText.push(text);
    messages.push(JSON.parse(text) as HostMessage);
    for (const wake of [...waiters]) wake();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return client;
}
