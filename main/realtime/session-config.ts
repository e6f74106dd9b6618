import type { Protocol } from '../../preload/schemas/settings';
import type { TalkMode } from '../../preload/schemas/settings';
import { TOOL_NAMES } from './tool-names';
import { DEFAULT_VOICE } from '../../preload/schemas/voices';

/** PCM16 mono at 24 kHz, both directions. */
const PCM_24K = { type: 'audio/pcm', rate: 24_000 } as const;

/** Server VAD settings for hands-free mode. */
export const SERVER_VAD = {
  type: 'server_vad',
  interrupt_response: true,
  create_response: true,
  silence_duration_ms: 500,
} as const;

/** A function tool as the GA Realtime API declares it. */
export interface RealtimeFunctionTool {
  type: 'function';
  name: string;
  description: string;
  parameters: {
    type: 'object';
    properties: Record<string, { type: 'string'; description: string }>;
    required: string[];
    additionalProperties: false;
  };
}

/** V1 (quicksilver) session: no tools, no turn detection. */
export interface V1Session {
  type: 'quicksilver';
  instructions: string;
  audio: { input: { format: typeof PCM_24K }; output: { voice: string } };
}

/** V2 (GA) session. `turn_detection: null` means the client commits turns itself. */
export interface V2Session {
  type: 'realtime';
  instructions: string;
  output_modalities: ['audio'];
  audio: {
    input: {
      format: typeof PCM_24K;
      noise_reduction: { type: 'near_field' };
      transcription: { model: 'gpt-4o-mini-transcribe' };
      turn_detection: typeof SERVER_VAD | null;
    };
    output: { format: typeof PCM_24K; voice: string };
  };
  tools: RealtimeFunctionTool[];
  tool_choice: 'auto';
}

/** The `session.update` client event, sent first on every socket. */
export interface SessionUpdateEvent {
  type: 'session.update';
  session: V1Session | V2Session;
}

/** Input of {@link buildSessionUpdate}. */
export interface SessionUpdateOptions {
  protocol: Protocol;
  instructions: string;
  /** Already validated by `resolveVoice`; null or blank → the version default. */
  voice: string | null | undefined;
  talkMode: TalkMode;
}

function tool(
  name: string,
  description: string,
  properties: RealtimeFunctionTool['parameters']['properties'] = {},
  required: string[] = [],
): RealtimeFunctionTool {
  return {
    type: 'function',
    name,
    description,
    parameters: { type: 'object', properties, required, additionalProperties: false },
  };
}

/** The V2 tools: `background_agent`, `remain_silent`, `task_status`, `cancel_task`. */
export const REALTIME_TOOLS: readonly RealtimeFunctionTool[] = [
  tool(
    TOOL_NAMES.backgroundAgent,
    "Hand real work to the background agent, which works in the user's workspace: running " +
      'commands or tests, reading or changing files, looking things up, drafting text. Pass the ' +
      "user's own words as the prompt, with every detail they gave; do not summarise or " +
      'paraphrase. If a task is already running, calling this again steers it (or queues a ' +
      "follow-up) with the new words. The result arrives later as this call's output.",
    {
      prompt: {
        type: 'string',
        description: "The user's request in their own words, complete.",
      },
    },
    ['prompt'],
  ),
  tool(
    TOOL_NAMES.remainSilent,
    'Say nothing this turn. Use it after a background update or tool output that needs no ' +
      'comment, or when what was heard was not addressed to you.',
  ),
  tool(
    TOOL_NAMES.taskStatus,
    'Get the state of the background tasks (name, status, latest progress) to answer ' +
      'questions such as "what is it doing?" or "is it done yet?".',
  ),
  tool(
    TOOL_NAMES.cancelTask,
    'Cancel a background task when the user asks to stop it. Without task_id the most ' +
      'recently started running task is cancelled.',
    {
      task_id: {
        type: 'string',
        description: 'Id or short name of the task, as reported by task_status.',
      },
    },
  ),
];

/**
 * Server VAD only in hands-free mode. Hold, toggle and auto are all key-driven: in auto a long
 * press is push-to-talk and a tap toggles, so either way the client knows when
 * the turn ends and commits it itself; server VAD would answer mid-sentence on every pause.
 */
