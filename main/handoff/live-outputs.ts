import type { Clock } from '../base/clock';
import { TypedEmitter } from '../base/typed-emitter';
import type { LiveAppendKind, RealtimeEvent } from '../realtime/realtime-events';
import { utf8Length } from '../realtime/utf8-text';
import { COMMENTARY_MAX_BYTES, splitCommentary } from './commentary-chunks';
import type { DeliveryGate } from './delivery-gate';
import { ProgressThrottle } from './progress-throttle';

/** An append Parley sends on a Live session. */
export interface LiveAppendEvent {
  type: 'session.commentary.append' | 'session.thinking.append';
  event_id: string;
  content: string;
  /** The delegation it answers, or null when that id is void (an earlier socket) or unknown. */
  delegation_id: string | null;
}

/** What the voice model is told, by what happened to the task. */
export type LiveOutputKind = 'result' | 'failure' | 'cancelled' | 'progress';

/** Events of {@link LiveOutputs}, for logs and diagnostics. */
export type LiveOutputsEvents = {
  /** Sent (queued on the socket): one per output, with its chunk count. */
  sent: { delegationId: string | null; kind: LiveOutputKind; chunks: number; text: string };
  /** The server placed an append on its timeline. */
  placed: { eventId: string; kind: LiveAppendKind; delegationId: string | null };
  /** The server refused an append (a refused commentary chunk is re-sent in halves). */
  refused: { eventId: string; code: string | null; message: string };
  /** A result the gate still held when it was disposed (the conversation ended). */
  undelivered: { delegationId: string | null; text: string };
};

/** Options of {@link LiveOutputs}. */
export interface LiveOutputsOptions {
  clock: Clock;
  /** Queue one client event on the live socket. */
  sendEvent(event: LiveAppendEvent): void;
  /** Holds outputs while the user speaks or no socket is up; the owner drives it. */
  gate: DeliveryGate;
  /** At most one progress append per delegation this often [3,000 ms]. */
  progressIntervalMs?: number;
  /** Client event ids, echoed by the server's acks and errors. */
  newEventId?: () => string;
}

/** Said when a task ends with nothing to say: the model must still hear that it ended. */
export const LIVE_EMPTY_RESULT = 'The background task finished without any output.';
/** Prefix of a result whose delegation belonged to an earlier socket. */
export const LIVE_VOID_PREFIX =
  'Result of a background task from before the connection was renewed:';

interface SentAppend {
  kind: 'commentary' | 'thinking';
  content: string;
  delegationId: string | null;
  generation: number;
}

const MAX_TRACKED = 256;
/** A refused chunk smaller than this is not split again. */
const MIN_RESPLIT_BYTES = 200;

/**
 * Sends what the delegate produced back to a Live session: the result as
 * `session.commentary.append` chunks under the append cap, progress as throttled
 * `session.thinking.append`, failures and cancellations said as commentary too (the model
 * otherwise keeps the user waiting). Every output passes the {@link DeliveryGate}, and its
 * delegation id is chosen when it goes out: an id from an earlier socket is void, so such an
 * output goes with `delegation_id: null`. Commentary the old socket never placed is said again
 * on the new one. Acks and errors are matched by `event_id`.
 */
export class LiveOutputs {
  private readonly emitter = new TypedEmitter<LiveOutputsEvents>();
  private readonly generations = new Map<string, number>();
  private generation = 0;
  private readonly sent = new Map<string, SentAppend>();
  private readonly progress: ProgressThrottle<string | null>;
  private readonly newEventId: () => string;
  private counter = 0;
  private disposed = false;

  constructor(private readonly options: LiveOutputsOptions) {
    this.newEventId = options.newEventId ?? (() => `parley_live_${++this.counter}`);
    this.progress = new ProgressThrottle(
      options.clock,
      (id, text) => this.submit(id, 'progress', text),
      options.progressIntervalMs ?? 3_000,
      COMMENTARY_MAX_BYTES,
    );
  }

  on<K extends keyof LiveOutputsEvents>(
    event: K,
    listener: (payload: LiveOutputsEvents[K]) => void,
  ): () => void {
    return this.emitter.on(event, listener);
  }

  /** A delegation arrived on the current socket: its id is valid until the socket is replaced. */
  register(delegationId: string): void {
    this.generations.set(delegationId, this.generation);
    if (this.generations.size > MAX_TRACKED) {
      const oldest = this.generations.keys().next().value;
      if (oldest !== undefined) this.generations.delete(oldest);
    }
  }

  /** The task's result, said as commentary. */
  deliverResult(delegationId: string | null, text: string): void {
    this.finish(delegationId, 'result', text.trim() === '' ? LIVE_EMPTY_RESULT : text.trim());
  }

