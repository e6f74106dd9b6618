import { TOOL_NAMES } from '../realtime/tool-names';
import { matchTyped, routeTurn, type RouteContext, type RouteDecision } from './command-router';
import type { Recognition } from './grammar-recognizer';
import type { ResponsePlan } from './offline-response';
import { summariseForSpeech } from './reply-summariser';

/** The latest conversation input a `response.create` answers. */
export type PendingTurn =
  /** Speech, as the recogniser heard it. */
  | { kind: 'heard'; recognition: Recognition }
  /** A typed user message. */
  | { kind: 'typed'; text: string }
  /** A `function_call_output`: a task result or a tool's answer, to be spoken back. */
  | { kind: 'output'; output: string };

/** The routing decision for a user turn (null for tool outputs, which are only spoken). */
export function decideTurn(turn: PendingTurn, context: RouteContext): RouteDecision | null {
  switch (turn.kind) {
    case 'heard': {
      const recognition = turn.recognition;
      const phrase = recognition.kind === 'command' ? recognition.phrase : '';
      const command = context.commands.find((c) => c.phrase === phrase) ?? null;
      return routeTurn(command, phrase, context);
    }
    case 'typed':
      return routeTurn(matchTyped(turn.text, context.commands), turn.text, context);
    case 'output':
      return null;
  }
}

/** What to do for a decision: a function call, words to say, or both. */
export function planDecision(decision: RouteDecision): ResponsePlan {
  switch (decision.kind) {
    case 'delegate':
      return {
        call: { name: TOOL_NAMES.backgroundAgent, arguments: { prompt: decision.prompt } },
        say: decision.say,
      };
    case 'tool':
      return { call: { name: decision.tool, arguments: {} }, say: '' };
    case 'answer':
      return { call: null, say: decision.say };
  }
}

/**
 * The response to the pending turn: a routed command, or a tool output summarised for speech.
 * An empty output (e.g. `remain_silent`'s) and no pending turn both give a silent response.
 */
export function planTurn(turn: PendingTurn | null, context: RouteContext): ResponsePlan {
  if (!turn) return { call: null, say: '' };
  if (turn.kind === 'output') {
    return { call: null, say: turn.output.trim() === '' ? '' : summariseForSpeech(turn.output) };
  }
  const decision = decideTurn(turn, context);
  return decision ? planDecision(decision) : { call: null, say: '' };
}
