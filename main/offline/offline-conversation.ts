import { decodePcm16Base64, PCM16_RATE } from '../audio/pcm16';
import { resample } from '../audio/resampler';
import type { Clock } from '../base/clock';
import type { Logger } from '../base/logger';
import { errorMessage } from '../base/result';
import { parseClientEvent, userText, type ClientEvent } from './client-events';
import type { Recognition } from './grammar-recognizer';
import { RECOGNIZER_SAMPLE_RATE } from './grammar-recognizer';
import { InputAudio, type TurnAudio } from './input-audio';
import type { OfflineCommand } from './offline-commands';
import { OfflineResponse } from './offline-response';
import type { ReplyPacing } from './reply-stream';
import type { VadStream } from './silero-vad';
import { DEFAULT_SEGMENTER_OPTIONS, type SegmenterOptions } from './speech-segmenter';
import { describeSession, type TurnDetection } from './session-object';
import { planTurn, type PendingTurn } from './turn-plan';

/** What one conversation needs: the wire, the models, and the current commands. */
export interface ConversationDeps {
  clock: Clock;
  log: Logger;
  send: (event: object) => void;
  vadStream: () => Promise<VadStream>;
  recognize: (samples16k: Float32Array) => Promise<Recognition>;
  commands: () => readonly OfflineCommand[];
  speak: (text: string) => Promise<Int16Array>;
  pacing?: ReplyPacing;
  segmenter?: SegmenterOptions;
}

/** Shortest committed buffer worth recognising. */
const MIN_COMMIT_MS = 100;

/**
 * One V2 realtime conversation served offline: the client's events in, the server's events
 * out. Client events are handled one at a time in arrival order (audio through the VAD,
 * recognition, routing); a spoken reply streams on the clock meanwhile.
 */
export class OfflineConversation {
  private readonly input: InputAudio;
  private queue: Promise<void> = Promise.resolve();
  private tools = new Set<string>();
  private turnDetection: TurnDetection | null = {
    silenceMs: DEFAULT_SEGMENTER_OPTIONS.silenceMs,
    createResponse: true,
    interruptResponse: true,
  };
  private pending: PendingTurn | null = null;
  private active: OfflineResponse | null = null;
  private speechItemId: string | null = null;
  private lastItemId: string | null = null;
  private stoppedTurns: TurnAudio[] = [];
  private counter = 0;
  private closed = false;
  readonly sessionId: string;

  constructor(private readonly deps: ConversationDeps) {
    this.sessionId = this.newId('sess');
    this.input = new InputAudio(
      deps.vadStream,
      {
        speechStarted: (startMs) => this.onSpeechStarted(startMs),
        speechStopped: (turn) => this.stoppedTurns.push(turn),
      },
      deps.segmenter,
    );
    this.send({
      type: 'session.created',
      session: describeSession(this.sessionId, this.turnDetection, this.tools),
    });
  }

  /** One text frame from the client. Bad frames get an `error` event; nothing is thrown. */
  receive(text: string): void {
    const parsed = parseClientEvent(text);
    if (!parsed.ok) {
      this.sendError('invalid_request_error', parsed.error.message);
      return;
    }
    this.queue = this.queue
      .then(() => (this.closed ? undefined : this.apply(parsed.event)))
      .catch((error: unknown) => {
        this.deps.log('error', 'offline.event_failed', { message: errorMessage(error) });
        this.sendError('server_error', `The offline engine failed: ${errorMessage(error)}`);
      });
  }

  /** The socket closed: stop speaking, drop what is queued. */
  close(): void {
    this.closed = true;
    this.active?.halt();
    this.active = null;
  }

  /** Resolves when every event received so far has been handled (tests, benchmarks). */
  idle(): Promise<void> {
    return this.queue;
  }

  private async apply(event: ClientEvent): Promise<void> {
    switch (event.type) {
      case 'session.update':
        return this.updateSession(event);
      case 'input_audio_buffer.append':
        await this.input.append(decodePcm16Base64(event.audio));
        for (const turn of this.stoppedTurns.splice(0)) await this.onSpeechStopped(turn);
        return;
      case 'input_audio_buffer.commit':
        return this.commit();
      case 'input_audio_buffer.clear':
        this.input.clear();
        this.speechItemId = null;
        return this.send({ type: 'input_audio_buffer.cleared' });
      case 'conversation.item.create':
        if (event.item.type === 'function_call_output') {
          this.pending = { kind: 'output', output: event.item.output };
        } else {
          const text = userText(event.item);
          if (text !== null) this.pending = { kind: 'typed', text };
        }
        return;
      case 'response.create':
        return this.createResponse();
      case 'response.cancel':
        return this.active?.cancel();
      case 'conversation.item.truncate':
        if (this.active?.truncate(event.itemId, event.audioEndMs)) return;
        return this.send({
          type: 'conversation.item.truncated',
          item_id: event.itemId,
          content_index: 0,
          audio_end_ms: Math.round(event.audioEndMs),
        });
    }
  }

