import { mkdtempSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ParleyApp } from '../../../main/app/parley-app';
import {
  CONTROL_FILE,
  CONTROL_PATH,
  startControlChannel,
  type ControlChannel,
  type ControlFile,
} from '../../../main/host/control-channel';
import { sendRemoteCommand } from '../../../main/host/control-client';
import { createTestApp, memorySettings } from '../../support/app-harness';

let app: ParleyApp | null = null;
let channel: ControlChannel | null = null;
afterEach(async () => {
  await channel?.close();
  await app?.dispose();
  channel = app = null;
});

async function started(talkMode: 'hands-free' | 'toggle' = 'toggle') {
  const harness = createTestApp({ overrides: { settingsStore: memorySettings({ talkMode }) } });
  app = harness.app;
  await app.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-control-'));
  channel = await startControlChannel({ dataDir, talk: app.talk, log: harness.deps.log });
  const file = JSON.parse(readFileSync(join(dataDir, CONTROL_FILE), 'utf8')) as ControlFile;
  return { app, dataDir, file, logs: harness.logs };
}

/** A raw request to the endpoint, for what the client would never send. */
function raw(
  port: number,
  options: { method?: string; path?: string; token?: string; host?: string; body?: string },
) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'POST',
        path: options.path ?? CONTROL_PATH,
        headers: {
          ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
          ...(options.host ? { Host: options.host } : {}),
        },
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body ?? '');
  });
}

describe('the browser host’s control channel', () => {
  it('announces itself in a 0600 control file in the data dir', async () => {
    const { dataDir, file } = await started();
    expect(file).toEqual({
      port: channel!.port,
      token: expect.stringMatching(/^[\w-]{32}$/),
      pid: process.pid,
    });
    expect(statSync(join(dataDir, CONTROL_FILE)).mode & 0o777).toBe(0o600);
  });

  it('parley --start, --stop, --toggle and --mute reach the talk input', async () => {
    const { dataDir, app: parley, logs } = await started('toggle');
    expect(await sendRemoteCommand(dataDir, 'start')).toMatchObject({
      ok: true,
      value: { state: 'talking', latched: true },
    });
    expect(await sendRemoteCommand(dataDir, 'stop')).toMatchObject({ value: { state: 'idle' } });
    expect(await sendRemoteCommand(dataDir, 'toggle')).toMatchObject({
      value: { state: 'talking' },
    });
    expect(await sendRemoteCommand(dataDir, 'mute')).toMatchObject({
      value: { muted: true, state: 'idle' },
    });
    expect(parley.talk.muted).toBe(true);
    expect(logs.filter((l) => l.event === 'shell.remote_command')).toHaveLength(4);
  });

  it('refuses a wrong token, a foreign Host, other methods and paths, and a bad command', async () => {
    const { file } = await started();
    expect(
      await raw(file.port, { token: 'not-the-token', body: '{"command":"mute"}' }),
    ).toMatchObject({ status: 401 });
    expect(await raw(file.port, { body: '{"command":"mute"}' })).toMatchObject({ status: 401 });
    expect(
      await raw(file.port, { token: file.token, host: 'evil.example', body: '{"command":"mute"}' }),
    ).toMatchObject({ status: 421 });
    expect(await raw(file.port, { token: file.token, method: 'GET' })).toMatchObject({
      status: 405,
    });
    expect(await raw(file.port, { token: file.token, path: '/other' })).toMatchObject({
      status: 404,
    });
    const bad = await raw(file.port, { token: file.token, body: '{"command":"shout"}' });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('toggle, start, stop, mute');
    expect(await raw(file.port, { token: file.token, body: 'x'.repeat(5000) })).toMatchObject({
      status: 413,
    });
    expect(app!.talk.muted).toBe(false);
  });

  it('closing removes its control file, but not another Parley’s', async () => {
    const { dataDir } = await started();
    await channel!.close();
    channel = null;
    expect(existsSync(join(dataDir, CONTROL_FILE))).toBe(false);
    const other = await startControlChannel({ dataDir, talk: app!.talk, log: () => {} });
    const mine = readFileSync(join(dataDir, CONTROL_FILE), 'utf8');
    writeFileSync(
      join(dataDir, CONTROL_FILE),
      mine.replace(/"token":"[^"]+"/, '"token":"someone-else"'),
    );
    await other.close();
    expect(existsSync(join(dataDir, CONTROL_FILE))).toBe(true);
  });

  it('with no Parley running, the command says so: no control file, or one left over', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'parley-control-none-'));
    expect(await sendRemoteCommand(empty, 'toggle')).toMatchObject({
      ok: false,
      error: { tag: 'not_running', message: expect.stringContaining('parley serve') },
    });
    const { dataDir } = await started();
    await channel!.close();
    channel = null;
    writeFileSync(join(dataDir, CONTROL_FILE), JSON.stringify({ port: 1, token: 't', pid: 4242 }));
    expect(await sendRemoteCommand(dataDir, 'toggle')).toMatchObject({
      ok: false,
      error: { tag: 'not_running', message: expect.stringContaining('pid 4242') },
    });
  });
});
