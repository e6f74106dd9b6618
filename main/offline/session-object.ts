import { PCM16_RATE } from '../audio/pcm16';

/** How the engine detects turns: server VAD with its settings, or none (client commits). */
export interface TurnDetection {
  silenceMs: number;
  createResponse: boolean;
  interruptResponse: boolean;
}

/** The `session` object of `session.created` / `session.updated`, in the GA shape. */
export function describeSession(
  id: string,
  turnDetection: TurnDetection | null,
  tools: Iterable<string>,
): object {
  const pcm = { type: 'audio/pcm', rate: PCM16_RATE };
  return {
    id,
    object: 'realtime.session',
    type: 'realtime',
    model: 'parley-offline',
    output_modalities: ['audio'],
    audio: {
      input: {
        format: pcm,
        turn_detection: turnDetection
          ? {
              type: 'server_vad',
              silence_duration_ms: turnDetection.silenceMs,
              create_response: turnDetection.createResponse,
              interrupt_response: turnDetection.interruptResponse,
            }
          : null,
      },
      output: { format: pcm, voice: 'flite-slt' },
    },
    tools: [...tools].map((name) => ({ type: 'function', name })),
  };
}
