import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bootParley, type Booted } from '../../../main/app/boot';
import { createAccessToken } from '../../../main/host/access-token';
import { startBrowserHost, type BrowserHost } from '../../../main/host/browser-host';
import {
  startScriptedRealtimeServer,
  type ScriptedRealtimeServer,
  type ScriptedServerOptions,
} from '../../fakes/scripted-realtime-server';
import { connectContractClient, type ContractClient } from '../../support/contract-client';

/** Keys that do not look like keys: only knowing them can hide them. */
const ENV_KEY = 'proxy-7Hq2LmN9vB4xR8tK';
const STORED_KEY = 'stored-Zp4QwE8rT1yU6iO3';
/** Key-shaped strings Parley never saw: their shape must hide them. */
const STRANGER_KEY = 'sk-proj-NotKnownAnywhere0123456789';
const MASKED_KEY = 'sk-proj-ab*********************wxyz';

let server: ScriptedRealtimeServer | null = null;
let booted: Booted | null = null;
let host: BrowserHost | null = null;
let client: ContractClient | null = null;
let dataDir: string | null = null;

afterEach(async () => {
  await client?.close();
  await host?.close();
  await booted?.app.dispose();
  await server?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  client = host = booted = server = dataDir = null;
});

/** Boots Parley as `parley serve` does (logs in `format`), against a scripted server. */
async function bootAgainst(
  options: ScriptedServerOptions,
  format: 'json' | 'human',
  env: Record<string, string>,
  storedKey: string | null = null,
): Promise<{ logs: string[]; client: ContractClient }> {
  server = await startScriptedRealtimeServer(options);
  dataDir = await mkdtemp(join(tmpdir(), 'parley-keys-'));
  if (storedKey) await writeFile(join(dataDir, 'api-key'), storedKey, { mode: 0o600 });
  const logs: string[] = [];
  const result = await bootParley({
    host: 'browser',
    version: '0.0.0-test',
    environment: {
      PARLEY_REALTIME_URL: server.url,
      PARLEY_DATA_DIR: dataDir,
      PARLEY_WORKSPACE: dataDir,
      PARLEY_DELEGATE: 'command',
      // The delegate prints the stored key file: delegate output is untrusted text too.
      PARLEY_DELEGATE_COMMAND: 'cat api-key',
      PARLEY_TALK_MODE: 'hands-free',
      PATH: process.env.PATH ?? '',
      ...env,
    },
    logFormat: format,
    writeJson: (line) => logs.push(line),
    writeHuman: (line) => logs.push(line),
  });
  if (!result.ok) throw new Error(result.error.message);
  booted = result.value;
  const token = createAccessToken();
  host = await startBrowserHost({
    app: booted.app,
    rendererDir: dataDir,
    port: 0,
    token,
    log: booted.log,
  });
  client = await connectContractClient(host, token);
  expect((await client.invoke('app.ready')).result).toEqual({ ok: true, value: null });
  return { logs, client };
}

const stateError = (m: Record<string, unknown>): string =>
  m.event === 'conversation.state' ? JSON.stringify((m.payload as { error: unknown }).error) : '';

function expectNothingLeaked(what: string, ...keys: string[]): void {
  for (const key of [...keys, STRANGER_KEY, 'wxyz']) expect(what).not.toContain(key);
}

describe.each(['json', 'human'] as const)(
  'one redaction of what leaves main (%s logs)',
  (format) => {
    it('a 401 body that echoes the environment key reaches neither the renderer nor the log', async () => {
      const body = JSON.stringify({
        error: {
          message: `Incorrect API key provided: ${ENV_KEY}. You sent Authorization: Bearer ${ENV_KEY}; see ${STRANGER_KEY}, ${MASKED_KEY}`,
        },
      });
      const { logs, client } = await bootAgainst({ refuse: { status: 401, body } }, format, {
        OPENAI_API_KEY: ENV_KEY,
      });
      await client.invoke('conversation.start');
      const failed = await client.waitFor((m) => /HTTP 401/.test(stateError(m)));
      expect(stateError(failed)).toMatch(/Incorrect API key provided: \[redacted\]/);
      const state = await client.invoke('conversation.state');
      expect(JSON.stringify(state)).toMatch(/HTTP 401.*\[redacted\]/);
      expectNothingLeaked(client.rawText.join('\n'), ENV_KEY);
      expect(logs.join('')).toMatch(/401/);
      expectNothingLeaked(logs.join(''), ENV_KEY);
    });

    it('a stored key echoed in an error event, a transcript, a task result and a close reason stays hidden', async () => {
      const { logs, client } = await bootAgainst(
        {
          script: [
            { waitFor: 'session.update' },
            {
              send: {
                type: 'error',
                error: {
                  type: 'invalid_request_error',
                  code: 'invalid_api_key',
                  message: `Incorrect API key provided: ${STORED_KEY} (${MASKED_KEY})`,
                },
              },
            },
            { send: { type: 'response.created', response: { id: 'r1' } } },
            {
              send: {
                type: 'response.output_audio_transcript.delta',
                item_id: 'a1',
                delta: `your key is ${STORED_KEY} and ${STRANGER_KEY}`,
              },
            },
            { send: { type: 'input_audio_buffer.speech_started', item_id: 'u1' } },
            {
              send: {
                type: 'conversation.item.input_audio_transcription.completed',
                item_id: 'u1',
                transcript: 'print the key file',
              },
            },
            {
              send: {
                type: 'conversation.item.done',
                item: {
                  id: 'item_c1',
                  type: 'function_call',
                  call_id: 'c1',
                  name: 'background_agent',
                  arguments: JSON.stringify({ prompt: 'print the key file' }),
                },
              },
            },
            { waitFor: (m) => m.raw.includes('function_call_output'), timeoutMs: 10_000 },
            { close: 1008, reason: `Incorrect API key provided: ${STORED_KEY}` },
          ],
        },
        format,
        {},
        STORED_KEY,
      );
      await client.invoke('conversation.start');
      const closed = await client.waitFor((m) => /code 1008/.test(stateError(m)), 15_000);
      expect(stateError(closed)).toMatch(/Incorrect API key provided: \[redacted\]/);
      const entry = await client.waitFor(
        (m) => m.event === 'transcript.entry' && JSON.stringify(m).includes('your key is'),
      );
      expect((entry.payload as { text: string }).text).toBe(
        'your key is [redacted] and [redacted]',
      );
      const task = await client.waitFor(
        (m) => m.event === 'task.updated' && (m.payload as { status: string }).status === 'done',
      );
      expect((task.payload as { result: string }).result).toBe('[redacted]');
      const answers = await Promise.all(
        ['tasks.list', 'conversation.transcript', 'conversation.state', 'settings.get'].map((c) =>
          client.invoke(c),
        ),
      );
      expect(answers.every((a) => (a.result as { ok: boolean }).ok)).toBe(true);
      expectNothingLeaked(client.rawText.join('\n'), STORED_KEY);
      expect(logs.join('')).toMatch(/1008/);
      expectNothingLeaked(logs.join(''), STORED_KEY);
    });
  },
);
