import type {
  EventDirection,
  InspectorEvent,
  InspectorPage,
} from '../../preload/schemas/inspector';
import type { RealtimeTransport } from '../realtime/transport';

/** Rows the event inspector keeps (a run of audio events is one row). */
export const TRAFFIC_LOG_CAPACITY = 1000;
/** Longest payload kept per row, in characters. */
export const PAYLOAD_LIMIT = 8192;
/** Most payload text kept over all rows: past it the oldest rows keep only type and size. */
export const PAYLOAD_BUDGET = 1_000_000;

const DROPPED_PAYLOAD = '(payload dropped: the inspector keeps 1 MB of text)';

/** Audio events: sent 50 times a second, their payload is base64 PCM and is never kept. */
const AUDIO_TYPE = /(^|\.)(output_)?audio\.delta$|^input_audio_buffer\.append$/;
/** The first `"type"` key of a frame; realtime events put theirs at the top level, early. */
const TYPE_KEY = /"type"\s*:\s*"([^"\\]{1,100})"/;
/** A long base64 string inside an otherwise readable event (e.g. an audio item). */
const BASE64_VALUE = /"([A-Za-z0-9+/]{512,}={0,2})"/g;

/**
 * A string that holds its own characters. A slice or regex capture of a frame is a view that
 * keeps the whole frame alive (V8 sliced strings), so kept text is copied out of it.
 */
