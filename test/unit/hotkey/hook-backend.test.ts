import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../../../main/base/logger';
import { parseChord, type Chord } from '../../../main/hotkey/chord';
import { HookBackend, type HookProcess } from '../../../main/hotkey/hook-backend';
import { HOOK_EXIT_FATAL, type HookCommand } from '../../../main/hotkey/hook-protocol';
import { FakeClock } from '../../fakes/fake-clock';

/** A hook process double driven by the test (the real one runs in the Xvfb tests). */
class FakeHookProcess implements HookProcess {
  readonly sent: HookCommand[] = [];
  killed = false;
  private message: ((m: unknown) => void) | null = null;
  private exit: ((code: number | null) => void) | null = null;
  send(command: HookCommand): void {
    this.sent.push(command);
  }
  onMessage(listener: (m: unknown) => void) {
    this.message = listener;
    return () => (this.message = null);
  }
  onExit(listener: (code: number | null) => void) {
    this.exit = listener;
    return () => (this.exit = null);
  }
  kill(): void {
    this.killed = true;
    this.exit?.(null);
  }
  report(message: unknown): void {
    this.message?.(message);
  }
  exitWith(code: number | null): void {
    this.exit?.(code);
  }
}

function chord(text = 'Ctrl+Alt+Space'): Chord {
  const parsed = parseChord(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

function rig() {
  const clock = new FakeClock();
  const children: FakeHookProcess[] = [];
  const logs: Omit<LogRecord, 'ts'>[] = [];
  const backend = new HookBackend({
    launch: () => {
      const child = new FakeHookProcess();
      children.push(child);
      return child;
    },
    clock,
    log: (level, event, fields) => logs.push({ level, event, ...fields }),
  });
  const health: string[] = [];
  const keys: string[] = [];
  backend.on('health', ({ state, message }) => health.push(`${state}: ${message}`));
  backend.on('key', ({ action }) => keys.push(action));
  const last = (): FakeHookProcess => children.at(-1)!;
  return { clock, backend, children, logs, health, keys, last };
}

describe('HookBackend', () => {
  it('sends the chord, and binds once the hook says it is watching', async () => {
    const r = rig();
    const bound = r.backend.bind(chord());
    expect(r.last().sent).toEqual([
      { type: 'watch', chord: { keyCode: 57, modifiers: ['ctrl', 'alt'] } },
    ]);
    r.last().report({ type: 'watching' });
    expect(await bound).toMatchObject({ ok: true, value: { label: 'Ctrl+Alt+Space' } });
    r.last().report({ type: 'down' });
    r.last().report({ type: 'up' });
    expect(r.keys).toEqual(['down', 'up']);
  });

  it('gives up on a hook that never confirms', async () => {
    const r = rig();
    const bound = r.backend.bind(chord());
    r.clock.advance(5_000);
    expect(await bound).toMatchObject({ ok: false, error: { tag: 'failed' } });
  });

  it('logs a report that is not part of the protocol and goes on', async () => {
    const r = rig();
    const bound = r.backend.bind(chord());
    r.last().report({ type: 'hello' });
    r.last().report('garbage');
    r.last().report({ type: 'watching' });
    expect((await bound).ok).toBe(true);
    expect(r.logs.filter((l) => l.event === 'hotkey.hook_bad_report')).toHaveLength(2);
  });

  it('restarts a crashed hook with doubling delays, rebinding the chord, and gives up after five', async () => {
    const r = rig();
    const bound = r.backend.bind(chord());
    r.last().report({ type: 'watching' });
    await bound;
    for (const delay of [500, 1_000, 2_000, 4_000, 8_000]) {
      r.last().exitWith(1);
      r.clock.advance(delay - 1);
      const before = r.children.length;
      r.clock.advance(1);
      expect(r.children.length).toBe(before + 1);
      expect(r.last().sent[0]).toMatchObject({ type: 'watch' });
    }
    r.last().exitWith(1);
    expect(r.health.at(-1)).toMatch(/^lost: The hotkey stopped working: .*5 restarts in a row/);
    r.clock.advance(60_000);
    expect(r.children).toHaveLength(6);
  });

  it('starts the count afresh after a steady run', async () => {
    const r = rig();
    const bound = r.backend.bind(chord());
    r.last().report({ type: 'watching' });
    await bound;
    r.last().exitWith(1);
    r.clock.advance(500);
    r.last().report({ type: 'watching' });
    expect(r.health).toEqual([
      expect.stringMatching(/^restarting: The hotkey restarts in 1 s/),
      'active: The hotkey works again.',
    ]);
    r.clock.advance(10_000);
    r.last().exitWith(1);
    expect(r.logs.at(-1)).toMatchObject({
      event: 'hotkey.hook_restarting',
      attempt: 1,
      delayMs: 500,
    });
  });

  it('releases a chord that was down when the hook died', async () => {
    const r = rig();
    const bound = r.backend.bind(chord());
    r.last().report({ type: 'watching' });
    await bound;
    r.last().report({ type: 'down' });
    r.last().exitWith(null);
    expect(r.keys).toEqual(['down', 'up']);
  });

  it('does not restart a hook that cannot work here, and refuses later binds with its reason', async () => {
    const r = rig();
    const bound = r.backend.bind(chord());
    r.last().report({
      type: 'fatal',
      reason: 'no-display',
      message: 'X display :9 is not reachable.',
    });
    r.last().exitWith(HOOK_EXIT_FATAL);
    expect(await bound).toMatchObject({
      ok: false,
      error: { tag: 'unavailable', message: 'X display :9 is not reachable.' },
    });
    r.clock.advance(60_000);
    expect(r.children).toHaveLength(1);
    expect(await r.backend.bind(chord())).toMatchObject({
      ok: false,
      error: { tag: 'unavailable' },
    });
  });

  it('reports a launcher that throws as a crash and retries', async () => {
    const clock = new FakeClock();
    let attempts = 0;
    const backend = new HookBackend({
      launch: () => {
        attempts++;
        throw new Error('spawn EACCES');
      },
      clock,
      log: () => {},
    });
    const health: string[] = [];
    backend.on('health', ({ message }) => health.push(message));
    void backend.bind(chord());
    clock.advance(500);
    expect(attempts).toBe(2);
    expect(health[0]).toContain('spawn EACCES');
    await backend.dispose();
  });

  it('dispose asks the hook to stop, kills it if it does not, and is idempotent', async () => {
    const r = rig();
    const bound = r.backend.bind(chord());
    r.last().report({ type: 'watching' });
    await bound;
    const disposed = r.backend.dispose();
    expect(r.last().sent.at(-1)).toEqual({ type: 'stop' });
    r.clock.advance(1_000);
    await disposed;
    await r.backend.dispose();
    expect(r.last().killed).toBe(true);
    expect(r.clock.pendingTimers()).toBe(0);
    expect(() => r.backend.bind(chord())).toThrow('after dispose');
  });
});
