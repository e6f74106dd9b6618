/** Realtime protocol version: V1 = quicksilver, V2 = GA Realtime API. */
export type ProtocolVersion = 'v1' | 'v2';

/**
 * The internal event union every parser maps server events to.
 * Parsers never throw: a frame that does not fit is reported as a {@link ParseProblem}.
 */
export type RealtimeEvent =
  | { type: 'session_updated'; sessionId: string | null }
  | {
      type: 'audio_out';
      /** base64 PCM16 little-endian */
      data: string;
      sampleRate: number;
      channels: number;
      samplesPerChannel: number | null;
      itemId: string | null;
    }
  | { type: 'input_transcript_delta'; delta: string; itemId: string | null }
  | { type: 'input_transcript_done'; transcript: string; itemId: string | null }
  /** The server could not transcribe a committed user item (V2); its words will not come. */
  | { type: 'input_transcript_failed'; itemId: string | null; message: string }
  /** The server committed the input audio buffer as a user item (V2): its transcription is due. */
  | { type: 'input_audio_committed'; itemId: string | null; previousItemId: string | null }
  | { type: 'output_transcript_delta'; delta: string; itemId: string | null }
  | { type: 'output_transcript_done'; transcript: string; itemId: string | null }
  | { type: 'item_added'; item: RealtimeItem }
  | { type: 'item_done'; item: RealtimeItem }
  | {
      type: 'handoff_requested';
      handoffId: string;
      itemId: string | null;
      inputTranscript: string;
    }
  | { type: 'noop_requested'; callId: string; itemId: string | null }
  | { type: 'tool_call'; name: string; callId: string; itemId: string | null; arguments: string }
  | { type: 'speech_started'; itemId: string | null }
  | { type: 'speech_stopped'; itemId: string | null }
  | { type: 'response_created'; responseId: string | null }
  | { type: 'response_cancelled'; responseId: string | null }
  | { type: 'response_done'; responseId: string | null }
  | { type: 'error'; message: string; code: string | null };

/** A conversation item as the server reports it; only the fields Parley reads are typed. */
export interface RealtimeItem {
  id: string | null;
  type: string;
  role: string | null;
  /** Concatenated text/transcript of the item's content parts, if any. */
  text: string;
  raw: Record<string, unknown>;
}

/** A frame the parser could not use: logged (bounded) and dropped; never ends the session. */
export interface ParseProblem {
  reason: 'malformed_json' | 'missing_type' | 'bad_fields' | 'unknown_type' | 'oversized';
  /** Event type when known. */
  eventType: string | null;
  /** Human-readable detail, bounded in size. */
  detail: string;
}

export type ParseResult =
  { ok: true; events: RealtimeEvent[] } | { ok: false; problem: ParseProblem };
