import type { Protocol } from '../../../preload/schemas/settings';
import { FakeClock } from '../../fakes/fake-clock';
import type { DelegationRequest, HandoffEffects } from '../../../main/handoff/handoff-effects';
import type { HandoffClientEvent } from '../../../main/handoff/handoff-client-events';
import {
  HandoffMachine,
  type HandoffMachineOptions,
  type RoutedHandoff,
} from '../../../main/handoff/handoff-machine';
import type { RealtimeEvent } from '../../../main/realtime/realtime-events';

/** One effect, in the order the machine produced it. */
export type EffectRecord =
  | { kind: 'delegate'; request: DelegationRequest }
  | { kind: 'steer'; request: DelegationRequest }
  | { kind: 'send'; event: HandoffClientEvent }
  | { kind: 'response.create' }
  | { kind: 'cancel'; taskId: string | null };

/** A machine on a fake clock with recording effects. */
export function createHarness(
  protocol: Protocol,
  options: Partial<Omit<HandoffMachineOptions, 'clock' | 'protocol' | 'effects'>> & {
    running?: () => boolean;
  } = {},
) {
  const clock = new FakeClock(10_000);
  const log: EffectRecord[] = [];
  const routed: RoutedHandoff[] = [];
  const effects: HandoffEffects = {
    delegate: (request) => log.push({ kind: 'delegate', request }),
    steer: (request) => log.push({ kind: 'steer', request }),
    sendEvent: (event) => log.push({ kind: 'send', event }),
    requestResponse: () => log.push({ kind: 'response.create' }),
    describeTasks: () => 'One task running: fix tests (12 s).',
    cancelTask: (taskId) => {
      log.push({ kind: 'cancel', taskId });
      return taskId === null ? 'Cancelled the running task.' : `Cancelled task ${taskId}.`;
    },
    hasRunningTask: options.running,
  };
  const machine = new HandoffMachine({ clock, protocol, effects, ...options });
  machine.on('routed', (r) => routed.push(r));
  const feed = (...events: RealtimeEvent[]): void => {
    for (const event of events) machine.handle(event);
  };
  const delegated = (): DelegationRequest[] =>
    log.flatMap((r) => (r.kind === 'delegate' ? [r.request] : []));
  const steered = (): DelegationRequest[] =>
    log.flatMap((r) => (r.kind === 'steer' ? [r.request] : []));
  const sent = (): HandoffClientEvent[] => log.flatMap((r) => (r.kind === 'send' ? [r.event] : []));
  const kinds = (): string[] =>
    log.map((r) => (r.kind === 'send' ? `send:${describe(r.event)}` : r.kind));
  return { clock, log, routed, machine, feed, delegated, steered, sent, kinds };
}

function describe(event: HandoffClientEvent): string {
  if (event.type === 'conversation.handoff.append') return 'append';
  return event.item.type;
}

export const userDelta = (delta: string, itemId: string | null = null): RealtimeEvent => ({
  type: 'input_transcript_delta',
  delta,
  itemId,
});
export const userDone = (transcript: string, itemId: string | null = null): RealtimeEvent => ({
  type: 'input_transcript_done',
  transcript,
  itemId,
});
export const botDelta = (delta: string): RealtimeEvent => ({
  type: 'output_transcript_delta',
  delta,
  itemId: null,
});
export const botDone = (transcript: string): RealtimeEvent => ({
  type: 'output_transcript_done',
  transcript,
  itemId: null,
});
export const handoff = (handoffId: string, inputTranscript = ''): RealtimeEvent => ({
  type: 'handoff_requested',
  handoffId,
  itemId: null,
  inputTranscript,
});
export const speechStarted: RealtimeEvent = { type: 'speech_started', itemId: null };
export const speechStopped: RealtimeEvent = { type: 'speech_stopped', itemId: null };
export const responseCreated: RealtimeEvent = { type: 'response_created', responseId: 'r1' };
export const responseDone: RealtimeEvent = { type: 'response_done', responseId: 'r1' };
export const audio = (itemId: string | null = null): RealtimeEvent => ({
  type: 'audio_out',
  data: 'AAAA',
  sampleRate: 24_000,
  channels: 1,
  samplesPerChannel: 2,
  itemId,
});
export const noop = (callId: string): RealtimeEvent => ({
  type: 'noop_requested',
  callId,
  itemId: null,
});
export const toolCall = (name: string, callId: string, args = '{}'): RealtimeEvent => ({
  type: 'tool_call',
  name,
  callId,
  itemId: null,
  arguments: args,
});
export const userItem = (
  text: string,
  id: string | null = null,
  type: 'item_added' | 'item_done' = 'item_added',
): RealtimeEvent => ({
  type,
  item: { id, type: 'message', role: 'user', text, raw: {} },
});
