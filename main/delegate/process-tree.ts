import { spawn, type ChildProcess } from 'node:child_process';
import type { Clock } from '../base/clock';

function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    // A negative pid addresses the whole process group the detached child leads.
    process.kill(-pid, signal);
    return true;
  } catch {
    // ESRCH: the group is already gone.
    return false;
  }
}

/** Whether any process of the group `pid` leads is still alive (POSIX). */
export function processGroupAlive(pid: number): boolean {
  return signalGroup(pid, 0);
}

/**
 * Stop a child and everything it started. POSIX: SIGTERM to its process group (it must have
 * been spawned `detached`), then SIGKILL after `graceMs`. Windows: `taskkill /T /F`.
 */
export function killProcessTree(child: ChildProcess, graceMs: number, clock: Clock): void {
  const pid = child.pid;
  if (pid === undefined) return;
  if (process.platform === 'win32') {
    const killer = spawn('taskkill', ['/pid', String(pid), '/T', '/F'], {
      stdio: 'ignore',
      windowsHide: true,
    });
    killer.on('error', () => child.kill());
    return;
  }
  signalGroup(pid, 'SIGTERM');
  // Kept referenced: a process that ignores SIGTERM must still get its SIGKILL before Parley exits.
  clock.setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
}

/**
 * Resolves once the process group `pid` leads is gone: it is polled, and killed outright when it
 * outlives `deadlineMs` (a process that ignores SIGTERM and outlived its grace). Resolves `true`
 * when it went by itself or was killed, `false` only if it still stands after the kill.
 */
export function waitForProcessGroup(
  pid: number,
  deadlineMs: number,
  clock: Clock,
): Promise<boolean> {
  if (process.platform === 'win32') return Promise.resolve(true);
  const start = clock.now();
  return new Promise((resolve) => {
    const poll = (): void => {
      if (!processGroupAlive(pid)) return resolve(true);
      if (clock.now() - start < deadlineMs) return void clock.setTimeout(poll, 50);
      signalGroup(pid, 'SIGKILL');
      clock.setTimeout(() => resolve(!processGroupAlive(pid)), 100);
    };
    poll();
  });
}
