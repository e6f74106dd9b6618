import { spawn, type ChildProcess } from 'node:child_process';
import type { Clock } from '../base/clock';

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    // A negative pid addresses the whole process group the detached child leads.
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
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
  const timer = clock.setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
  // Never keep the host alive just to deliver the final SIGKILL.
  if (typeof timer === 'object' && timer !== null && 'unref' in timer) {
    (timer as { unref(): void }).unref();
  }
}