  private updateSession(event: Extract<ClientEvent, { type: 'session.update' }>): void {
    if (event.tools) this.tools = new Set(event.tools);
    const detection = event.turnDetection;
    if (detection === null) {
      this.turnDetection = null;
      this.input.setServerVad(null);
    } else if (detection !== undefined) {
      this.turnDetection = {
        silenceMs: detection.silence_duration_ms ?? DEFAULT_SEGMENTER_OPTIONS.silenceMs,
        createResponse: detection.create_response ?? true,
        interruptResponse: detection.interrupt_response ?? true,
      };
      this.input.setServerVad({ silenceMs: this.turnDetection.silenceMs });
    }
    this.send({
      type: 'session.updated',
      session: describeSession(this.sessionId, this.turnDetection, this.tools),
    });
  }

  private onSpeechStarted(startMs: number): void {
    const itemId = this.newId('item');
    this.speechItemId = itemId;
    this.send({
      type: 'input_audio_buffer.speech_started',
      audio_start_ms: startMs,
      item_id: itemId,
    });
    if (this.turnDetection?.interruptResponse) this.active?.cancel();
  }

  private async onSpeechStopped(turn: TurnAudio): Promise<void> {
    const itemId = this.speechItemId ?? this.newId('item');
    this.speechItemId = null;
    this.send({
      type: 'input_audio_buffer.speech_stopped',
      audio_end_ms: turn.endMs,
      item_id: itemId,
    });
    const recognition = await this.transcribe(itemId, turn);
    if (this.turnDetection?.createResponse && recognition.kind !== 'nothing') {
      // A new spoken turn outranks whatever is still being said.
      this.active?.cancel();
      await this.createResponse();
    }
  }

  private async commit(): Promise<void> {
    const turn = await this.input.commit();
    if (!turn || turn.endMs - turn.startMs < MIN_COMMIT_MS) {
      return this.sendError(
        'invalid_request_error',
        `Error committing input audio buffer: buffer too small. Expected at least ${MIN_COMMIT_MS}ms of audio.`,
      );
    }
    const itemId = this.speechItemId ?? this.newId('item');
    this.speechItemId = null;
    await this.transcribe(itemId, turn);
  }

  /** Commits the turn as a user item and recognises it; the result becomes the pending turn. */
  private async transcribe(itemId: string, turn: TurnAudio): Promise<Recognition> {
    this.send({
      type: 'input_audio_buffer.committed',
      item_id: itemId,
      previous_item_id: this.lastItemId,
    });
    this.lastItemId = itemId;
    const floats = new Float32Array(turn.samples.length);
    for (let i = 0; i < floats.length; i++) floats[i] = (turn.samples[i] ?? 0) / 32768;
    const recognition = await this.deps.recognize(
      resample(floats, PCM16_RATE, RECOGNIZER_SAMPLE_RATE),
    );
    this.deps.log('info', 'offline.recognized', {
      itemId,
      result: recognition.kind,
      ...(recognition.kind === 'nothing'
        ? {}
        : {
            phrase: recognition.kind === 'command' ? recognition.phrase : recognition.nearest,
            margin: Math.round(recognition.margin * 100) / 100,
          }),
    });
    const ids = { item_id: itemId, content_index: 0 };
    if (recognition.kind === 'command') {
      this.send({
        type: 'conversation.item.input_audio_transcription.completed',
        ...ids,
        transcript: recognition.phrase,
      });
    } else {
      this.send({
        type: 'conversation.item.input_audio_transcription.failed',
        ...ids,
        error: {
          type: 'transcription_error',
          code: recognition.kind === 'rejected' ? 'out_of_grammar' : 'no_speech',
          message:
            recognition.kind === 'rejected'
              ? 'That was not one of the offline commands.'
              : 'No words were recognised.',
        },
      });
    }
    this.pending = { kind: 'heard', recognition };
    return recognition;
  }

  private async createResponse(): Promise<void> {
    if (this.active) {
      return this.sendError(
        'invalid_request_error',
        `Conversation already has an active response in progress: ${this.active.id}`,
      );
    }
    const plan = planTurn(this.pending, {
      commands: this.deps.commands(),
      declaredTools: this.tools,
    });
    this.pending = null;
    const response = new OfflineResponse(this.newId('resp'), plan, {
      clock: this.deps.clock,
      log: this.deps.log,
      send: (event) => this.send(event),
      speak: this.deps.speak,
      newId: (prefix) => this.newId(prefix),
      onEnd: () => {
        if (this.active === response) this.active = null;
      },
      pacing: this.deps.pacing,
    });
    this.active = response;
    await response.start();
  }

  private newId(prefix: string): string {
    return `${prefix}_offline_${++this.counter}`;
  }

  private sendError(type: string, message: string): void {
    this.send({ type: 'error', error: { type, message } });
  }

  private send(event: object): void {
    if (!this.closed) this.deps.send(event);
  }
}
