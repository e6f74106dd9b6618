import type { Protocol } from '../../preload/schemas/settings';
import type { FakeTransport } from '../fakes/fake-transport';
import { createTestApp, invoke } from './app-harness';

type TestApp = ReturnType<typeof createTestApp>;

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

/**
 * Starts the conversation of a test app and returns its live transport. For Live it plays the
 * server's side of the handshake (`session.started`), which a fake transport cannot.
 */
export async function startConversation(t: TestApp, protocol: Protocol): Promise<FakeTransport> {
  const before = t.transports.made.length;
  const starting = invoke(t.app, 'conversation.start');
  if (protocol === 'live') {
    for (let i = 0; i < 1_000; i++) {
      const transport = t.transports.made[before];
      if (transport?.sentOfType('session.start').length) {
        transport.receive({ type: 'session.started', session: { id: `sess_${before}` } });
        break;
      }
      await tick();
    }
  }
  await starting;
  const transport = t.transports.made.at(-1);
  if (!transport || transport.state !== 'open') throw new Error(`no live ${protocol} transport`);
  return transport;
}

/** A test app whose delegate echoes what it gets (`cat`), in `protocol`, hands-free. */
export function createEchoApp(protocol: Protocol, log?: TestApp['deps']['log']): TestApp {
  return createTestApp({
    env: {
      PARLEY_REALTIME_PROTOCOL: protocol,
      PARLEY_DELEGATE: 'command',
      PARLEY_DELEGATE_COMMAND: 'cat',
      PARLEY_TALK_MODE: 'hands-free',
      PARLEY_WORKSPACE: process.cwd(),
    },
    ...(log ? { overrides: { log } } : {}),
  });
}
