import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One Responses-API stream event (`data:` line payload). */
export type SseEvent = { type: string } & Record<string, unknown>;

/** How the server answers one `POST /v1/responses`. */
export type ResponseReply =
  /** An SSE stream of these events, then the end of the body. */
  | { events: SseEvent[]; delayMs?: number }
  /** Open the stream and never finish it (until the client leaves or the server closes). */
  | { hang: true }
  /** A plain HTTP error. */
  | { status: number; body?: string };

/** A request the server received. */
export interface RecordedResponsesRequest {
  index: number;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  /** The parsed JSON body, or null. */
  body: Record<string, unknown> | null;
  /** `performance.now()` at arrival. */
  at: number;
}

/** A reply, or a function choosing one from the request. */
export type ReplyScript = ResponseReply | ((request: RecordedResponsesRequest) => ResponseReply);

/** Options of {@link startScriptedResponsesServer}. */
export interface ScriptedResponsesOptions {
  /** `replies[i]` answers the i-th `POST …/responses` (0-based). */
  replies?: ReplyScript[];
  /** Answer for requests past the script. Default: an assistant message "(no more script)". */
  fallback?: ReplyScript;
}

/** A running scripted Responses-API server on `127.0.0.1`. */
export interface ScriptedResponsesServer {
  port: number;
  /** `http://127.0.0.1:PORT/v1`, the provider `base_url`. */
  baseUrl: string;
  /** Every request received, in order (including non-`responses` ones). */
  requests: RecordedResponsesRequest[];
  /** Resolves once `count` `responses` requests arrived; rejects after `timeoutMs`. */
  waitForRequests(count: number, timeoutMs?: number): Promise<RecordedResponsesRequest[]>;
  close(): Promise<void>;
}

let responseCounter = 0;

/** `response.completed` with a usage block (Codex reads `usage` from it). */
export function completedEvent(usage = { input: 10, output: 5 }): SseEvent {
  return {
    type: 'response.completed',
    response: {
      id: `resp_${++responseCounter}`,
      usage: {
        input_tokens: usage.input,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens: usage.output,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: usage.input + usage.output,
      },
    },
  };
}

/** A reply with an assistant message, then `response.completed`. */
export function messageReply(
  text: string,
  usage?: { input: number; output: number },
): ResponseReply {
  return {
    events: [
      { type: 'response.created', response: { id: `resp_${++responseCounter}` } },
      {
        type: 'response.output_item.done',
        item: {
          type: 'message',
          role: 'assistant',
          id: `msg_${responseCounter}`,
          content: [{ type: 'output_text', text }],
        },
      },
      completedEvent(usage),
    ],
  };
}

/** A reply with one function call (`arguments` JSON-encoded), then `response.completed`. */
export function functionCallReply(
  name: string,
  args: object,
  callId = `call_${++responseCounter}`,
): ResponseReply {
  return {
    events: [
      { type: 'response.created', response: { id: `resp_${++responseCounter}` } },
      {
        type: 'response.output_item.done',
        item: { type: 'function_call', call_id: callId, name, arguments: JSON.stringify(args) },
      },
      completedEvent(),
    ],
  };
}

/** Codex's unified exec tool: `exec_command {cmd}`, which Codex runs through its shell. */
export function execCommandReply(cmd: string, callId?: string): ResponseReply {
  return functionCallReply('exec_command', { cmd, login: false }, callId);
}

/** Every text a request carries in `input` (messages, function outputs), in order. */
export function inputTexts(body: Record<string, unknown> | null): string[] {
  const input = body?.input;
  if (!Array.isArray(input)) return [];
  const texts: string[] = [];
  for (const item of input as Record<string, unknown>[]) {
    if (typeof item.output === 'string') texts.push(item.output);
    if (Array.isArray(item.content)) {
      for (const part of item.content as Record<string, unknown>[]) {
        if (typeof part.text === 'string') texts.push(part.text);
      }
    }
  }
  return texts;
}

/** A `config.toml` pointing Codex at this server (testing.md, Codex CLI facts). */
export function mockProviderConfigToml(baseUrl: string, model = 'mock-model'): string {
  return [
    `model = "${model}"`,
    'model_provider = "mock"',
    '',
    '[model_providers.mock]',
    'name = "mock"',
    `base_url = "${baseUrl}"`,
    'wire_api = "responses"',
    'env_key = "MOCK_API_KEY"',
    'supports_websockets = false',
    'request_max_retries = 0',
    'stream_max_retries = 0',
    '',
  ].join('\n');
}

function writeReply(res: ServerResponse, reply: ResponseReply): void {
  if ('status' in reply) {
    res.writeHead(reply.status, { 'content-type': 'application/json' });
    res.end(reply.body ?? JSON.stringify({ error: { message: `scripted ${reply.status}` } }));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  if ('hang' in reply) {
    res.flushHeaders();
    return;
  }
  const send = (): void => {
    for (const event of reply.events)
      res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    res.end();
  };
  if (reply.delayMs) setTimeout(send, reply.delayMs);
  else send();
}

/** Start the server on `127.0.0.1:0`. */
export async function startScriptedResponsesServer(
  options: ScriptedResponsesOptions = {},
): Promise<ScriptedResponsesServer> {
  const requests: RecordedResponsesRequest[] = [];
  const sockets = new Set<Socket>();
  const waiters = new Set<() => void>();
  let responsesCount = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> | null = null;
      try {
        const parsed: unknown = JSON.parse(raw);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
          body = parsed as Record<string, unknown>;
      } catch {
        body = null;
      }
      const path = req.url ?? '';
      const recorded = {
        index: requests.length,
        method: req.method ?? '',
        path,
        headers: req.headers,
        raw,
        body,
        at: performance.now(),
      };
      requests.push(recorded);
      for (const wake of [...waiters]) wake();
      if (req.method !== 'POST' || !path.endsWith('/responses')) {
        res.writeHead(404).end();
        return;
      }
      const script =
        options.replies?.[responsesCount++] ?? options.fallback ?? messageReply('(no more script)');
      writeReply(res, typeof script === 'function' ? script(recorded) : script);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const responses = () =>
    requests.filter((r) => r.method === 'POST' && r.path.endsWith('/responses'));
  return {
    port,
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    waitForRequests(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (responses().length < count) return;
          cleanup();
          resolve(responses());
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `scripted responses server: ${responses().length}/${count} requests after ${timeoutMs} ms`,
            ),
          );
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
