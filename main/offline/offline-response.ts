import type { Clock } from '../base/clock';
import { errorMessage } from '../base/result';
import type { Logger } from '../base/logger';
import { DEFAULT_REPLY_PACING, ReplyStream, type ReplyPacing } from './reply-stream';

/** What one response does: an optional function call, then optional speech. */
export interface ResponsePlan {
  call: { name: string; arguments: Record<string, unknown> } | null;
  say: string;
}

/** How a response ended, as `response.done` reports it. */
export type ResponseStatus = 'completed' | 'cancelled';

/** What a response needs from the conversation. */
export interface ResponseDeps {
  clock: Clock;
  log: Logger;
  send: (event: object) => void;
  /** 24 kHz PCM16 of `text`. */
  speak: (text: string) => Promise<Int16Array>;
  newId: (prefix: 'item' | 'call') => string;
  /** Called once, after `response.done` went out. */
  onEnd: (status: ResponseStatus) => void;
  pacing?: ReplyPacing;
}

/**
 * One assistant response on the wire: `response.created`, the function call item (sent first,
 * so the task starts while the acknowledgement is spoken), the spoken message streamed in
 * real-time-friendly chunks, and `response.done`. Cancel or truncate stops the voice at once.
 */
export class OfflineResponse {
  private readonly output: object[] = [];
  private stream: ReplyStream | null = null;
  private speechItemId: string | null = null;
  private ended = false;

  constructor(
    readonly id: string,
    private readonly plan: ResponsePlan,
    private readonly deps: ResponseDeps,
  ) {}

  /** The item being spoken, if any. */
  get speakingItemId(): string | null {
    return this.speechItemId;
  }

  /** Runs the plan; resolves when speech has started streaming (or the response ended). */
  async start(): Promise<void> {
    this.deps.send({
      type: 'response.created',
      response: { id: this.id, object: 'realtime.response', status: 'in_progress', output: [] },
    });
    if (this.plan.call) this.sendCall(this.plan.call);
    const text = this.plan.say.trim();
    if (text === '') return this.end('completed');
    const itemId = this.deps.newId('item');
    this.speechItemId = itemId;
    let pcm: Int16Array;
    try {
      pcm = await this.deps.speak(text);
    } catch (error) {
      this.deps.log('error', 'offline.speech_failed', { message: errorMessage(error) });
      this.deps.send({
        type: 'error',
        error: { type: 'server_error', message: `Offline voice failed: ${errorMessage(error)}` },
      });
      return this.end('completed');
    }
    if (this.ended) return;
    this.sendItemEvent('response.output_item.added', this.messageItem(itemId, '', 'in_progress'));
    this.stream = new ReplyStream(
      { responseId: this.id, itemId, outputIndex: this.output.length },
      pcm,
      text,
      { clock: this.deps.clock, send: this.deps.send, onEnd: () => this.speechDone(itemId, text) },
      this.deps.pacing ?? DEFAULT_REPLY_PACING,
    );
    this.stream.start();
  }

  /** Stops the voice and ends the response as cancelled (`response.cancel`, barge-in). */
  cancel(): void {
    if (this.ended) return;
    this.stream?.stop();
    this.end('cancelled');
  }

  /** The socket is gone: stop the voice, send nothing more. */
  halt(): void {
    this.stream?.stop();
    this.ended = true;
  }

  /** `conversation.item.truncate` of the spoken item: confirm it and stop the voice. */
  truncate(itemId: string, audioEndMs: number): boolean {
    if (itemId !== this.speechItemId) return false;
    const playedMs = Math.min(audioEndMs, this.stream?.sentMs ?? 0);
    this.deps.send({
      type: 'conversation.item.truncated',
      item_id: itemId,
      content_index: 0,
      audio_end_ms: Math.round(playedMs),
    });
    this.cancel();
    return true;
  }

  private sendCall(call: NonNullable<ResponsePlan['call']>): void {
    const item = {
      id: this.deps.newId('item'),
      object: 'realtime.item',
      type: 'function_call',
      status: 'completed',
      name: call.name,
      call_id: this.deps.newId('call'),
      arguments: JSON.stringify(call.arguments),
    };
    this.sendItemEvent('response.output_item.added', item);
    this.sendItemEvent('response.output_item.done', item);
    this.deps.send({ type: 'conversation.item.done', item });
    this.output.push(item);
  }

  private speechDone(itemId: string, transcript: string): void {
    const item = this.messageItem(itemId, transcript, 'completed');
    this.sendItemEvent('response.output_item.done', item);
    this.deps.send({ type: 'conversation.item.done', item });
    this.output.push(item);
    this.end('completed');
  }

  private messageItem(id: string, transcript: string, status: string): object {
    const content = transcript === '' ? [] : [{ type: 'output_audio', transcript }];
    return { id, object: 'realtime.item', type: 'message', role: 'assistant', status, content };
  }

  private sendItemEvent(type: string, item: object): void {
    this.deps.send({ type, response_id: this.id, output_index: this.output.length, item });
  }

  private end(status: ResponseStatus): void {
    if (this.ended) return;
    this.ended = true;
    this.deps.send({
      type: 'response.done',
      response: { id: this.id, object: 'realtime.response', status, output: this.output },
    });
    this.deps.onEnd(status);
  }
}
