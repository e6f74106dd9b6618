import type { Protocol } from '../../preload/schemas/settings';
import type { FakeClock } from '../fakes/fake-clock';
import type { FakeTransport } from '../fakes/fake-transport';

/** What a probe handoff produced. */
export interface ProbeOutcome {
  /** The first client event that carried the delegate's echo back to the voice model. */
  output: Record<string, unknown>;
  /** Real milliseconds from the handoff request to that event. */
  tookMs: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The server events of one user request for `marker` and the model's handoff of it. */
function handoffEvents(protocol: Protocol, marker: string, timelineMs: number): object[] {
  const prompt = `please echo ${marker}`;
  const itemId = `probe_u_${marker}`;
  if (protocol === 'v1') {
    return [
      { type: 'conversation.input_transcript.delta', delta: prompt },
      { type: 'conversation.item.input_audio_transcription.completed', transcript: prompt },
      {
        type: 'conversation.handoff.requested',
        handoff_id: `probe_h_${marker}`,
        item_id: itemId,
        input_transcript: '',
      },
    ];
  }
  if (protocol === 'live') {
    return [
      {
        type: 'session.input_transcript.delta',
        delta: prompt,
        start_ms: timelineMs,
        end_ms: timelineMs + 400,
      },
      {
        type: 'session.delegation.created',
        offset_ms: timelineMs,
        delegation: { id: `probe_d_${marker}`, type: 'delegation', target: 'client' },
      },
    ];
  }
  return [
    { type: 'input_audio_buffer.speech_started', item_id: itemId },
    { type: 'input_audio_buffer.speech_stopped', item_id: itemId },
    { type: 'input_audio_buffer.committed', item_id: itemId },
    {
      type: 'conversation.item.input_audio_transcription.completed',
      item_id: itemId,
      transcript: prompt,
    },
    {
      type: 'conversation.item.done',
      item: {
        id: `item_probe_${marker}`,
        type: 'function_call',
        call_id: `probe_c_${marker}`,
        name: 'background_agent',
        arguments: JSON.stringify({ prompt }),
      },
    },
  ];
}

/**
 * Plays one complete handoff into a live session on `transport` — the user's words, then the
 * model's delegation in `protocol`'s own events — and waits (advancing the fake clock while the
 * real delegate runs) until a client event carries the delegate's echo of `marker` back to the
 * voice model. Needs an echoing delegate (`cat`). Throws after `timeoutMs`.
 */
export async function runHandoff(
  protocol: Protocol,
  transport: FakeTransport,
  clock: FakeClock,
  marker: string,
  options: { timelineMs?: number; timeoutMs?: number } = {},
): Promise<ProbeOutcome> {
  const before = transport.sent.length;
  const started = performance.now();
  for (const event of handoffEvents(protocol, marker, options.timelineMs ?? 0)) {
    transport.receive(event);
  }
  const echo = `echo ${marker}`;
  for (;;) {
    const output = transport.sent
      .slice(before)
      .find((event) => event.type !== 'session.update' && JSON.stringify(event).includes(echo));
    if (output) return { output, tookMs: performance.now() - started };
    if (performance.now() - started > (options.timeoutMs ?? 10_000)) {
      const sent = transport.sent.slice(-8).map((e) => JSON.stringify(e).slice(0, 200));
      throw new Error(
        `no ${protocol} result for the probe handoff ${marker}; last sent:\n${sent.join('\n')}`,
      );
    }
    clock.advance(100);
    await sleep(5);
  }
}

/** {@link runHandoff} for V2, as most tests use it. */
export function runV2Handoff(transport: FakeTransport, clock: FakeClock, marker: string) {
  return runHandoff('v2', transport, clock, marker);
}