export function turnDetectionFor(talkMode: TalkMode): typeof SERVER_VAD | null {
  return talkMode === 'hands-free' ? SERVER_VAD : null;
}

/** Builds the `session.update` for the protocol version and talk mode. */
export function buildSessionUpdate(options: SessionUpdateOptions): SessionUpdateEvent {
  const voice = options.voice?.trim() ? options.voice.trim() : DEFAULT_VOICE[options.protocol];
  if (options.protocol === 'v1') {
    return {
      type: 'session.update',
      session: {
        type: 'quicksilver',
        instructions: options.instructions,
        audio: { input: { format: PCM_24K }, output: { voice } },
      },
    };
  }
  return {
    type: 'session.update',
    session: {
      type: 'realtime',
      instructions: options.instructions,
      output_modalities: ['audio'],
      audio: {
        input: {
          format: PCM_24K,
          noise_reduction: { type: 'near_field' },
          transcription: { model: 'gpt-4o-mini-transcribe' },
          turn_detection: turnDetectionFor(options.talkMode),
        },
        output: { format: PCM_24K, voice },
      },
      tools: REALTIME_TOOLS.map((t) => structuredClone(t)),
      tool_choice: 'auto',
    },
  };
}

/** Voice prompt + `\n\n` + startup context; a blank part is left out with its separator. */
export function buildInstructions(voicePrompt: string, startupContext: string): string {
  return [voicePrompt.trim(), startupContext.trim()].filter((part) => part !== '').join('\n\n');
}

/** How Parley's voice model should behave (the first part of the instructions). */
export const DEFAULT_VOICE_PROMPT = `You are Parley, a voice assistant on the user's computer. You speak with the user in real time while a background agent does real work for them in their workspace.

How to talk:
- Answer in one or two short spoken sentences. No lists, markdown, code or URLs read aloud; say file names and numbers plainly.
- Answer small talk and quick general questions yourself.
- If you did not catch what the user said, ask them to repeat it rather than guess.

When to use the background agent:
- For anything that needs the computer or the workspace (running commands or tests, reading, searching or changing files, checking a repository, drafting or sending text), call background_agent. Never pretend to have done such work yourself, and never invent results.
- Pass the user's own words as the prompt, complete and unparaphrased, including names, paths and numbers exactly as they said them.
- After calling it, say in a few words that you are on it; do not describe how the work will be done.
- If the user adds to or corrects a request while a task runs, call background_agent again with their new words; it steers the running task.
- For "what is it doing?" call task_status; for "stop that" or "cancel it" call cancel_task.

When results arrive:
- A background result comes back as a tool output. Tell the user the outcome in a sentence or two: what was done, what failed, what needs their decision. Offer details only if asked.
- If a background update needs no comment, or what you heard was not meant for you, call remain_silent instead of speaking.
- Do not interrupt the user to report results; wait until they have finished speaking.`;

/**
 * The Live voice prompt: the Live API has no tools — its model delegates by itself, results
 * come back as commentary to tell and progress as silent context.
 */
export const LIVE_VOICE_PROMPT = `You are Parley, a voice assistant on the user's computer. You speak with the user in real time while a background agent does real work for them in their workspace.

How to talk:
- Answer in one or two short spoken sentences. No lists, markdown, code or URLs read aloud; say file names and numbers plainly.
- Answer small talk and quick general questions yourself.
- If you did not catch what the user said, ask them to repeat it rather than guess.

When to delegate:
- For anything that needs the computer or the workspace (running commands or tests, reading, searching or changing files, checking a repository, drafting or sending text), delegate it. Never pretend to have done such work yourself, and never invent results.
- After delegating, say in a few words that you are on it; do not describe how the work will be done.
- If the user adds to or corrects a request, or asks to stop, while a task runs, delegate again with their words: they reach the running task.

When results arrive:
- A delegated task's result, failure or cancellation arrives as commentary for you to tell the user: the outcome in a sentence or two, what was done, what failed, what needs their decision. Offer details only if asked.
- Progress arrives as silent context: use it only when the user asks how the work is going.
- Do not interrupt the user to report results; wait until they have finished speaking.`;

/** The voice prompt for a protocol: Live delegates natively, V1/V2 through tools. */
export function voicePromptFor(protocol: Protocol): string {
  return protocol === 'live' ? LIVE_VOICE_PROMPT : DEFAULT_VOICE_PROMPT;
}
