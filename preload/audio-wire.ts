/**
 * The binary audio codec between main and the renderer: what crosses the MessagePort (Electron)
 * and the binary WebSocket (browser host). Plain ArrayBuffer/DataView/TextEncoder, no Node
 * `Buffer`, so main and the renderer share it. Audio is always PCM16 mono 24 kHz.
 *
 * Layout, little-endian throughout:
 *
 * ```
 * 0  u8   magic 0xA7
 * 1  u8   kind code (see KIND_CODES)
 * 2  u16  itemId length in UTF-8 bytes (0 for kinds without an item)
 * 4  u32  value: playedSamples (played), count (underrun), else 0
 * 8  …    itemId bytes, then one zero pad byte if needed so PCM starts at an even offset
 * …  …    PCM16 LE samples (capture, play); nothing else may follow for the other kinds
 * ```
 *
 * Decoding never throws: anything malformed is an {@link AudioWireError} value (the bytes come
 * from another process or a socket). Encoding a message that breaks the limits is a programming
 * error and throws a RangeError.
 */

/** Renderer → main: one 20 ms microphone frame (480 samples at 24 kHz, PCM16). */
export interface CaptureFrameMessage {
  kind: 'capture';
  pcm: Int16Array;
}

/** Main → renderer: assistant audio for an item, PCM16 at 24 kHz. */
export interface PlayChunkMessage {
  kind: 'play';
  itemId: string;
  pcm: Int16Array;
}

/** Main → renderer: no more audio will come for the item (it may start below the threshold). */
export interface ItemEndMessage {
  kind: 'item_end';
  itemId: string;
}

/** Main → renderer: barge-in, stop playing and clear every queued item now. */
export interface StopPlaybackMessage {
  kind: 'stop';
}

/** Renderer → main: cumulative samples (24 kHz) of an item actually played. */
export interface PlayedReportMessage {
  kind: 'played';
  itemId: string;
  playedSamples: number;
}

/** Renderer → main: the player's cumulative underrun count (restarts at 0 with a new player). */
export interface UnderrunReportMessage {
  kind: 'underrun';
  count: number;
}

/** Every message the codec carries. */
export type AudioMessage =
  | CaptureFrameMessage
  | PlayChunkMessage
  | ItemEndMessage
  | StopPlaybackMessage
  | PlayedReportMessage
  | UnderrunReportMessage;

/** Messages the renderer sends to main. */
export type RendererToMainAudio = CaptureFrameMessage | PlayedReportMessage | UnderrunReportMessage;

/** Messages main sends to the renderer. */
export type MainToRendererAudio = PlayChunkMessage | ItemEndMessage | StopPlaybackMessage;

/** A buffer that did not decode; `error` says why (for a bounded log line). */
export interface AudioWireError {
  kind: 'error';
  error: string;
}

/** First byte of every message. */
export const AUDIO_WIRE_MAGIC = 0xa7;
/** Header bytes before the item id. */
export const AUDIO_WIRE_HEADER_BYTES = 8;
/** Longest item id, in UTF-8 bytes. */
export const MAX_ITEM_ID_BYTES = 256;
/** Most samples one capture or play message may carry (2 s at 24 kHz). */
export const MAX_WIRE_PCM_SAMPLES = 48_000;

const KIND_CODES = { capture: 1, play: 2, item_end: 3, stop: 4, played: 5, underrun: 6 } as const;
type Kind = keyof typeof KIND_CODES;
const KIND_BY_CODE: readonly (Kind | undefined)[] = Object.entries(KIND_CODES).reduce<
  (Kind | undefined)[]
>((byCode, [kind, code]) => ((byCode[code] = kind as Kind), byCode), []);
const WITH_ITEM: ReadonlySet<Kind> = new Set(['play', 'item_end', 'played']);
const WITH_PCM: ReadonlySet<Kind> = new Set(['capture', 'play']);

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The last item id encoded: a reply's deltas all carry the same one. Never written to. */
let lastId = '';
let lastIdBytes = new Uint8Array(0);

