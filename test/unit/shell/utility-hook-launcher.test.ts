import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { utilityHookLauncher, type UtilityFork } from '../../../main/shell/utility-hook-launcher';

/** A narrow recording stand-in for Electron's `UtilityProcess`. */
class RecordingUtilityProcess extends EventEmitter {
  readonly pid = 4242;
  readonly stderr = new PassThrough();
  readonly posted: unknown[] = [];
  kills = 0;
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  kill(): boolean {
    this.kills++;
    return true;
  }
}

describe('utilityHookLauncher', () => {
  it('forks the entry as a named utility process and speaks the hook protocol through it', async () => {
    const forks: unknown[][] = [];
    const child = new RecordingUtilityProcess();
    const fork = ((...args: unknown[]) => {
      forks.push(args);
      return child;
    }) as unknown as UtilityFork;
    const stderr: string[] = [];
    const hook = utilityHookLauncher(fork, '/app/out/main/hook.js', (line) => stderr.push(line))();
    expect(forks).toEqual([
      [
        '/app/out/main/hook.js',
        [],
        { serviceName: 'Parley hotkey', stdio: ['ignore', 'ignore', 'pipe'] },
      ],
    ]);
    expect(hook.pid).toBe(4242);
    const messages: unknown[] = [];
    const exits: (number | null)[] = [];
    const offMessage = hook.onMessage((m) => messages.push(m));
    hook.onExit((code) => exits.push(code));
    hook.send({ type: 'watch', chord: { keyCode: 57, modifiers: ['ctrl'] } });
    child.emit('message', { type: 'watching' });
    offMessage();
    child.emit('message', { type: 'down' });
    child.stderr.write('xrecord warning\n');
    await new Promise((resolve) => setImmediate(resolve));
    child.emit('exit', 7);
    hook.send({ type: 'stop' });
    hook.kill();
    expect(child.posted).toEqual([{ type: 'watch', chord: { keyCode: 57, modifiers: ['ctrl'] } }]);
    expect(messages).toEqual([{ type: 'watching' }]);
    expect(exits).toEqual([7]);
    expect(stderr).toEqual(['xrecord warning']);
    expect(child.kills).toBe(1);
  });
});
