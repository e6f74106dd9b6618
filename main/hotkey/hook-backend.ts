/**
 * The keyboard-hook backend: runs the hook process, tells it the chord, and turns its reports
 * into key events. A hook process that crashes is restarted with a doubling delay (reset once
 * it has run steadily), and a chord that was down when it died is released at once. One that
 * says it cannot work here (no display, no native module) is not restarted.
 */
import type { Clock, TimerHandle } from '../base/clock';
import type { Logger } from '../base/logger';
import { err, ok, type Result } from '../base/result';
import { TypedEmitter } from '../base/typed-emitter';
import { formatChord, toHookChord, type Chord } from './chord';
import type {
  BoundHotkey,
  HotkeyBackend,
  HotkeyBackendEvents,
  HotkeyError,
} from './hotkey-backend';
import { HOOK_EXIT_FATAL, HookReport, type HookCommand } from './hook-protocol';

/** A running hook process, whatever started it (Electron utility process, Node child). */
export interface HookProcess {
  /** The OS process id, for logs. */
  readonly pid?: number | undefined;
  send(command: HookCommand): void;
  onMessage(listener: (message: unknown) => void): () => void;
  onExit(listener: (code: number | null) => void): () => void;
  kill(): void;
}

/** Starts a hook process. */
export type HookLauncher = () => HookProcess;

/** Options of {@link HookBackend}. */
export interface HookBackendOptions {
  launch: HookLauncher;
  clock: Clock;
  log: Logger;
  /** Restart delay doubles from `baseMs` to `maxMs`; after `maxAttempts` crashes in a row the hook is lost; a run of `stableMs` resets the count [500, 30,000, 5, 10,000]. */
  restart?: { baseMs?: number; maxMs?: number; maxAttempts?: number; stableMs?: number };
  /** How long the hook may take to confirm a chord [5,000 ms]. */
  bindTimeoutMs?: number;
}

type PendingBind = {
  resolve: (result: Result<BoundHotkey, HotkeyError>) => void;
  timer: TimerHandle;
};

/** Hotkey backend over the hook process; see the module comment. */
export class HookBackend implements HotkeyBackend {
  readonly kind = 'hook';
  readonly reportsRelease = true;
  private readonly emitter: TypedEmitter<HotkeyBackendEvents>;
  private readonly restart: Required<NonNullable<HookBackendOptions['restart']>>;
  private child: { process: HookProcess; offs: (() => void)[] } | null = null;
  private chord: Chord | null = null;
  private pending: PendingBind | null = null;
  private chordDown = false;
  private watchingSince: number | null = null;
  private crashes = 0;
  private restartTimer: TimerHandle | null = null;
  private fatal: string | null = null;
  private disposed = false;

  constructor(private readonly options: HookBackendOptions) {
    this.emitter = new TypedEmitter((error) =>
      options.log('error', 'hotkey.listener_failed', { error: String(error) }),
    );
    const r = options.restart ?? {};
    this.restart = {
      baseMs: r.baseMs ?? 500,
      maxMs: r.maxMs ?? 30_000,
      maxAttempts: r.maxAttempts ?? 5,
      stableMs: r.stableMs ?? 10_000,
    };
  }

  on<K extends keyof HotkeyBackendEvents>(
    event: K,
    listener: (payload: HotkeyBackendEvents[K]) => void,
  ): () => void {
    return this.emitter.on(event, listener);
  }

  bind(chord: Chord): Promise<Result<BoundHotkey, HotkeyError>> {
    if (this.disposed) throw new Error('HookBackend.bind after dispose');
    if (this.fatal) return Promise.resolve(err('unavailable', this.fatal));
    this.chord = chord;
    this.settle(err('failed', 'A newer chord replaced this one before the hook confirmed it.'));
    return new Promise((resolve) => {
      const timer = this.options.clock.setTimeout(() => {
        this.pending = null;
        resolve(err('failed', 'The hotkey process did not confirm the chord in time.'));
      }, this.options.bindTimeoutMs ?? 5_000);
      this.pending = { resolve, timer };
      if (this.child) this.sendChord();
      else if (this.restartTimer === null) this.spawn();
    });
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.clearRestart();
    this.settle(err('failed', 'The hotkey was turned off.'));
    const child = this.child;
    if (child) {
      await new Promise<void>((resolve) => {
        const force = this.options.clock.setTimeout(() => {
          child.process.kill();
          resolve();
        }, 1_000);
        child.process.onExit(() => {
          this.options.clock.clearTimeout(force);
          resolve();
        });
        child.process.send({ type: 'stop' });
      });
    }
    this.emitter.dispose();
  }

