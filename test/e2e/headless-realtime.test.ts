import { afterEach, describe, expect, it } from 'vitest';
import {
  startScriptedRealtimeServer,
  type ScriptedRealtimeServer,
} from '../fakes/scripted-realtime-server';
import { startParley, type ParleyProcess } from '../support/parley-process';

let server: ScriptedRealtimeServer | null = null;
let parley: ParleyProcess | null = null;
afterEach(async () => {
  await parley?.stop();
  await server?.close();
  parley = null;
  server = null;
});

describe.each(['v1', 'v2'] as const)(
  'parley serve --headless against a loopback realtime server (%s)',
  (protocol) => {
    it('connects with the right URL, headers and session.update, survives garbage and reconnects after a drop', async () => {
      server = await startScriptedRealtimeServer({
        scripts: [
          [
            { waitFor: 'session.update' },
            { send: { type: 'session.updated', session: { id: 'sess_a' } } },
            { send: '{{{ not json' },
            { send: { type: 'no.such.event', x: 1 } },
            { sendBinary: new Uint8Array([0xde, 0xad]) },
            { send: { type: 'error', error: { message: 'a recoverable client mistake' } } },
            { delayMs: 200 },
            { terminate: true },
          ],
          [
            { waitFor: 'session.update' },
            { send: { type: 'session.updated', session: { id: 'sess_b' } } },
          ],
        ],
      });
      parley = startParley(['--headless'], {
        OPENAI_API_KEY: 'sk-e2e-secret-key-0001',
        PARLEY_LISTEN_ON_START: '1',
        PARLEY_REALTIME_URL: server.url,
        PARLEY_REALTIME_PROTOCOL: protocol,
        PARLEY_WORKSPACE: process.cwd(),
      });

      const first = await server.waitForConnection(0, 15_000);
      expect(first.path).toBe('/v1/realtime');
      expect(first.query.model).toBe('gpt-realtime-1.5');
      expect(first.query.intent).toBe(protocol === 'v1' ? 'quicksilver' : undefined);
      expect(first.headers.authorization).toBe('Bearer sk-e2e-secret-key-0001');
      expect(first.headers['openai-alpha']).toBe(protocol === 'v1' ? 'quicksilver=v1' : undefined);
      const update = await server.waitForMessage('session.update', 10_000);
      expect(update.connectionIndex).toBe(0);
      const session = update.json!.session as Record<string, unknown>;
      expect(session.type).toBe(protocol === 'v1' ? 'quicksilver' : 'realtime');
      expect(String(session.instructions)).toContain('Parley');

      await parley.waitFor((r) => r.event === 'session.problem' && r.reason === 'malformed_json');
      await parley.waitFor((r) => r.event === 'session.server_error');
      await parley.waitFor((r) => r.event === 'conversation.state' && r.phase === 'reconnecting');
      await server.waitForConnection(1, 15_000);
      const second = await server.waitForMessage(
        (m) => m.type === 'session.update' && m.connectionIndex === 1,
        15_000,
      );
      expect(second.json!.type).toBe('session.update');
      await parley.waitFor(
        (r) =>
          r.event === 'conversation.state' &&
          r.phase === 'live' &&
          parley!.records.indexOf(r) > parley!.records.findIndex((x) => x.phase === 'reconnecting'),
      );
      // The key never reaches the log.
      expect(JSON.stringify(parley.records)).not.toContain('sk-e2e-secret-key-0001');
      expect(await parley.stop()).toBe(0);
    });
  },
);
