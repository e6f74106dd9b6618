import { DEFAULT_VOICE } from '../../preload/schemas/voices';
import { cutUtf8, estimateTokens } from './utf8-text';

/** One message of the conversation recap a new Live session starts with. */
export interface RecapMessage {
  role: 'developer' | 'user' | 'assistant';
  text: string;
}

/** A start-up history message as the Live API takes it: exactly one text part. */
export type LiveInitialItem =
  | { type: 'message'; role: 'developer' | 'user'; content: [{ type: 'input_text'; text: string }] }
  | { type: 'message'; role: 'assistant'; content: [{ type: 'output_text'; text: string }] };

/** The Live session object Parley sends: only these fields, optional ones omitted, no nulls. */
export interface LiveSessionConfig {
  model: string;
  instructions?: string;
  input?: LiveInitialItem[];
  audio: { format: { type: 'audio/pcm'; rate: 24000 }; output: { voice: string } };
  delegation: { type: 'client' };
}

/** `session.start`: the first and, until `session.started`, the only client event. */
export interface LiveSessionStartEvent {
  type: 'session.start';
  session: LiveSessionConfig;
}

/** Input of {@link buildLiveSessionStart}. */
export interface LiveSessionStartOptions {
  model: string;
  /** Voice prompt + startup context; omitted when blank. */
  instructions: string;
  /** Already validated by `resolveVoice`; null or blank → the Live default. */
  voice: string | null;
  /** The conversation so far (oldest first), for a session that replaces a dropped one. */
  recap?: readonly RecapMessage[];
}

/** The Live API's limits on start-up history. */
export const LIVE_INPUT_MAX_MESSAGES = 128;
export const LIVE_INPUT_MAX_TOKENS = 8_192;
/** The Live API's limit on instructions. */
export const LIVE_INSTRUCTIONS_MAX_TOKENS = 16_384;
/** What Parley fills of each token limit: the estimate is not the server's tokenizer. */
const TOKEN_MARGIN = 0.85;
/** Longest recap message, so one long line cannot crowd out the rest. */
const RECAP_MESSAGE_MAX_BYTES = 2_000;

/**
 * Builds `session.start` for a Live session: model, instructions (cut to the limit), the recap
 * as `input` (newest kept within 128 messages and the token budget), PCM16 at 24 kHz both ways
 * with the voice, and client delegation. `store` is left out: the server's default (false) is
 * what Parley wants, and absent is not the same as null on this API.
 */
export function buildLiveSessionStart(options: LiveSessionStartOptions): LiveSessionStartEvent {
  const voice = options.voice?.trim() ? options.voice.trim() : DEFAULT_VOICE.live;
  const instructions = boundInstructions(options.instructions);
  const input = buildLiveInput(options.recap ?? []);
  const session: LiveSessionConfig = {
    model: options.model,
    ...(instructions !== '' ? { instructions } : {}),
    ...(input.length > 0 ? { input } : {}),
    audio: { format: { type: 'audio/pcm', rate: 24000 }, output: { voice } },
    delegation: { type: 'client' },
  };
  return { type: 'session.start', session };
}

/**
 * The recap as start-up history: blank messages dropped, each cut to a bounded length, and
 * the newest ones kept within {@link LIVE_INPUT_MAX_MESSAGES} and the token budget.
 */
export function buildLiveInput(recap: readonly RecapMessage[]): LiveInitialItem[] {
  const budget = Math.floor(LIVE_INPUT_MAX_TOKENS * TOKEN_MARGIN);
  const kept: LiveInitialItem[] = [];
  let tokens = 0;
  for (let i = recap.length - 1; i >= 0 && kept.length < LIVE_INPUT_MAX_MESSAGES; i--) {
    const message = recap[i];
    const text = message ? cutUtf8(message.text.trim(), RECAP_MESSAGE_MAX_BYTES) : '';
    if (!message || text === '') continue;
    tokens += estimateTokens(text);
    if (tokens > budget) break;
    kept.push(toInitialItem(message.role, text));
  }
  return kept.reverse();
}

/**
 * The recap of a conversation for a replacement session: its lines in order (blank ones
 * dropped), then the tasks still going as a developer message. Bounded by {@link buildLiveInput}.
 */
export function recapMessagesFrom(
  lines: readonly { role: 'user' | 'assistant'; text: string }[],
  runningTasks = '',
): RecapMessage[] {
  const messages: RecapMessage[] = lines
    .filter((line) => line.text.trim() !== '')
    .map((line) => ({ role: line.role, text: line.text.trim() }));
  const tasks = runningTasks.trim();
  if (tasks !== '') messages.push({ role: 'developer', text: `Tasks still going:\n${tasks}` });
  return messages;
}

function toInitialItem(role: RecapMessage['role'], text: string): LiveInitialItem {
  if (role === 'assistant') {
    return { type: 'message', role, content: [{ type: 'output_text', text }] };
  }
  return { type: 'message', role, content: [{ type: 'input_text', text }] };
}

function boundInstructions(instructions: string): string {
  const text = instructions.trim();
  const maxBytes = Math.floor(LIVE_INSTRUCTIONS_MAX_TOKENS * TOKEN_MARGIN) * 4;
  return cutUtf8(text, maxBytes);
}