  /** The task failed: the model says so. */
  deliverFailure(delegationId: string | null, reason: string): void {
    const why = reason.trim() === '' ? 'no reason was given' : reason.trim();
    this.finish(delegationId, 'failure', `The background task failed: ${why}`);
  }

  /** The task was cancelled: the model says so. */
  deliverCancelled(delegationId: string | null): void {
    this.finish(delegationId, 'cancelled', 'The background task was cancelled.');
  }

  /** One line of progress (an agent message, a command): silent context, throttled. */
  deliverProgress(delegationId: string | null, line: string): void {
    if (!this.disposed) this.progress.push(delegationId, line);
  }

  /** A new socket: delegation ids of the old one are void; what it never placed is said again. */
  socketReplaced(): void {
    this.generation++;
    const unplaced = [...this.sent.values()].filter((s) => s.kind === 'commentary');
    this.sent.clear();
    for (const append of unplaced) this.submitChunks(null, [append.content]);
  }

  /**
   * Server events: acks and errors of appends sent here, matched by `client_event_id`; an ack
   * without one is the oldest unacknowledged append of its kind (the server places in order).
   */
  observe(event: RealtimeEvent): void {
    let eventId =
      event.type === 'append_placed' || event.type === 'error' ? event.clientEventId : null;
    if (event.type === 'append_placed' && !eventId) eventId = this.oldestOfKind(event.kind);
    const append = eventId ? this.sent.get(eventId) : undefined;
    if (!eventId || !append) return;
    this.sent.delete(eventId);
    if (event.type === 'append_placed') {
      this.emitter.emit('placed', { eventId, kind: event.kind, delegationId: append.delegationId });
    } else if (event.type === 'error') {
      this.emitter.emit('refused', { eventId, code: event.code, message: event.message });
      this.resplit(event.code, append);
    }
  }

  /** Drops throttled progress and listeners; results still held are reported undelivered. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.progress.dispose();
    this.emitter.dispose();
  }

  private finish(delegationId: string | null, kind: LiveOutputKind, text: string): void {
    if (this.disposed) return;
    this.progress.drop(delegationId);
    this.submit(delegationId, kind, text);
  }

  private submit(delegationId: string | null, kind: LiveOutputKind, text: string): void {
    this.options.gate.submit(
      () => {
        const id = this.liveId(delegationId);
        if (kind === 'progress') return this.send('thinking', id, [text], kind, text);
        // Only a delegation of an earlier socket gets the prefix; an unknown id just goes null.
        const voided = delegationId !== null && id === null && this.generations.has(delegationId);
        const said = voided ? `${LIVE_VOID_PREFIX} ${text}` : text;
        this.send('commentary', id, splitCommentary(said), kind, said);
      },
      () => {
        if (kind !== 'progress') this.emitter.emit('undelivered', { delegationId, text });
      },
    );
  }

  private submitChunks(delegationId: string | null, chunks: string[]): void {
    this.options.gate.submit(() =>
      this.send('commentary', delegationId, chunks, 'result', chunks.join(' ')),
    );
  }

  private send(
    kind: 'commentary' | 'thinking',
    delegationId: string | null,
    chunks: readonly string[],
    outputKind: LiveOutputKind,
    text: string,
  ): void {
    for (const content of chunks) {
      const eventId = this.newEventId();
      this.track(eventId, { kind, content, delegationId, generation: this.generation });
      this.options.sendEvent({
        type: `session.${kind}.append`,
        event_id: eventId,
        content,
        delegation_id: delegationId,
      });
    }
    this.emitter.emit('sent', { delegationId, kind: outputKind, chunks: chunks.length, text });
  }

  private oldestOfKind(kind: LiveAppendKind): string | null {
    for (const [eventId, append] of this.sent) if (append.kind === kind) return eventId;
    return null;
  }

  /** The id to send: the delegation's own while its socket lives, else null. */
  private liveId(delegationId: string | null): string | null {
    if (delegationId === null) return null;
    return this.generations.get(delegationId) === this.generation ? delegationId : null;
  }

  private track(eventId: string, append: SentAppend): void {
    this.sent.set(eventId, append);
    if (this.sent.size > MAX_TRACKED) {
      const oldest = this.sent.keys().next().value;
      if (oldest !== undefined) this.sent.delete(oldest);
    }
  }

  /** A chunk the server found too long (its tokenizer is not our estimate): send it in halves. */
  private resplit(code: string | null, append: SentAppend): void {
    const bytes = utf8Length(append.content);
    if (code !== 'invalid_value' || append.kind !== 'commentary' || bytes < MIN_RESPLIT_BYTES)
      return;
    if (append.generation !== this.generation) return;
    const halves = splitCommentary(append.content, Math.ceil(bytes / 2));
    this.submitChunks(append.delegationId, halves);
  }
}
