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
  | {
      type: 'input_transcript_delta';
      delta: string;
      itemId: string | null;
      /** Live: where the fragment lies on the session timeline (ms since session start). */
      startMs?: number;
      endMs?: number;
    }
  | { type: 'input_transcript_done'; transcript: string; itemId: string | null }
  /** The server could not transcribe a committed user item (V2); its words will not come. */
  | { type: 'input_transcript_failed'; itemId: string | null; message: string }
  /** The server committed the input audio buffer as a user item (V2): its transcription is due. */
  | { type: 'input_audio_committed'; itemId: string | null; previousItemId: string | null }
  | {
      type: 'output_transcript_delta';
      delta: string;
      itemId: string | null;
      /** Live: where the fragment lies on the session timeline (ms since session start). */
      startMs?: number;
      endMs?: number;
    }
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
  | {
      type: 'error';
      message: string;
      code: string | null;
      /** Live: the offending field, when the server names one. */
      param?: string | null;
      /** Live: the `event_id` of the client event that failed, when the server echoes it. */
      clientEventId?: string | null;
    }
  /** Live: the server accepted `session.start`; nothing else may be sent before this. */
  | { type: 'session_started'; sessionId: string | null; expiresAt: number | null }
  /** Live: the voice model wants work done; the request is the transcript up to `offsetMs`. */
  | { type: 'delegation_created'; delegationId: string; offsetMs: number; target: string }
  /** Live: an append was placed on the session timeline (not: heard). */
  | {
      type: 'append_placed';
      kind: LiveAppendKind;
      clientEventId: string | null;
      /** Where it was placed on the session timeline; null when the server did not say. */
      startMs: number | null;
      endMs: number | null;
    }
  /** Live: the server stopped (true) or resumed (false) feeding input audio to the model. */
  | { type: 'input_muted'; muted: boolean }
  /** Live: billed seconds of this session so far (cumulative, silence included). */
  | { type: 'usage_updated'; seconds: number; contextUsageRatio: number | null }
  /** Live: a notice from the server that needs no action. */
  | { type: 'info'; code: string; message: string }
  /**
   * Live: the session ended; the socket closes next. Known reasons: `close_requested`,
   * `expired`, `content`, `remote_hangup`, `connection_lost`; others are kept as sent.
   */
  | { type: 'session_closed'; reason: string; usageSeconds: number | null };

/** The three Live appends, by what the model does with them. */
export type LiveAppendKind = 'commentary' | 'thinking' | 'instructions';

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
