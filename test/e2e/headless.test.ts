import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startParley } from '../support/parley-process';

describe('parley serve --headless', () => {
  it('starts, logs JSON lines and exits cleanly on SIGTERM', async () => {
    const parley = startParley(['--headless']);
    await parley.waitFor((r) => r.event === 'app.started');
    await parley.waitFor((r) => r.event === 'host.headless');
    expect(await parley.stop('SIGTERM')).toBe(0);
    expect(parley.records.some((r) => r.event === 'app.stopped')).toBe(true);
    for (const record of parley.records) expect(typeof record.ts).toBe('number');
  });

  it('exits cleanly on SIGINT', async () => {
    const parley = startParley(['--headless']);
    await parley.waitFor((r) => r.event === 'host.headless');
    expect(await parley.stop('SIGINT')).toBe(0);
  });

  it('refuses an invalid variable at start-up, naming it and what it accepts', async () => {
    const parley = startParley(['--headless'], { PARLEY_REALTIME_PROTOCOL: 'v3' });
    expect(await parley.exited).toBe(2);
    expect(parley.stderr.join('\n')).toContain(
      'PARLEY_REALTIME_PROTOCOL="v3" is not valid: use one of v1, v2',
    );
  });

  it('refuses a voice the protocol version does not have, naming the variable and the voices', async () => {
    const parley = startParley(['--headless'], {
      PARLEY_REALTIME_PROTOCOL: 'v1',
      PARLEY_VOICE: 'marin',
    });
    expect(await parley.exited).toBe(2);
    const stderr = parley.stderr.join('\n');
    expect(stderr).toContain('PARLEY_VOICE');
    expect(stderr).toContain('juniper');
  });

  it('refuses PARLEY_DELEGATE=command without a command', async () => {
    const parley = startParley(['--headless'], { PARLEY_DELEGATE: 'command' });
    expect(await parley.exited).toBe(2);
    expect(parley.stderr.join('\n')).toContain('PARLEY_DELEGATE_COMMAND');
  });

  it('says which port is taken instead of crashing', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const parley = startParley([], { PARLEY_PORT: String(port) });
      expect(await parley.exited).toBe(2);
      expect(parley.stderr.join('\n')).toContain(`port ${port} is in use`);
    } finally {
      blocker.close();
    }
  });
});
