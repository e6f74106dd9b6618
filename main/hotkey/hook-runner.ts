/**
 * What the hook process does, with its effects injected: check the display, load the keyboard
 * hook, watch the chord Parley sends, and report the chord's down and up. The entry
 * (`hook-process.ts`) runs it with uiohook-napi and the real process.
 */
import { errorMessage, type Result, type TaggedError } from '../base/result';
import { ChordTracker, type RawKeyEvent } from './chord-tracker';
import type { HookChannel } from './hook-channel';
import { HOOK_EXIT_FATAL, HookCommand, type HookFatalReason } from './hook-protocol';

/** The keyboard hook, as far as the runner uses it (uiohook-napi's `uIOhook`). */
export interface KeyboardHook {
  on(event: 'keydown' | 'keyup', listener: (event: Omit<RawKeyEvent, 'type'>) => void): unknown;
  start(): void;
  stop(): void;
}

/** Effects of {@link runHook}. */
export interface HookRunnerDeps {
  channel: HookChannel;
  /** Checks that the hook can start here (the X display on Linux); must not throw. */
  checkDisplay(): Promise<Result<void, TaggedError>>;
  /** Loads the keyboard hook (it may throw: a missing or broken native module). */
  loadHook(): Promise<KeyboardHook>;
  exit(code: number): void;
}

/** Runs the hook process until it is told to stop or cannot work. */
export async function runHook(deps: HookRunnerDeps): Promise<void> {
  const { channel } = deps;
  const fatal = async (reason: HookFatalReason, message: string): Promise<void> => {
    channel.send({ type: 'fatal', reason, message });
    await channel.flush();
    deps.exit(HOOK_EXIT_FATAL);
  };
  const display = await deps.checkDisplay();
  if (!display.ok) return fatal('no-display', display.error.message);
  let hook: KeyboardHook;
  try {
    hook = await deps.loadHook();
  } catch (error) {
    return fatal('load-failed', `The keyboard hook could not be loaded: ${errorMessage(error)}`);
  }
  const tracker = new ChordTracker();
  const feed = (type: RawKeyEvent['type'], event: Omit<RawKeyEvent, 'type'>): void => {
    const edge = tracker.feed({ ...event, type });
    if (edge) channel.send({ type: edge });
  };
  hook.on('keydown', (event) => feed('keydown', event));
  hook.on('keyup', (event) => feed('keyup', event));
  let started = false;
  channel.onMessage((raw) => {
    const command = HookCommand.safeParse(raw);
    if (!command.success) {
      channel.send({ type: 'bad-command', message: command.error.issues[0]?.message ?? 'invalid' });
      return;
    }
    if (command.data.type === 'stop') {
      if (started) hook.stop();
      void channel.flush().then(() => deps.exit(0));
      return;
    }
    if (tracker.watch(command.data.chord)) channel.send({ type: 'up' });
    if (!started) {
      try {
        hook.start();
        started = true;
      } catch (error) {
        void fatal('start-failed', `The keyboard hook did not start: ${errorMessage(error)}`);
        return;
      }
    }
    channel.send({ type: 'watching' });
  });
}
