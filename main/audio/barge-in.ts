/**
 * Barge-in decisions: when the user starts speaking (server `speech_started`)
 * or presses the talk key while assistant audio is playing, stop playback at once and truncate
 * the playing item at the position actually *played*. It follows the {@link PlaybackLedger}
 * (what is playing), not the server's response state: `response.done` usually arrives while
 * much of the reply is still queued for playback.
 */
import type { PlaybackLedger } from './playback-ledger';

/** What started the barge-in. */
export type BargeInTrigger = 'speech_started' | 'talk_key';

/** Payload fields of a `conversation.item.truncate` client event. */
export interface TruncateCommand {
  item_id: string;
  content_index: 0;
  /** Integer milliseconds of the item the user heard; never more than was received. */
  audio_end_ms: number;
}

/** The effects to carry out for one trigger. */
export interface BargeInDecision {
  trigger: BargeInTrigger;
  /** Tell the renderer player to stop and clear its queue now. */
  stopPlayback: boolean;
  /** Send this truncate, or nothing when nothing of the playing item was played. */
  truncate: TruncateCommand | null;
  /** Items whose playback was cut off; later audio deltas for them are dropped. */
  interruptedItemIds: string[];
}

/** Interrupted item ids remembered to drop their late deltas (oldest forgotten first). */
const MAX_REMEMBERED_INTERRUPTIONS = 64;

/** Decides barge-ins against a ledger and remembers which items were interrupted. */
export class BargeIn {
  private readonly interrupted = new Set<string>();

  constructor(private readonly ledger: PlaybackLedger) {}

  /** A new session: no item of the old one can send deltas any more. */
  reset(): void {
    this.interrupted.clear();
  }

  /**
   * Decides what a trigger does. With nothing playing or queued it is a no-op decision.
   * Otherwise playback stops, every live item (the playing one and any queued behind it) is
   * marked interrupted, and the playing item is truncated at its estimated played position.
   */
  decide(trigger: BargeInTrigger): BargeInDecision {
    const live = this.ledger.liveItems();
    const playing = live[0];
    if (playing === undefined) {
      return { trigger, stopPlayback: false, truncate: null, interruptedItemIds: [] };
    }
    const truncate = this.truncateAt(playing, this.ledger.estimatedPlayedSamples(playing));
    for (const id of live) this.interrupted.add(id);
    // Only recent items can still send late deltas: keep the set bounded.
    while (this.interrupted.size > MAX_REMEMBERED_INTERRUPTIONS) {
      this.interrupted.delete(this.interrupted.values().next().value as string);
    }
    this.ledger.markPlaybackStopped(live);
    return { trigger, stopPlayback: true, truncate, interruptedItemIds: live };
  }

  /**
   * A truncate from the ledger's *reported* count, for callers that wait for the player's final
   * report after `stop` (exact, no extrapolation); null when nothing of the item was played.
   */
  truncateFor(itemId: string): TruncateCommand | null {
    return this.truncateAt(itemId, this.ledger.playedSamples(itemId));
  }

  /** Whether an audio delta for `itemId` must be dropped (its playback was interrupted). */
  shouldDropDelta(itemId: string): boolean {
    return this.interrupted.has(itemId);
  }

  /** Forgets an item (e.g. removed from the conversation). */
  forget(itemId: string): void {
    this.interrupted.delete(itemId);
  }

  private truncateAt(itemId: string, playedSamples: number): TruncateCommand | null {
    if (playedSamples <= 0) return null;
    const ms = Math.floor((playedSamples * 1000) / this.ledger.sampleRate);
    return { item_id: itemId, content_index: 0, audio_end_ms: ms };
  }
}

/** A transcript split into what the user heard and what playback never reached. */
export interface HeardSplit {
  heard: string;
  unheard: string;
}

/**
 * Estimates which prefix of an assistant transcript was heard, assuming speech runs at an even
 * rate in characters: the cut sits at `heardMs / totalAudioMs` of the characters, moved back to
 * the start of the word it falls in (a half-heard word counts as unheard). `totalAudioMs` must be
 * the audio the transcript covers (the item's received audio). `heard + unheard === transcript`.
 */
export function splitHeardText(
  transcript: string,
  heardMs: number,
  totalAudioMs: number,
): HeardSplit {
  if (!(totalAudioMs > 0) || !(heardMs > 0)) return { heard: '', unheard: transcript };
  if (heardMs >= totalAudioMs) return { heard: transcript, unheard: '' };
  let cut = Math.floor((transcript.length * heardMs) / totalAudioMs);
  const isSpace = (i: number): boolean => /\s/.test(transcript.charAt(i));
  if (cut > 0 && !isSpace(cut) && !isSpace(cut - 1)) {
    while (cut > 0 && !isSpace(cut - 1)) cut--;
  }
  return { heard: transcript.slice(0, cut), unheard: transcript.slice(cut) };
}
