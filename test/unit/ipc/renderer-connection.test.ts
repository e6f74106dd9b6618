import { describe, expect, it } from 'vitest';
import type { AppEvent } from '../../../main/app/parley-app';
import { createOutboundRedactor } from '../../../main/ipc/outbound-redactor';
import { connectRenderer } from '../../../main/ipc/renderer-connection';
import { createTestApp, invoke } from '../../support/app-harness';

const KEY = 'proxy-key-learned-later-01';

function connect() {
  const t = createTestApp();
  const sent: AppEvent[] = [];
  const connection = connectRenderer(
    t.app,
    {
      sendEvent: (event) => sent.push(event),
      openAudio: () => ({ link: { send: () => {} }, close: () => {} }),
    },
    () => {},
  );
  return { ...t, sent, connection };
}

describe('connectRenderer: the one door to a renderer', () => {
  it('redacts every event as it leaves, with keys learned after it was queued', async () => {
    const { app, deps, transports, sent, connection } = connect();
    await app.start();
    await invoke(app, 'conversation.start');
    transports.latest!.receive({
      type: 'response.output_audio_transcript.delta',
      item_id: 'a1',
      delta: `the key is ${KEY} and sk-proj-abcdefghijklmnop`,
    });
    // Queued while the renderer is not ready; only then does Parley learn that this is a key.
    expect(deps.knownKeys.has(KEY)).toBe(false);
    await invoke(app, 'settings.update', { apiKey: KEY });
    expect(deps.knownKeys.has(KEY)).toBe(true);
    expect(await connection.invoke('app.ready', undefined)).toEqual({ ok: true, value: null });
    const text = JSON.stringify(sent);
    expect(text).toContain('the key is [redacted] and [redacted]');
    expect(text).not.toContain(KEY);
    const transcript = await connection.invoke('conversation.transcript', undefined);
    expect(JSON.stringify(transcript)).not.toContain(KEY);
    await app.dispose();
  });

  it('recounts how much of an interrupted line was heard on its redacted text', () => {
    const redactor = createOutboundRedactor(() => []);
    const entry = {
      id: 't1',
      role: 'assistant',
      text: 'use sk-abcdefghijklmnopqrstuvwx then more words',
      final: true,
      at: 0,
      typed: false,
      heardChars: 'use sk-abcdefghijklmnopqrstuvwx then'.length,
    };
    const out = redactor.value({ event: 'transcript.entry', payload: entry });
    expect(out.payload.text).toBe('use [redacted] then more words');
    expect(out.payload.text.slice(0, out.payload.heardChars)).toBe('use [redacted] then');
  });

  it('reports an unreadable message at once, before the renderer is ready, redacted', async () => {
    const { app, sent, connection } = connect();
    await app.start();
    connection.reportProblem({ problem: 'not_json', message: 'got sk-abcdefghijklmnop' });
    expect(sent).toEqual([
      {
        event: 'connection.error',
        payload: { problem: 'not_json', message: 'got [redacted]' },
      },
    ]);
    connection.detach();
    connection.reportProblem({ problem: 'binary', message: 'after detach' });
    expect(sent).toHaveLength(1);
    expect(app.listenerCount('connection.error')).toBe(0);
    await app.dispose();
  });
});
