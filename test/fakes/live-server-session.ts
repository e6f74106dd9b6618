import { liveClientEventProblem } from './live-client-schema';

/** What the fake's rules ask the socket to do. */
export interface LiveSessionIo {
  /** Send one server event (an `event_id` is added). */
  send(event: Record<string, unknown>): void;
  /** Close the socket cleanly. */
  close(code: number, reason: string): void;
}

/** How one connection's session behaves at start. */
export interface LiveStartPlan {
  /** Wait this long (real time) before `session.started`. */
  startDelayMs?: number;
  /** Refuse the start with this error; `session.started` never comes. */
  startError?: { code: string; message: string; param?: string };
  /** Send `session.usage.updated` each time the timeline passes a multiple of this. */
  usageEveryMs?: number;
}

/** An append waiting for the timeline to move. */
interface PendingAppend {
  kind: 'commentary' | 'thinking' | 'instructions';
  clientEventId: string | null;
  content: string;
}

/** The append cap: 500 tokens, counted as the Live guides do (about 4 bytes a token). */
export const LIVE_APPEND_MAX_TOKENS = 500;
/** Timeline time an append takes once placed, per word (speech runs ~150 words a minute). */
const MS_PER_WORD = 400;
/** PCM16 mono at 24 kHz: 48 bytes per millisecond. */
const BYTES_PER_MS = 48;

/**
 * The rules of one Live session as the Live API applies them: `session.start` first and
 * strict (unknown fields or nulls refused), nothing else before `session.started`, only Live
 * client events, appends capped at 500 tokens and placed only while input audio streams, a
 * timeline in ms driven by the appended audio, `session.close` → `session.closed`.
 */
export class LiveServerSession {
  /** Ms of input audio appended so far: the session timeline. */
  timelineMs = 0;
  /** `session.start` accepted (before `session.started` went out). */
  accepted = false;
  /** `session.started` went out. */
  started = false;
  closed = false;
  muted = false;
  /** Client events that broke a rule, with the error sent for each. */
  readonly violations: { type: string | null; code: string }[] = [];
  /** Input audio bytes received, and how many of them were zero. */
  audioBytes = 0;
  silentBytes = 0;
  /** The accepted session config. */
  session: Record<string, unknown> | null = null;
  private readonly pending: PendingAppend[] = [];
  private nextUsageAt: number;

  constructor(
    private readonly io: LiveSessionIo,
    private readonly plan: LiveStartPlan,
    private readonly onStarted: () => void,
  ) {
    this.nextUsageAt = plan.usageEveryMs ?? Infinity;
  }

