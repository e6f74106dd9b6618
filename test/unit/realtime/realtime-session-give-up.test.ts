import { describe, expect, it } from 'vitest';
import { TypedEmitter } from '../../../main/base/typed-emitter';
import { silentLogger } from '../../../main/base/logger';
import { RealtimeSession } from '../../../main/realtime/realtime-session';
import { type SessionState } from '../../../main/realtime/session-types';
import {
  TransportConnectError,
  type RealtimeTransport,
  type TransportEvents,
  type TransportState,
} from '../../../main/realtime/transport';
import { FakeClock } from '../../fakes/fake-clock';

/** A transport whose connect succeeds or fails as scripted, and that can be dropped. */
class ScriptedTransport implements RealtimeTransport {
  state: TransportState = 'idle';
  readonly bufferedAmount = 0;
  readonly sent: string[] = [];
  private readonly emitter = new TypedEmitter<TransportEvents>();

  constructor(private readonly fails: boolean) {}

  on<K extends keyof TransportEvents & string>(
    event: K,
    listener: (payload: TransportEvents[K]) => void,
  ): () => void {
    return this.emitter.on(event, listener);
  }

  connect(): Promise<void> {
    if (this.fails) {
      this.state = 'closed';
      return Promise.reject(new TransportConnectError('refused', 'network'));
    }
    this.state = 'open';
    return Promise.resolve();
  }

  send(text: string): void {
    this.sent.push(text);
  }

  drop(): void {
    this.state = 'closed';
    this.emitter.emit('close', { reason: 'transport_closed', code: 1006, detail: '' });
  }

  close(): void {
    this.state = 'closed';
  }

  dispose(): void {
    this.close();
    this.emitter.dispose();
  }
}

describe('RealtimeSession giving up', () => {
  it('releases senders still waiting in the queue with a clear error: nothing was sent', async () => {
    const clock = new FakeClock();
    const transports: ScriptedTransport[] = [];
    const session = new RealtimeSession({
      clock,
      log: silentLogger,
      random: () => 0,
      maxReconnectAttempts: 1,
      createTransport: () => {
        const transport = new ScriptedTransport(transports.length > 0);
        transports.push(transport);
        return transport;
      },
    });
    const states: SessionState[] = [];
    session.on('state', (s) => states.push(s.state));
    await session.start({
      baseUrl: 'wss://example.test/v1',
      protocol: 'v2',
      model: 'gpt-realtime',
      voice: null,
      apiKey: 'sk-test',
      talkMode: 'hands-free',
      instructions: 'You are Parley.',
    });
    transports[0]!.drop();
    let failure: Error | null = null;
    void session.sendText('are you there?').catch((error: Error) => (failure = error));
    clock.advance(250);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(states).toEqual(['connecting', 'live', 'reconnecting', 'closed']);
    expect(failure).not.toBeNull();
    expect(failure!.message).toMatch(/ended before this was sent/);
    session.dispose();
  });
});