  private spawn(): void {
    let process: HookProcess;
    try {
      process = this.options.launch();
    } catch (error) {
      this.onExit(null, `the hotkey process could not be started: ${String(error)}`);
      return;
    }
    const offs = [
      process.onMessage((message) => this.onMessage(message)),
      process.onExit((code) => this.onExit(code)),
    ];
    this.child = { process, offs };
    this.sendChord();
  }

  private sendChord(): void {
    if (this.chord) this.child?.process.send({ type: 'watch', chord: toHookChord(this.chord) });
  }

  private onMessage(raw: unknown): void {
    const parsed = HookReport.safeParse(raw);
    if (!parsed.success) {
      this.options.log('warn', 'hotkey.hook_bad_report', { detail: String(raw).slice(0, 200) });
      return;
    }
    const report = parsed.data;
    if (report.type === 'down' || report.type === 'up') {
      this.chordDown = report.type === 'down';
      this.emitter.emit('key', { action: report.type });
    } else if (report.type === 'watching') {
      this.onWatching();
    } else if (report.type === 'fatal') {
      this.fatal = report.message;
      this.options.log('warn', 'hotkey.hook_unavailable', {
        reason: report.reason,
        message: report.message,
      });
      this.settle(err('unavailable', report.message));
    } else {
      this.options.log('error', 'hotkey.hook_bad_command', { message: report.message });
    }
  }

  private onWatching(): void {
    const wasRestarting = this.watchingSince === null && this.crashes > 0;
    this.watchingSince = this.options.clock.now();
    if (this.chord) this.settle(ok({ chord: this.chord, label: formatChord(this.chord) }));
    if (wasRestarting)
      this.emitter.emit('health', { state: 'active', message: 'The hotkey works again.' });
  }

  private onExit(code: number | null, why?: string): void {
    for (const off of this.child?.offs ?? []) off();
    this.child = null;
    if (this.chordDown) {
      this.chordDown = false;
      this.emitter.emit('key', { action: 'up' });
    }
    if (this.disposed) return;
    if (code === HOOK_EXIT_FATAL || this.fatal) {
      const message = this.fatal ?? 'The hotkey process cannot run here.';
      this.fatal = message;
      this.settle(err('unavailable', message));
      this.emitter.emit('health', { state: 'lost', message });
      return;
    }
    this.scheduleRestart(why ?? `the hotkey process stopped (exit code ${code ?? 'none'})`);
  }

  private scheduleRestart(why: string): void {
    const now = this.options.clock.now();
    const { baseMs, maxMs, maxAttempts, stableMs } = this.restart;
    if (this.watchingSince !== null && now - this.watchingSince >= stableMs) this.crashes = 0;
    this.watchingSince = null;
    this.crashes++;
    if (this.crashes > maxAttempts) {
      const message = `The hotkey stopped working: ${why}, ${maxAttempts} restarts in a row.`;
      this.options.log('error', 'hotkey.hook_lost', { why });
      this.settle(err('failed', message));
      this.emitter.emit('health', { state: 'lost', message });
      return;
    }
    const delayMs = Math.min(maxMs, baseMs * 2 ** (this.crashes - 1));
    this.options.log('warn', 'hotkey.hook_restarting', { why, attempt: this.crashes, delayMs });
    this.emitter.emit('health', {
      state: 'restarting',
      message: `The hotkey restarts in ${Math.ceil(delayMs / 1000)} s: ${why}.`,
    });
    this.restartTimer = this.options.clock.setTimeout(() => {
      this.restartTimer = null;
      this.spawn();
    }, delayMs);
  }

  private settle(result: Result<BoundHotkey, HotkeyError>): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    this.options.clock.clearTimeout(pending.timer);
    pending.resolve(result);
  }

  private clearRestart(): void {
    if (this.restartTimer === null) return;
    this.options.clock.clearTimeout(this.restartTimer);
    this.restartTimer = null;
  }
}
