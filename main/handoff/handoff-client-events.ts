/** V1: one completed delegate message for the voice model to speak. */
export interface HandoffAppendEvent {
  type: 'conversation.handoff.append';
  handoff_id: string;
  output_text: string;
}

/** V2: the answer to a function call. */
export interface FunctionCallOutputItem {
  type: 'function_call_output';
  call_id: string;
  output: string;
}

/** V2: a result whose call is void (old socket, or already acknowledged), as plain context. */
export interface SystemMessageItem {
  type: 'message';
  role: 'system';
  content: { type: 'input_text'; text: string }[];
}

/** V2: adds an item to the conversation. */
export interface ConversationItemCreateEvent {
  type: 'conversation.item.create';
  item: FunctionCallOutputItem | SystemMessageItem;
}

/** Every client event the handoff machine sends (besides `response.create`, which the arbiter owns). */
export type HandoffClientEvent = HandoffAppendEvent | ConversationItemCreateEvent;

/** The V1 handoff id used when no handoff is active (as Codex does). */
export const FALLBACK_HANDOFF_ID = 'codex';

/** Prefix of a result delivered as a new item, so the voice model knows what it is reading. */
export const RESULT_MESSAGE_PREFIX = '[background task result]';

/** `conversation.handoff.append {handoff_id, output_text}`. */
export function handoffAppend(handoffId: string, outputText: string): HandoffAppendEvent {
  return { type: 'conversation.handoff.append', handoff_id: handoffId, output_text: outputText };
}

/** `conversation.item.create` carrying a `function_call_output`. */
export function functionCallOutput(callId: string, output: string): ConversationItemCreateEvent {
  return {
    type: 'conversation.item.create',
    item: { type: 'function_call_output', call_id: callId, output },
  };
}

/** `conversation.item.create` carrying a system message with a task result. */
export function resultMessage(output: string): ConversationItemCreateEvent {
  const text = `${RESULT_MESSAGE_PREFIX} ${output}`;
  return {
    type: 'conversation.item.create',
    item: { type: 'message', role: 'system', content: [{ type: 'input_text', text }] },
  };
}
