import type { ConversationActivity as Activity } from '../../preload/schemas/conversation';
import type { RealtimeEvent } from '../realtime/realtime-events';

/**
 * Who is talking, from the server's events: the user speaking, the model thinking, the
 * assistant's audio arriving. Returns the new activity, or null when the event changes nothing.
 */
export function nextActivity(current: Activity, event: RealtimeEvent): Activity | null {
  let next: Activity | null = null;
  switch (event.type) {
    case 'speech_started':
      next = 'user_speaking';
      break;
    case 'speech_stopped':
    case 'response_created':
    case 'handoff_requested':
      next = current === 'assistant_speaking' ? null : 'thinking';
      break;
    case 'response_done':
    case 'response_cancelled':
      // The reply may still be playing: the audio pipeline says when it goes quiet.
      next = current === 'assistant_speaking' ? null : 'listening';
      break;
    default:
      next = null;
  }
  return next === current ? null : next;
}

/** Server events worth a log line (audio and transcript deltas would flood it). */
export function isNotable(event: RealtimeEvent): boolean {
  return !['audio_out', 'input_transcript_delta', 'output_transcript_delta'].includes(event.type);
}
