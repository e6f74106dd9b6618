import type { FakeClock } from '../fakes/fake-clock';
import type { FakeTransport } from '../fakes/fake-transport';

/** What a probe handoff produced. */
export interface ProbeOutcome {
  /** The `function_call_output` (or result message) the voice model got, as sent. */
  output: Record<string, unknown>;
  /** Real milliseconds from the function call to the output. */
  tookMs: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The result the voice model got for `callId`, if it got one yet. */
function outputFor(transport: FakeTransport, callId: string, marker: string) {
  return transport
    .sentOfType('conversation.item.create')
    .find(
      (event) => JSON.stringify(event).includes(marker) && JSON.stringify(event).includes(callId),
    );
}

/**
 * Plays one complete V2 handoff into a live session on `transport`: the user's utterance
 * (speech, commit, transcription), the model's `background_agent` call, and waits (advancing
 * the fake clock, while the real delegate process runs) until the result reaches the model.
 * With an echoing delegate (`cat`) the output carries `marker`. Throws after `timeoutMs`.
 */
export async function runV2Handoff(
  transport: FakeTransport,
  clock: FakeClock,
  marker: string,
  timeoutMs = 10_000,
): Promise<ProbeOutcome> {
  const itemId = `probe_u_${marker}`;
  const callId = `probe_c_${marker}`;
  const prompt = `please echo ${marker}`;
  transport.receive({ type: 'input_audio_buffer.speech_started', item_id: itemId });
  transport.receive({ type: 'input_audio_buffer.committed', item_id: itemId });
  transport.receive({
    type: 'conversation.item.input_audio_transcription.completed',
    item_id: itemId,
    transcript: prompt,
  });
  const started = performance.now();
  transport.receive({
    type: 'conversation.item.done',
    item: {
      id: `item_${callId}`,
      type: 'function_call',
      call_id: callId,
      name: 'background_agent',
      arguments: JSON.stringify({ prompt }),
    },
  });
  for (;;) {
    const output = outputFor(transport, callId, `${marker}`);
    const result = output && JSON.stringify(output).includes(`echo ${marker}`) ? output : null;
    if (result && isFinalOutput(result))
      return { output: result, tookMs: performance.now() - started };
    if (performance.now() - started > timeoutMs) {
      const sent = transport.sent.slice(-8).map((e) => JSON.stringify(e).slice(0, 200));
      throw new Error(`no result for the probe handoff ${marker}; last sent:\n${sent.join('\n')}`);
    }
    clock.advance(100);
    await sleep(5);
  }
}

/** The delegate's own result (not an acknowledgement such as "working on it"). */
function isFinalOutput(event: Record<string, unknown>): boolean {
  return !/started|working on/i.test(JSON.stringify(event));
}