  /** One text frame from the client. */
  receive(raw: string): void {
    if (this.closed) return;
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return this.refuse(null, 'invalid_json', 'The event is not valid JSON.');
    }
    const type = typeof event.type === 'string' ? event.type : null;
    const clientEventId = typeof event.event_id === 'string' ? event.event_id : null;
    if (!this.accepted && type !== 'session.start') {
      return this.refuse(type, 'session_not_started', 'Send session.start first.', clientEventId);
    }
    if (this.accepted && !this.started) {
      return this.refuse(type, 'session_not_started', 'Wait for session.started.', clientEventId);
    }
    if (type === 'session.start') return this.onStart(event, clientEventId);
    const problem = liveClientEventProblem(event);
    if (problem !== null) {
      const unknown = problem.includes('is not a Live client event');
      return this.refuse(type, unknown ? 'unknown_event' : 'invalid_value', problem, clientEventId);
    }
    this.dispatch(type ?? '', event, clientEventId);
  }

  /** Ends with `session.closed` (the server's own reason) and closes the socket. */
  end(reason: string): void {
    if (this.closed) return;
    for (const append of this.pending.splice(0)) {
      this.error('context_injection_incomplete', 'The append was never placed.', {
        clientEventId: append.clientEventId,
      });
    }
    this.io.send({
      type: 'session.closed',
      reason,
      session: this.resource(),
      usage: { seconds: this.seconds() },
    });
    this.closed = true;
    this.io.close(1000, reason);
  }

  private dispatch(type: string, event: Record<string, unknown>, clientEventId: string | null) {
    const ack = clientEventId === null ? {} : { client_event_id: clientEventId };
    switch (type) {
      case 'session.input_audio.append':
        return this.onAudio(String(event.audio), clientEventId);
      case 'session.commentary.append':
      case 'session.thinking.append':
      case 'session.instructions.append':
        return this.onAppend(type, String(event.content), clientEventId);
      case 'session.input_audio.mute':
      case 'session.input_audio.unmute':
        this.muted = type.endsWith('.mute');
        return this.io.send({
          type: `session.input_audio.${this.muted ? 'muted' : 'unmuted'}`,
          ...ack,
        });
      case 'session.update':
        return this.io.send({ type: 'session.updated', session: this.resource(), ...ack });
      case 'session.close':
        return this.end('close_requested');
      default:
        // response.item.create, response.create: valid events, but not in client delegation.
        return this.refuse(
          type,
          'invalid_request',
          `${type} requires Responses delegation.`,
          clientEventId,
        );
    }
  }

  private onStart(event: Record<string, unknown>, clientEventId: string | null): void {
    if (this.accepted) {
      return this.refuse(
        'session.start',
        'session_already_started',
        'Already started.',
        clientEventId,
      );
    }
    const nullAt = findNull(event.session, 'session');
    if (nullAt !== null) {
      return this.refuse(
        'session.start',
        'invalid_type',
        `${nullAt} must be omitted, not null.`,
        clientEventId,
        nullAt,
      );
    }
    const problem = liveClientEventProblem(event);
    if (problem !== null) {
      const code = problem.includes('additional properties')
        ? 'unknown_parameter'
        : 'invalid_value';
      return this.refuse('session.start', code, problem, clientEventId);
    }
    if (this.plan.startError) {
      const { code, message, param } = this.plan.startError;
      return this.refuse('session.start', code, message, clientEventId, param);
    }
    this.accepted = true;
    this.session = event.session as Record<string, unknown>;
    setTimeout(() => {
      if (this.closed) return;
      this.started = true;
      this.io.send({
        type: 'session.started',
        session: this.resource(),
        ...(clientEventId === null ? {} : { client_event_id: clientEventId }),
      });
      this.onStarted();
    }, this.plan.startDelayMs ?? 0);
  }

  private onAudio(audio: string, clientEventId: string | null): void {
    const bytes = Buffer.from(audio, 'base64');
    if (bytes.length === 0 || bytes.length % 2 !== 0) {
      return this.refuse(
        'session.input_audio.append',
        'invalid_value',
        'PCM16 needs an even, non-zero byte count.',
        clientEventId,
        'audio',
      );
    }
    this.audioBytes += bytes.length;
    this.silentBytes += bytes.every((b) => b === 0) ? bytes.length : 0;
    const startMs = this.timelineMs;
    this.timelineMs += bytes.length / BYTES_PER_MS;
    this.placePending(startMs);
    if (this.timelineMs >= this.nextUsageAt) {
      this.nextUsageAt += this.plan.usageEveryMs ?? Infinity;
      this.io.send({ type: 'session.usage.updated', usage: { seconds: this.seconds() } });
    }
  }

  private onAppend(type: string, content: string, clientEventId: string | null): void {
    const tokens = Math.ceil(Buffer.byteLength(content, 'utf8') / 4);
    if (tokens > LIVE_APPEND_MAX_TOKENS) {
      const message = `content is ${tokens} tokens; the limit is ${LIVE_APPEND_MAX_TOKENS}.`;
      return this.refuse(type, 'invalid_value', message, clientEventId, 'content');
    }
    const kind = type.split('.')[1] as PendingAppend['kind'];
    this.pending.push({ kind, clientEventId, content });
  }

  /** Appends wait for the timeline: they are placed where the audio that just came begins. */
  private placePending(atMs: number): void {
    let at = atMs;
    for (const append of this.pending.splice(0)) {
      const words = append.content.split(/\s+/).filter(Boolean).length;
      const endMs = at + Math.max(1, words) * (append.kind === 'commentary' ? MS_PER_WORD : 1);
      this.io.send({
        type: `session.${append.kind}.appended`,
        start_ms: Math.round(at),
        end_ms: Math.round(endMs),
        ...(append.clientEventId === null ? {} : { client_event_id: append.clientEventId }),
      });
      at = endMs;
    }
  }

  private refuse(
    type: string | null,
    code: string,
    message: string,
    clientEventId: string | null = null,
    param?: string,
  ): void {
    this.violations.push({ type, code });
    this.error(code, message, { clientEventId, param });
  }

  private error(
    code: string,
    message: string,
    extra: { clientEventId: string | null; param?: string },
  ) {
    this.io.send({
      type: 'error',
      error: {
        type: 'invalid_request_error',
        code,
        message,
        ...(extra.param ? { param: extra.param } : {}),
        ...(extra.clientEventId ? { client_event_id: extra.clientEventId } : {}),
      },
    });
  }

  private seconds(): number {
    return Math.round(this.timelineMs) / 1000;
  }

  private resource(): Record<string, unknown> {
    return {
      ...(this.session ?? {}),
      id: 'sess_fake',
      status: 'active',
      expires_at: Math.floor(Date.now() / 1000) + 7200,
    };
  }
}

/** The path of the first null inside `value`, or null when there is none. */
function findNull(value: unknown, path: string): string | null {
  if (value === null) return path;
  if (typeof value !== 'object') return null;
  for (const [key, child] of Object.entries(value)) {
    const found = findNull(child, Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`);
    if (found !== null) return found;
  }
  return null;
}
