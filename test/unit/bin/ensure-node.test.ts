import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { installCommand, isTooOld, nodeCache } from '../../../bin/ensure-node.mjs';

describe('the Node version check of the parley command', () => {
  it.each([
    ['20.20.2', true],
    ['22.11.0', true],
    ['22.12.0', false],
    ['22.23.3', false],
    ['24.1.0', false],
    ['18.19.1', true],
  ])('Node %s is too old: %s', (version, old) => {
    expect(isTooOld(version)).toBe(old);
  });

  it('provisions into the same cache as .ci/run, with the same command', () => {
    expect(nodeCache({})).toBe(join(homedir(), '.cache', 'parley-node'));
    expect(nodeCache({ PARLEY_NODE_CACHE: '/opt/node-cache' })).toBe('/opt/node-cache');
    expect(installCommand('/c')).toEqual({
      command: 'npm',
      args: ['install', '--no-save', '--prefix', '/c', 'node@22'],
      line: 'npm install --no-save --prefix /c node@22',
    });
  });
});
