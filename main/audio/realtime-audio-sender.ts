/**
 * What the audio pipeline sends to the realtime session, per protocol: microphone frames on
 * every protocol, and on V2 only the turn events (`input_audio_buffer.clear` / `commit` and a
 * response request), the barge-in truncate and the talk-key `response.cancel`. V1's server
 * decides turns itself; Live has no clear, commit or truncate (its voice model owns turns and
 * barge-in).
 */
import type { AudioClientEvent, AudioPipelineDeps } from './audio-pipeline-types';
import type { TruncateCommand } from './barge-in';
import { logBounded } from './bounded-log';
import { encodePcm16Base64 } from './pcm16';

/** The session effects the sender uses. */
export type RealtimeAudioSenderDeps = Pick<
  AudioPipelineDeps,
  'sendAudio' | 'sendEvent' | 'requestResponse' | 'cancelResponse' | 'protocol' | 'log'
>;

/** Counters of what the sender sent or could not send. */
export interface RealtimeAudioSenderCounts {
  framesUnsent: number;
  truncatesSent: number;
  cancelsSent: number;
}

/** Sends the pipeline's frames and turn events to the session; see the module comment. */
export class RealtimeAudioSender {
  private readonly counters: RealtimeAudioSenderCounts = {
    framesUnsent: 0,
    truncatesSent: 0,
    cancelsSent: 0,
  };

  constructor(private readonly deps: RealtimeAudioSenderDeps) {}

  /** A copy of the counters. */
  get counts(): RealtimeAudioSenderCounts {
    return { ...this.counters };
  }

  /** One PCM16 frame for `input_audio_buffer.append`; counted as unsent without a session. */
  sendFrame(frame: Int16Array): void {
    if (this.deps.protocol() === null) {
      this.counters.framesUnsent++;
      return;
    }
    try {
      this.deps.sendAudio(encodePcm16Base64(frame));
    } catch (error) {
      this.counters.framesUnsent++;
      logBounded(this.deps.log, 'audio.send_failed', this.counters.framesUnsent, String(error));
    }
  }

  /** A talk turn began: V2 clears what was sent before it. */
  turnStarted(): void {
    if (this.deps.protocol() === 'v2') this.send({ type: 'input_audio_buffer.clear' });
  }

  /** A talk turn ended: V2 commits it and asks for an answer, or clears a discarded one. */
  turnEnded(commit: boolean, frames: number): void {
    if (this.deps.protocol() !== 'v2') return;
    if (!commit) {
      this.send({ type: 'input_audio_buffer.clear' });
      this.deps.log('info', 'audio.turn_discarded', { frames });
      return;
    }
    this.send({ type: 'input_audio_buffer.commit' });
    this.deps.requestResponse();
  }

  /**
   * A talk-key barge-in on V2 cancels an answer still being generated (the server cancels by
   * itself only for speech it detects).
   */
  cancelResponse(): void {
    if (this.deps.protocol() !== 'v2') return;
    try {
      if (this.deps.cancelResponse()) this.counters.cancelsSent++;
    } catch (error) {
      this.deps.log('warn', 'audio.cancel_failed', { error: String(error) });
    }
  }

  /** Truncates the item cut short (V2 only); returns whether the truncate was sent. */
  truncate(command: TruncateCommand | null): boolean {
    if (command === null || this.deps.protocol() !== 'v2') return false;
    this.counters.truncatesSent++;
    this.send({ type: 'conversation.item.truncate', ...command });
    return true;
  }

  private send(event: AudioClientEvent): void {
    const failed = (error: unknown): void =>
      this.deps.log('warn', 'audio.event_failed', { event: event.type, error: String(error) });
    try {
      const sent = this.deps.sendEvent(event);
      if (sent) sent.catch(failed);
    } catch (error) {
      failed(error);
    }
  }
}
