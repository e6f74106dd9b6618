import { describe, expect, it } from 'vitest';
import { restartCommandFor, shellWord } from '../../../main/host/restart-command';

const base = {
  root: '/home/u/parley',
  environment: {},
  port: 7717,
  portFromEnv: false,
  dataDirFromEnv: false,
  dataDir: '/home/u/.config/Parley',
  flags: [],
};

describe('restartCommandFor: what the page says to run', () => {
  it('repeats how the host was started: npm', () => {
    expect(restartCommandFor({ ...base, environment: { npm_lifecycle_event: 'serve' } })).toBe(
      'cd /home/u/parley && npm run serve',
    );
  });

  it('or the parley command, with the flags that matter and never --new-token', () => {
    expect(restartCommandFor({ ...base, flags: ['--log-json', '--new-token'] })).toBe(
      'cd /home/u/parley && node bin/parley serve --log-json',
    );
    expect(
      restartCommandFor({
        ...base,
        environment: { npm_lifecycle_event: 'serve' },
        flags: ['--log-json'],
      }),
    ).toBe('cd /home/u/parley && npm run serve -- --log-json');
  });

  it('keeps the same port and data dir, so the page address (and its token) works again', () => {
    expect(
      restartCommandFor({
        ...base,
        port: 40123,
        portFromEnv: true,
        dataDirFromEnv: true,
        dataDir: '/tmp/my data',
      }),
    ).toBe(
      "cd /home/u/parley && PARLEY_DATA_DIR='/tmp/my data' PARLEY_PORT=40123 node bin/parley serve",
    );
  });

  it('quotes words for a POSIX shell only when needed', () => {
    expect(shellWord('/a/b-c_d.e')).toBe('/a/b-c_d.e');
    expect(shellWord("it's here")).toBe(`'it'\\''s here'`);
  });
});
