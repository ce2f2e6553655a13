/**
 * Wire-format helpers for protocol v1 (docs/protocol.md, "Frames" and "Binary frames"): pure functions,
 * no state, so they are tested on their own and mirror io.herald.protocol.BinaryFrames.
 * @module
 */
import { HeraldError } from './errors.js';

/** Server -> client binary publication: 0x01 | u8 channel length | channel | u64 offset | payload. */
export const BINARY_PUBLICATION = 0x01;
/** Client -> server binary publish: 0x02 | u32 command id | u8 channel length | channel | payload. */
export const BINARY_PUBLISH = 0x02;
/** The channel length is one unsigned byte in binary frames. */
export const MAX_BINARY_CHANNEL_BYTES = 255;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Splits a text frame into its JSON objects. The server may batch several objects into one frame,
 * separated by '\n' (JSON text never contains a raw newline).
 * @param {string} text
 * @param {(line: string, error: unknown) => void} [onBadLine] called for each line that is not JSON;
 *   the other lines are still returned, so one bad line never hides the replies around it
 * @returns {object[]}
 */
export function parseTextFrame(text, onBadLine) {
  const messages = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      continue;
    }
    try {
      messages.push(JSON.parse(line));
    } catch (error) {
      onBadLine?.(line, error);
    }
  }
  return messages;
}

/**
 * Parses a binary publication frame.
 * @param {ArrayBuffer | ArrayBufferView} frame
 * @returns {{ channel: string, offset: number, data: Uint8Array }}
 * @throws {HeraldError} `bad_frame` when the layout is wrong
 */
export function parsePublicationFrame(frame) {
  const bytes = toBytes(frame);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 2 || bytes[0] !== BINARY_PUBLICATION) {
    throw new HeraldError('bad_frame', `unknown binary frame type ${bytes[0]}`);
  }
  const length = bytes[1];
  const offsetAt = 2 + length;
  if (length === 0 || bytes.length < offsetAt + 8) {
    throw new HeraldError('bad_frame', 'binary frame too short');
  }
  let channel;
  try {
    channel = decoder.decode(bytes.subarray(2, offsetAt));
  } catch (error) {
    throw new HeraldError('bad_frame', 'channel is not valid UTF-8', { cause: error });
  }
  // Offsets stay far below 2^53 (one per publication), so a Number is exact.
  const offset = Number(view.getBigUint64(offsetAt, false));
  // slice, not subarray: the page may keep the data, so it must not pin or alias the frame buffer
  const data = bytes.slice(offsetAt + 8);
  return { channel, offset, data };
}

/**
 * Builds a binary publish frame.
 * @param {number} id command id, 1 .. 2^32-1
 * @param {string} channel
 * @param {ArrayBuffer | ArrayBufferView} payload
 * @returns {Uint8Array}
 * @throws {HeraldError} `invalid_argument` when the channel does not fit the u8 length field
 */
export function encodePublishFrame(id, channel, payload) {
  const name = encoder.encode(channel);
  if (name.length === 0 || name.length > MAX_BINARY_CHANNEL_BYTES) {
    throw new HeraldError('invalid_argument',
      `channel must be 1..${MAX_BINARY_CHANNEL_BYTES} UTF-8 bytes for a binary publish`);
  }
  const data = toBytes(payload);
  const frame = new Uint8Array(1 + 4 + 1 + name.length + data.length);
  const view = new DataView(frame.buffer);
  frame[0] = BINARY_PUBLISH;
  view.setUint32(1, id, false);
  frame[5] = name.length;
  frame.set(name, 6);
  frame.set(data, 6 + name.length);
  return frame;
}

/**
 * Normalises a publication from a `pub` push or a `publications` array (history, recovery) into the
 * shape handed to pages: `binary` (base64) becomes `data` as a Uint8Array, a missing offset becomes 0
 * (channels without history have no stream).
 * @param {{ channel: string, offset?: number, data?: unknown, binary?: string, info?: object }} wire
 * @returns {import('./herald.js').Publication}
 */
export function toPublication(wire) {
  const publication = {
    channel: wire.channel,
    offset: typeof wire.offset === 'number' ? wire.offset : 0,
    data: typeof wire.binary === 'string' ? base64ToBytes(wire.binary) : wire.data,
  };
  if (wire.info) {
    publication.info = wire.info;
  }
  return publication;
}

/**
 * @param {string} base64
 * @returns {Uint8Array}
 */
export function base64ToBytes(base64) {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

/**
 * Whether publish data goes out as a binary frame.
 * @param {unknown} data
 * @returns {boolean}
 */
export function isBinary(data) {
  return data instanceof ArrayBuffer || ArrayBuffer.isView(data);
}

/** @param {ArrayBuffer | ArrayBufferView} data */
function toBytes(data) {
  if (data instanceof Uint8Array) {
    return data;
  }
  if (ArrayBuffer.isView(data)) {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  return new Uint8Array(data);
}
