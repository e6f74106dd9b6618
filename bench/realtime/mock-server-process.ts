/**
 * The loopback mock in a process of its own, so its work is never counted against a client:
 * started by {@link spawnMockServer}, it prints nothing, sends `{ready, port}` and then every
 * {@link MockReport} over the IPC channel, and takes {@link MockCommand}s.
 */
import { MockRealtimeServer, type MockReport, type StreamPlan } from './mock-realtime-server';

/** What the driver asks of the mock. */
export type MockCommand =
  | { cmd: 'stream'; role: string; plan: StreamPlan; expectAppends?: number }
  | { cmd: 'speech_started'; role: string }
  | { cmd: 'halt'; role: string }
  | { cmd: 'close' };

/** What the mock process sends. */
export type MockMessage = { ready: true; port: number } | MockReport;

const send = (message: MockMessage): void => void process.send?.(message);
const server = new MockRealtimeServer(send);
const port = await server.listen();

process.on('message', (command: MockCommand) => {
  switch (command.cmd) {
    case 'stream':
      server.stream(command.role, command.plan, command.expectAppends);
      break;
    case 'speech_started':
      server.speechStarted(command.role);
      break;
    case 'halt':
      server.halt(command.role);
      break;
    case 'close':
      void server.close().then(() => process.exit(0));
      break;
  }
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
send({ ready: true, port });
