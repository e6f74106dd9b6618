import type { Protocol } from '../../preload/schemas/settings';
/** Types of {@link AudioPipeline}'s constructor, events and counters. */
import type { MainToRendererAudio } from '../../preload/audio-wire';
import type { Clock } from '../base/clock';
import type { Logger } from '../base/logger';
import type { BargeInTrigger } from './barge-in';
import type { InputMode } from './capture-input';
import type { VoiceActivityGateOptions } from './voice-activity-gate';

/** Client events the pipeline sends (besides audio, which goes through `sendAudio`). */
export type AudioClientEvent =
  | { type: 'conversation.item.truncate'; item_id: string; content_index: 0; audio_end_ms: number }
  | { type: 'input_audio_buffer.clear' }
  | { type: 'input_audio_buffer.commit' };

/** Effects and settings for {@link AudioPipeline}. */
export interface AudioPipelineDeps {
  clock: Clock;
  /** Queues one base64 PCM16 frame for `input_audio_buffer.append` (may throw without a session). */
  sendAudio(base64Frame: string): void;
  /** Sends a client event (may throw or reject without a session). */
  sendEvent(event: AudioClientEvent): void | Promise<void>;
  /** Asks the response arbiter for a `response.create`. */
  requestResponse(): void;
  /**
   * Cancels the response the server is still generating, if any (V2); returns whether a
   * `response.cancel` was sent. The pipeline calls it for a talk-key barge-in, before the truncate.
   */
  cancelResponse(): boolean;
  /** Sends a message to the renderer player (encode it with `encodeAudioMessage`). */
  toRenderer(msg: MainToRendererAudio): void;
  /** The live session's protocol, or null when there is no session (frames are then dropped). */
  protocol(): Protocol | null;
  log: Logger;
  /** Initial input mode ['stream']. */
  inputMode?: InputMode;
  /** Voice-activity gate tuning for the `gated` mode. */
  gate?: VoiceActivityGateOptions;
  /** Hold-to-talk: keep sending this long after the key is released [80 ms]. */
  releaseTailMs?: number;
}

/** A barge-in cut an assistant item short: the transcript marks what was not heard. */
export interface AudioInterruption {
  itemId: string;
  trigger: BargeInTrigger;
  /** Milliseconds of the item the user heard (the truncate's `audio_end_ms`, or 0). */
  playedMs: number;
  /** Milliseconds of the item received so far. */
  receivedMs: number;
  /** Whether a `conversation.item.truncate` was sent for it. */
  truncated: boolean;
}

/** Events of {@link AudioPipeline}. */
export type AudioPipelineEvents = {
  interrupted: AudioInterruption;
  /** Assistant audio started or stopped being audible (or queued to be). */
  playback: { playing: boolean };
  /** The voice-activity gate opened or closed (`gated` mode). */
  gate: { open: boolean };
  /** A microphone frame arrived from the renderer (before any gate or hold); copy it to keep it. */
  captured: { pcm: Int16Array };
  /** The player reported how much of an item it has played. */
  played: { itemId: string; playedSamples: number };
};

/** Counters for diagnostics. */
export interface AudioPipelineStats {
  framesIn: number;
  framesSent: number;
  /** Held back by the gate or outside a hold (net of pre-roll sent later). */
  framesWithheld: number;
  /** Frames that could not be sent: no session, or the send failed. */
  framesUnsent: number;
  deltasPlayed: number;
  /** Late deltas of interrupted items. */
  deltasDropped: number;
  deltasRejected: number;
  /** Cumulative player underruns reported by the renderer. */
  underruns: number;
  bargeIns: number;
  truncatesSent: number;
  /** `response.cancel`s sent for a talk-key barge-in. */
  cancelsSent: number;
  /** Renderer messages that did not decode or did not belong on that path. */
  badRendererMessages: number;
  /** Capture frames dropped while capture was off (muted, or hands-free and not listening). */
  framesMuted: number;
}
