/**
 * Makes the audio pipeline follow the talk input: a turn's start opens the microphone (and
 * barges in), its end commits after the release tail, a cancelled turn is cleared without a
 * commit, and the hands-free talk key cuts the assistant off.
 */
import type { AudioPipeline } from './audio-pipeline';
import type { TalkInput } from './talk-input';

/** Subscribes `audio` to `talk`'s turns; returns the unsubscribe function. */
export function followTalkTurns(
  talk: Pick<TalkInput, 'on'>,
  audio: Pick<AudioPipeline, 'onTalkKey' | 'discardTalkTurn' | 'interruptPlayback'>,
): () => void {
  const offs = [
    talk.on('turn-start', () => audio.onTalkKey('press')),
    talk.on('turn-end', () => audio.onTalkKey('release')),
    talk.on('turn-cancel', () => audio.discardTalkTurn()),
    talk.on('interrupt', () => audio.interruptPlayback()),
  ];
  return () => offs.forEach((off) => off());
}
