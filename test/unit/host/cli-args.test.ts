import { describe, expect, it } from 'vitest';
import { parseCliArgs, USAGE } from '../../../main/host/cli-args';

describe('parseCliArgs', () => {
  it.each([[[]], [['help']], [['--help']], [['-h']]])('%j asks for help', (argv) => {
    expect(parseCliArgs(argv)).toEqual({ command: 'help' });
  });

  it.each([
    [['serve'], false, false, false],
    [['serve', '--headless'], true, false, false],
    [['serve', '--log-json'], false, true, false],
    [['serve', '--log-json', '--headless'], true, true, false],
    [['serve', '--headless', '--headless'], true, false, false],
    [['serve', '--new-token'], false, false, true],
  ])('%j', (argv, headless, logJson, newToken) => {
    expect(parseCliArgs(argv)).toEqual({ command: 'serve', headless, logJson, newToken });
  });

  it.each([[['serve', '--help']], [['serve', '-h']], [['serve', '--headless', '--help']]])(
    '%j asks for help',
    (argv) => {
      expect(parseCliArgs(argv)).toEqual({ command: 'help' });
    },
  );

  it.each([['start'], ['Serve'], ['--headless'], ['']])(
    'refuses the command %j with usage',
    (cmd) => {
      expect(() => parseCliArgs([cmd])).toThrow(`Unknown command "${cmd}".`);
      expect(() => parseCliArgs([cmd])).toThrow(USAGE);
    },
  );

  it.each([['--port=1'], ['-x'], ['headless'], ['--log-json=1']])(
    'refuses the serve option %j with usage',
    (option) => {
      expect(() => parseCliArgs(['serve', option])).toThrow(
        `Unknown option "${option}" for serve.`,
      );
      expect(() => parseCliArgs(['serve', option])).toThrow(/Usage: parley serve/);
    },
  );

  it('documents every option it accepts', () => {
    expect(USAGE).toContain('--headless');
    expect(USAGE).toContain('--log-json');
    expect(USAGE).toContain('--new-token');
    expect(USAGE).toContain('parley serve --help');
    for (const flag of ['--toggle', '--start', '--stop', '--mute']) expect(USAGE).toContain(flag);
  });

  it.each(['toggle', 'start', 'stop', 'mute'] as const)(
    '--%s is a command for the running Parley',
    (name) => {
      expect(parseCliArgs([`--${name}`])).toEqual({ command: 'remote', remote: name });
    },
  );

  it('refuses two remote commands at once, and anything beside one', () => {
    expect(() => parseCliArgs(['--start', '--stop'])).toThrow(
      'parley was given --start and --stop: pass one of them.',
    );
    expect(() => parseCliArgs(['--toggle', '--headless'])).toThrow('Unknown option "--headless".');
    expect(() => parseCliArgs(['serve', '--toggle'])).toThrow(
      'Unknown option "--toggle" for serve.',
    );
  });
});
