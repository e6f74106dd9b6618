import { spawn } from 'node:child_process';
import { requireBinary } from './system-binary';
import { stopProcess } from './xvfb';

/** A private session bus for one test file. */
export interface PrivateBus {
  /** Its `DBUS_SESSION_BUS_ADDRESS`. */
  readonly address: string;
  stop(): Promise<void>;
}

/** Starts `dbus-daemon --session` in the foreground and reads the address it prints. */
export async function startSessionBus(): Promise<PrivateBus> {
  const daemon = requireBinary('dbus-daemon', 'dbus');
  const child = spawn(daemon, ['--session', '--nofork', '--print-address=1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`dbus-daemon printed no address within 10 s: ${stderr}`));
    }, 10_000);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (!out.includes('\n') || !line) return;
      clearTimeout(timer);
      resolve(line.trim());
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dbus-daemon exited with ${code}: ${stderr}`));
    });
  });
  return { address, stop: () => stopProcess(child) };
}
