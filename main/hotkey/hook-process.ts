/**
 * Entry of the hook process: uiohook-napi runs here, never in Parley's main process, because
 * its `start()` aborts whatever process it runs in when it cannot open the display, and on
 * Windows it stops seeing keys in the app's own process once the microphone is open. Built to
 * `out/main/hook.js`; run as an Electron utility process or a Node child process.
 */
import { ok } from '../base/result';
import { openHookChannel } from './hook-channel';
import { runHook, type KeyboardHook } from './hook-runner';
import { probeXDisplay } from './x-display-probe';

/** Platforms where the hook talks to an X server (macOS and Windows have their own APIs). */
const USES_X11 = !['darwin', 'win32'].includes(process.platform);

const channel = openHookChannel();
// Parley went away: a Node child loses its IPC channel, a hand-started one its stdin.
process.on('disconnect', () => process.exit(0));
const startedByHand = typeof process.send !== 'function' && !('parentPort' in process);
if (startedByHand) process.stdin.on('end', () => process.exit(0));

void runHook({
  channel,
  checkDisplay: () =>
    USES_X11 ? probeXDisplay(process.env.DISPLAY) : Promise.resolve(ok(undefined)),
  loadHook: async () => {
    const mod = (await import('uiohook-napi')) as {
      uIOhook?: KeyboardHook;
      default?: { uIOhook?: KeyboardHook };
    };
    const hook = mod.uIOhook ?? mod.default?.uIOhook;
    if (!hook) throw new Error('uiohook-napi has no uIOhook export');
    return hook;
  },
  exit: (code) => process.exit(code),
});
