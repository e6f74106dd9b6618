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

/**
 * A bounded ring of the realtime events sent and received: type, size, time and direction, the
 * payload for all but audio. Consecutive audio events of one type merge into one row, so a few
 * seconds of speech do not push everything else out.
 */
export class TrafficLog {
  private rows: InspectorEvent[] = [];
  private nextSeq = 0;
  private dropped = 0;
  /** Payload characters held, and the oldest row that may still hold one. */
  private payloadChars = 0;
  private oldestPayload = 0;

  constructor(
    /** Epoch ms. */
    private readonly now: () => number,
    private readonly capacity = TRAFFIC_LOG_CAPACITY,
  ) {}

  /** Record one text frame. */
  record(direction: EventDirection, text: string): void {
    const type = TYPE_KEY.exec(text.slice(0, 400))?.[1] ?? '(unparsed)';
    const bytes = Buffer.byteLength(text);
    const audio = isAudioEventType(type);
    const last = this.rows.at(-1);
    if (audio && last && last.type === type && last.direction === direction) {
      last.count++;
      last.bytes += bytes;
      last.at = this.now();
      return;
    }
    const payload = audio ? null : boundPayload(text);
    this.rows.push({
      seq: this.nextSeq++,
      at: this.now(),
      direction,
      type: ownCopy(type),
      bytes,
      count: 1,
      payload,
    });
    this.payloadChars += payload?.length ?? 0;
    const excess = this.rows.length - this.capacity;
    if (excess > 0) {
      for (const row of this.rows.splice(0, excess)) this.payloadChars -= row.payload?.length ?? 0;
      this.dropped += excess;
      this.oldestPayload = Math.max(0, this.oldestPayload - excess);
    }
    this.keepWithinBudget();
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
   * Rows with a `seq` after `since`, oldest first. The last row is always included when it is
   * newer or still growing (a merged audio run), so a poller sees its count go up.
   */
  page(since = -1): InspectorPage {
    const events = this.rows.filter((row) => row.seq > since).map((row) => ({ ...row }));
    const last = this.rows.at(-1);
    if (last && last.seq <= since && last.count > 1) events.push({ ...last });
    return { events, dropped: this.dropped, capacity: this.capacity };
  }

  /** Forget everything recorded (numbering goes on). */
  clear(): void {
    this.rows = [];
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