function idBytes(itemId: string): Uint8Array {
  if (itemId !== lastId) {
    lastIdBytes = encoder.encode(itemId);
    lastId = itemId;
  }
  return lastIdBytes;
}

/** Whether `itemId` can cross the wire (non-empty, at most {@link MAX_ITEM_ID_BYTES} bytes). */
export function fitsWireItemId(itemId: string): boolean {
  return itemId.length > 0 && idBytes(itemId).length <= MAX_ITEM_ID_BYTES;
}

function itemIdOf(msg: AudioMessage): string {
  return 'itemId' in msg ? msg.itemId : '';
}

function valueOf(msg: AudioMessage): number {
  if (msg.kind === 'played') return msg.playedSamples;
  if (msg.kind === 'underrun') return msg.count;
  return 0;
}

/** Encodes a message into a fresh buffer (transferable). Throws RangeError on misuse. */
export function encodeAudioMessage(msg: AudioMessage): ArrayBuffer {
  const code = KIND_CODES[msg.kind] as number | undefined;
  if (code === undefined) throw new RangeError(`Unknown audio message kind ${String(msg.kind)}.`);
  const id = idBytes(itemIdOf(msg));
  if (WITH_ITEM.has(msg.kind) && (id.length === 0 || id.length > MAX_ITEM_ID_BYTES)) {
    throw new RangeError(`Item id must be 1–${MAX_ITEM_ID_BYTES} UTF-8 bytes.`);
  }
  const value = valueOf(msg);
  if (!Number.isInteger(value) || value < 0 || value > 0xffff_ffff) {
    throw new RangeError(`Counter must be a 32-bit unsigned integer, got ${value}.`);
  }
  const pcm = 'pcm' in msg ? msg.pcm : null;
  if (pcm && (pcm.length === 0 || pcm.length > MAX_WIRE_PCM_SAMPLES)) {
    throw new RangeError(`PCM must be 1–${MAX_WIRE_PCM_SAMPLES} samples, got ${pcm.length}.`);
  }
  const idEnd = AUDIO_WIRE_HEADER_BYTES + id.length;
  const pcmStart = pcm ? idEnd + (idEnd & 1) : idEnd;
  const out = new ArrayBuffer(pcmStart + (pcm ? pcm.length * 2 : 0));
  const bytes = new Uint8Array(out);
  bytes[0] = AUDIO_WIRE_MAGIC;
  bytes[1] = code;
  bytes[2] = id.length & 0xff;
  bytes[3] = id.length >>> 8;
  bytes[4] = value & 0xff;
  bytes[5] = (value >>> 8) & 0xff;
  bytes[6] = (value >>> 16) & 0xff;
  bytes[7] = value >>> 24;
  bytes.set(id, AUDIO_WIRE_HEADER_BYTES);
  if (pcm) writePcm(bytes, pcmStart, pcm);
  return out;
}

function writePcm(bytes: Uint8Array, offset: number, pcm: Int16Array): void {
  if (HOST_IS_LITTLE_ENDIAN) {
    bytes.set(new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength), offset);
    return;
  }
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < pcm.length; i++) view.setInt16(offset + i * 2, pcm[i] ?? 0, true);
}

function readPcm(bytes: Uint8Array, offset: number, count: number, view: boolean): Int16Array {
  const start = bytes.byteOffset + offset;
  // A view needs little-endian samples at an even address; anything else is copied.
  if (view && HOST_IS_LITTLE_ENDIAN && start % 2 === 0) {
    return new Int16Array(bytes.buffer, start, count);
  }
  const copy = bytes.slice(offset, offset + count * 2); // own, aligned buffer: transferable
  if (HOST_IS_LITTLE_ENDIAN) return new Int16Array(copy.buffer);
  const data = new DataView(copy.buffer);
  const out = new Int16Array(count);
  for (let i = 0; i < count; i++) out[i] = data.getInt16(i * 2, true);
  return out;
}

function asBytes(data: unknown): Uint8Array | null {
  if (ArrayBuffer.isView(data))
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (Object.prototype.toString.call(data) === '[object ArrayBuffer]') {
    return new Uint8Array(data as ArrayBuffer);
  }
  return null;
}

