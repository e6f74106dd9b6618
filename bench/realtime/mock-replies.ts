import { FRAME_BASE64 } from './mock-audio';

/**
 * The GA server events of one spoken reply, as a recorded session orders them: the response and
 * its item open, audio deltas with an audio-transcript delta every `transcriptEvery` frames, then
 * the audio, transcript, item and response close; the user's next turn is committed and
 * transcribed in between replies. Each call builds fresh text so nothing is cached by identity.
 */
export class ReplyScript {
  private reply = 0;

  constructor(
    /** Distinguishes the ids of one connection from another's. */
    private readonly tag: string,
    private readonly transcriptEvery = 10,
  ) {}

  /** The id of the item the current reply's audio belongs to. */
  get itemId(): string {
    return `item_${this.tag}_${this.reply}`;
  }

  /** Events before the first audio delta of a new reply. */
  open(): string[] {
    this.reply++;
    const response = this.responseId;
    const item = this.itemId;
    return [
      { type: 'response.created', response: { id: response, status: 'in_progress', output: [] } },
      {
        type: 'response.output_item.added',
        response_id: response,
        output_index: 0,
        item: { id: item, type: 'message', role: 'assistant', status: 'in_progress', content: [] },
      },
      {
        type: 'conversation.item.added',
        previous_item_id: null,
        item: { id: item, type: 'message', role: 'assistant', status: 'in_progress', content: [] },
      },
      {
        type: 'response.content_part.added',
        response_id: response,
        item_id: item,
        output_index: 0,
        content_index: 0,
        part: { type: 'audio', transcript: '' },
      },
    ].map((event, i) => this.stamp(event, i));
  }

  /** The `k`-th frame of the reply: its audio delta, and a transcript delta every few frames. */
  frame(k: number): string[] {
    const base = `"response_id":"${this.responseId}","item_id":"${this.itemId}","output_index":0,"content_index":0`;
    const audio = `{"type":"response.output_audio.delta","event_id":"ev_${k}",${base},"delta":"${FRAME_BASE64}"}`;
    if (k % this.transcriptEvery !== 0) return [audio];
    const words = JSON.stringify(` word${k} and`);
    return [
      audio,
      `{"type":"response.output_audio_transcript.delta","event_id":"evt_${k}",${base},"delta":${words}}`,
    ];
  }

  /** Events after the last audio delta: the reply closes; the user's next turn is transcribed. */
  close(transcript: string): string[] {
    const response = this.responseId;
    const item = this.itemId;
    const user = `user_${this.tag}_${this.reply}`;
    const done = { id: item, type: 'message', role: 'assistant', status: 'completed' };
    const content = [{ type: 'output_audio', transcript }];
    return [
      { type: 'response.output_audio.done', response_id: response, item_id: item },
      {
        type: 'response.output_audio_transcript.done',
        response_id: response,
        item_id: item,
        transcript,
      },
      {
        type: 'response.content_part.done',
        response_id: response,
        item_id: item,
        part: content[0],
      },
      { type: 'response.output_item.done', response_id: response, item: { ...done, content } },
      { type: 'conversation.item.done', item: { ...done, content } },
      { type: 'response.done', response: { id: response, status: 'completed', output: [] } },
      { type: 'rate_limits.updated', rate_limits: [{ name: 'tokens', limit: 1, remaining: 1 }] },
      { type: 'input_audio_buffer.committed', item_id: user, previous_item_id: item },
      { type: 'conversation.item.input_audio_transcription.delta', item_id: user, delta: 'and ' },
      { type: 'conversation.item.input_audio_transcription.delta', item_id: user, delta: 'then?' },
      {
        type: 'conversation.item.input_audio_transcription.completed',
        item_id: user,
        transcript: 'and then?',
      },
    ].map((event, i) => this.stamp(event, i));
  }

  /** Every server event carries an `event_id`; clients that validate events need it. */
  private stamp(event: object, index: number): string {
    return JSON.stringify({ event_id: `ev_${this.tag}_${this.reply}_${index}`, ...event });
  }

  private get responseId(): string {
    return `resp_${this.tag}_${this.reply}`;
  }
}
