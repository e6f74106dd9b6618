import { describe, expect, it } from 'vitest';
import {
  assertLiveClientEvent,
  LIVE_APPEND_MAX_BYTES,
  LiveLink,
  LiveStartError,
  typedTextAppends,
} from '../../../main/realtime/live-link';
import type { SessionStartConfig } from '../../../main/realtime/session-types';
import { isPermanentConnectFailure } from '../../../main/realtime/transport';
import { FakeClock } from '../../fakes/fake-clock';
import { liveClientEventProblem } from '../../fakes/live-client-schema';

const started = { type: 'session_started', sessionId: 's', expiresAt: null } as const;

function refusal(code: string | null) {
  return { type: 'error', message: 'No such voice.', code, param: 'session.audio' } as const;
}

describe('LiveLink handshake', () => {
  it('resolves at session.started; sends session.start exactly once', async () => {
    const link = new LiveLink(new FakeClock());
    const sent: number[] = [];
    const begun = link.begin(() => sent.push(1));
    expect(link.handshaking).toBe(true);
    link.observe(started);
    await expect(begun).resolves.toBe(true);
    expect(sent).toEqual([1]);
    expect(link.handshaking).toBe(false);
    expect(link.isStarted).toBe(true);
  });

  it('an error before session.started fails the start; a config error is permanent', async () => {
    const link = new LiveLink(new FakeClock());
    const begun = link.begin(() => {});
    link.observe(refusal('invalid_value'));
    const error = await begun.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LiveStartError);
    expect((error as LiveStartError).message).toBe(
      'The Live server refused to start the session: No such voice. (code invalid_value, field session.audio)',
    );
    expect(isPermanentConnectFailure(error)).toBe(true);
    const again = link.begin(() => {});
    link.observe(refusal('server_error'));
    expect(isPermanentConnectFailure(await again.catch((e: unknown) => e))).toBe(false);
  });

  it('an error after the start is not the handshake’s business', async () => {
    const link = new LiveLink(new FakeClock());
    const begun = link.begin(() => {});
    link.observe(started);
    await begun;
    link.observe(refusal('invalid_value'));
    expect(link.isStarted).toBe(true);
  });

  it('times out (retryable) when session.started never comes', async () => {
    const clock = new FakeClock();
    const link = new LiveLink(clock, 10_000);
    const begun = link.begin(() => {});
    clock.advance(10_000);
    const error = (await begun.catch((e: unknown) => e)) as LiveStartError;
    expect(error.message).toBe('The Live server did not start the session within 10 s.');
    expect(error.permanent).toBe(false);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('a close during the handshake is a failed start; an abort resolves false', async () => {
    const link = new LiveLink(new FakeClock());
    const begun = link.begin(() => {});
    const close = { reason: 'transport_closed', code: 1011, detail: 'server going away' } as const;
    expect(link.socketClosed(close)).toBe(true);
    await expect(begun).rejects.toThrow(
      'The Live server closed the connection before the session started: server going away.',
    );
    expect(link.socketClosed(close)).toBe(false);
    const aborted = link.begin(() => {});
    link.abort();
    await expect(aborted).resolves.toBe(false);
  });
});

describe('LiveLink usage, close reasons, recap', () => {
  it('adds up billed seconds over every socket of the conversation', async () => {
    const link = new LiveLink(new FakeClock());
    const first = link.begin(() => {});
    link.observe(started);
    await first;
    link.observe({ type: 'usage_updated', seconds: 30, contextUsageRatio: null });
    link.observe({ type: 'session_closed', reason: 'expired', usageSeconds: 31.5 });
    expect(link.closeDetail()).toBe(
      'The Live session reached its time limit; a new one is starting.',
    );
    const second = link.begin(() => {});
    link.observe(started);
    await second;
    link.observe({ type: 'usage_updated', seconds: 4, contextUsageRatio: 0.1 });
    expect(link.usageSeconds).toBe(35.5);
    expect(link.closeDetail()).toBeNull();
    link.reset();
    expect(link.usageSeconds).toBe(0);
  });

  it('a replacement session starts with the recap; the text recap is the fallback', () => {
    const link = new LiveLink(new FakeClock());
    const config: SessionStartConfig = {
      baseUrl: 'ws://x/v1',
      protocol: 'live',
      model: 'gpt-live-1',
      voice: 'marin',
      apiKey: 'k',
      talkMode: 'hands-free',
      instructions: 'Be brief.',
      recap: () => 'user: run the tests',
    };
    expect(link.startEvent(config, false).session).not.toHaveProperty('input');
    expect(link.startEvent(config, true).session.input).toEqual([
      {
        type: 'message',
        role: 'developer',
        content: [
          { type: 'input_text', text: 'Before the connection dropped:\nuser: run the tests' },
        ],
      },
    ]);
    const structured = { ...config, recapMessages: () => [{ role: 'user' as const, text: 'hi' }] };
    expect(link.startEvent(structured, true).session.input).toHaveLength(1);
    expect(liveClientEventProblem(link.startEvent(structured, true))).toBeNull();
  });
});

describe('Live client events', () => {
  it('only Live client events pass, and never session.start or the Responses ones', () => {
    expect(() => assertLiveClientEvent({ type: 'session.commentary.append' })).not.toThrow();
    for (const type of [
      'session.start',
      'response.create',
      'conversation.item.create',
      undefined,
    ]) {
      expect(() => assertLiveClientEvent({ type })).toThrow(
        /not a client event of the Live protocol/,
      );
    }
  });

  it('typed text is framed as an instruction and split under the cap, nothing dropped', () => {
    const text = 'é'.repeat(2_000);
    const events = typedTextAppends(text) as { content: string }[];
    expect(events.length).toBe(3);
    for (const event of events) {
      expect(Buffer.byteLength(event.content)).toBeLessThanOrEqual(LIVE_APPEND_MAX_BYTES);
      expect(liveClientEventProblem(event)).toBeNull();
    }
    expect(
      events
        .map((e) => e.content)
        .join('')
        .endsWith(text),
    ).toBe(true);
    expect(events[0]?.content.startsWith('The user typed this')).toBe(true);
  });
});