const fail = (error: string): AudioWireError => ({ kind: 'error', error });

/** How {@link decodeAudioMessage} hands out PCM. */
export interface DecodeOptions {
  /**
   * `copy` (default): PCM in a buffer of its own, safe to transfer or keep. `view`: PCM as a
   * view of `data` where its alignment allows (main, which encodes each frame at once, saves a
   * copy per frame); it shares `data`'s memory and keeps it alive.
   */
  pcm?: 'copy' | 'view';
}

/**
 * Decodes one message. Accepts an ArrayBuffer or any view of one (a Node `Buffer` included);
 * returns an {@link AudioWireError} for anything malformed, never throws.
 */
export function decodeAudioMessage(
  data: unknown,
  options: DecodeOptions = {},
): AudioMessage | AudioWireError {
  const bytes = asBytes(data);
  if (!bytes) return fail('not binary');
  if (bytes.length < AUDIO_WIRE_HEADER_BYTES) return fail(`too short (${bytes.length} bytes)`);
  // The header read byte by byte, little-endian: no DataView per message.
  if (bytes[0] !== AUDIO_WIRE_MAGIC) return fail('bad magic byte');
  const kind = KIND_BY_CODE[bytes[1]!];
  if (!kind) return fail(`unknown kind ${bytes[1]}`);
  const idLength = bytes[2]! | (bytes[3]! << 8);
  const value = (bytes[4]! | (bytes[5]! << 8) | (bytes[6]! << 16)) + bytes[7]! * 0x100_0000;
  if (WITH_ITEM.has(kind) ? idLength === 0 || idLength > MAX_ITEM_ID_BYTES : idLength !== 0) {
    return fail(`${kind}: bad item id length ${idLength}`);
  }
  if (kind !== 'played' && kind !== 'underrun' && value !== 0) return fail(`${kind}: bad value`);
  const idEnd = AUDIO_WIRE_HEADER_BYTES + idLength;
  if (idEnd > bytes.length) return fail(`${kind}: truncated item id`);
  let itemId = '';
  if (idLength > 0) {
    try {
      itemId = decoder.decode(bytes.subarray(AUDIO_WIRE_HEADER_BYTES, idEnd));
    } catch {
      return fail(`${kind}: item id is not UTF-8`);
    }
  }
  if (!WITH_PCM.has(kind)) {
    if (bytes.length !== idEnd) return fail(`${kind}: ${bytes.length - idEnd} trailing bytes`);
    return build(kind, itemId, value, null);
  }
  const pcmStart = idEnd + (idEnd & 1);
  const pcmBytes = bytes.length - pcmStart;
  if (pcmBytes <= 0 || pcmBytes % 2 !== 0 || pcmBytes / 2 > MAX_WIRE_PCM_SAMPLES) {
    return fail(`${kind}: bad PCM length ${pcmBytes} bytes`);
  }
  const pcm = readPcm(bytes, pcmStart, pcmBytes / 2, options.pcm === 'view');
  return build(kind, itemId, value, pcm);
}

function build(kind: Kind, itemId: string, value: number, pcm: Int16Array | null): AudioMessage {
  switch (kind) {
    case 'capture':
      return { kind, pcm: pcm as Int16Array };
    case 'play':
      return { kind, itemId, pcm: pcm as Int16Array };
    case 'item_end':
      return { kind, itemId };
    case 'stop':
      return { kind };
    case 'played':
      return { kind, itemId, playedSamples: value };
    case 'underrun':
      return { kind, count: value };
  }
}

/** Whether a decoded message is one the renderer may send to main. */
export function isRendererToMain(msg: AudioMessage): msg is RendererToMainAudio {
  return msg.kind === 'capture' || msg.kind === 'played' || msg.kind === 'underrun';
}

/** Whether a decoded message is one main may send to the renderer. */
export function isMainToRenderer(msg: AudioMessage): msg is MainToRendererAudio {
  return msg.kind === 'play' || msg.kind === 'item_end' || msg.kind === 'stop';
}