function ownCopy(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/** Whether an event type carries audio (its payload is elided, runs are merged). */
export function isAudioEventType(type: string): boolean {
  return AUDIO_TYPE.test(type);
}

const TYPE_PREFIX = '{"type":"';

/**
 * A frame's event type. Every frame is recorded (audio 50 times a second each way), and
 * realtime events open with their type, so that case is read without a regex.
 */
export function frameType(text: string): string {
  if (text.startsWith(TYPE_PREFIX)) {
    const end = text.indexOf('"', TYPE_PREFIX.length);
    const length = end - TYPE_PREFIX.length;
    const type = length > 0 && length <= 100 ? text.slice(TYPE_PREFIX.length, end) : '';
    // An escape inside the value is left to the regex, which reads such a type as it did.
    if (type !== '' && !type.includes('\\')) return type;
  }
  return TYPE_KEY.exec(text.slice(0, 400))?.[1] ?? '(unparsed)';
}

/** The payload as the inspector keeps it: long base64 elided, bounded in length. */
export function boundPayload(text: string): string {
  const elided = text.replace(
    BASE64_VALUE,
    (_match, data: string) => `"<${Math.floor((data.length * 3) / 4)} bytes of base64 elided>"`,
  );
  if (elided.length <= PAYLOAD_LIMIT) return elided;
  return ownCopy(
    `${elided.slice(0, PAYLOAD_LIMIT)}…(${elided.length - PAYLOAD_LIMIT} more characters)`,
  );
}

/** Rows kept beyond the capacity before the oldest are cut, so a cut is not paid per row. */
const TRIM_SLACK = 128;

/**
 * A bounded ring of the realtime events sent and received: type, size, time and direction, the
 * payload for all but audio. Audio events of one type and direction merge into one row until an
 * event that is not audio comes, so a few seconds of speech do not push everything else out,
 * even while audio flows both ways at once.
 */
export class TrafficLog {
  private rows: InspectorEvent[] = [];
  private nextSeq = 0;
  /** Rows cut from the front of {@link rows}. */
  private cut = 0;
  /** Payload characters held, and the oldest row that may still hold one. */
  private payloadChars = 0;
  private oldestPayload = 0;
  /** {@link isAudioEventType} of the types seen (a handful), without a regex per frame. */
  private readonly audioTypes = new Map<string, boolean>();
  /**
   * The audio rows still growing, with the opening of their frames (`{"type":"…"`) when their
   * type comes first: a frame that starts the same way is matched without reading its type.
   * A frame that is not audio ends them all.
   */
  private openRuns: { prefix: string | null; row: InspectorEvent }[] = [];

  constructor(
    /** Epoch ms. */
    private readonly now: () => number,
    private readonly capacity = TRAFFIC_LOG_CAPACITY,
  ) {}

  /** Record one text frame. */
  record(direction: EventDirection, text: string): void {
    // Audio comes 50 times a second each way: a frame of an open run costs a prefix compare.
    for (const { prefix, row } of this.openRuns) {
      if (row.direction === direction && prefix !== null && text.startsWith(prefix)) {
        return this.grow(row, text);
      }
    }
    const type = frameType(text);
    const audio = this.isAudio(type);
    const run = audio
      ? this.openRuns.find(({ row }) => row.direction === direction && row.type === type)
      : undefined;
    if (run) return this.grow(run.row, text);
    if (!audio) this.openRuns = [];
    const bytes = Buffer.byteLength(text);
    const payload = audio ? null : boundPayload(text);
    const row: InspectorEvent = {
      seq: this.nextSeq++,
      at: this.now(),
      direction,
      type: ownCopy(type),
      bytes,
      count: 1,
      payload,
    };
    this.rows.push(row);
    if (audio) {
      const prefix = `${TYPE_PREFIX}${type}"`;
      this.openRuns.push({ prefix: text.startsWith(prefix) ? ownCopy(prefix) : null, row });
    }
    this.payloadChars += payload?.length ?? 0;
    if (this.rows.length > this.capacity + TRIM_SLACK) this.trim();
    this.keepWithinBudget();
  }

  private grow(row: InspectorEvent, text: string): void {
    row.count++;
    // Audio frames are base64 in ASCII JSON: their characters are their bytes.
    row.bytes += text.length;
    row.at = this.now();
  }

  private trim(): void {
    const excess = this.rows.length - this.capacity;
    for (const row of this.rows.splice(0, excess)) this.payloadChars -= row.payload?.length ?? 0;
    this.cut += excess;
    this.oldestPayload = Math.max(0, this.oldestPayload - excess);
  }

  private isAudio(type: string): boolean {
    let audio = this.audioTypes.get(type);
    if (audio === undefined) {
      audio = isAudioEventType(type);
      // A hostile server could invent endless types: the cache stays small.
      if (this.audioTypes.size < 256) this.audioTypes.set(ownCopy(type), audio);
    }
    return audio;
  }

  /** Oldest payloads go first when the rows hold too much text (a flood of big events). */
  private keepWithinBudget(): void {
    while (this.payloadChars > PAYLOAD_BUDGET && this.oldestPayload < this.rows.length - 1) {
      const row = this.rows[this.oldestPayload++]!;
      if (row.payload === null) continue;
      this.payloadChars += DROPPED_PAYLOAD.length - row.payload.length;
      row.payload = DROPPED_PAYLOAD;
    }
  }

  /**
   * The newest {@link capacity} rows with a `seq` after `since`, oldest first. An audio run
   * that is still growing is included even when the poller has seen it, so it sees it grow.
   */
  page(since = -1): InspectorPage {
    const kept = this.rows.slice(-this.capacity);
    const fresh = kept.filter((row) => row.seq > since);
    const growing = this.openRuns
      .map((run) => run.row)
      .filter((row) => row.seq <= since && row.count > 1 && kept.includes(row));
    const events = [...growing.sort((a, b) => a.seq - b.seq), ...fresh].map((row) => ({ ...row }));
    return { events, dropped: this.dropped, capacity: this.capacity };
  }

  /** Rows no longer kept. */
  private get dropped(): number {
    return this.cut + Math.max(0, this.rows.length - this.capacity);
  }

  /** Forget everything recorded (numbering goes on). */
  clear(): void {
    this.rows = [];
    this.openRuns = [];
    this.payloadChars = 0;
    this.oldestPayload = 0;
  }
}

/** The transport with every frame it sends and receives recorded in `log`. */
export function recordTraffic(transport: RealtimeTransport, log: TrafficLog): RealtimeTransport {
  transport.on('message', (text) => log.record('server', text));
  return {
    get state() {
      return transport.state;
    },
    get bufferedAmount() {
      return transport.bufferedAmount;
    },
    on: (event, listener) => transport.on(event, listener),
    connect: () => transport.connect(),
    send: (text) => {
      transport.send(text);
      log.record('client', text);
    },
    close: () => transport.close(),
    dispose: () => transport.dispose(),
  };
}
