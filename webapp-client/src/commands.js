/**
 * Commands going out: each gets an id and a deadline (requests.js), is framed (JSON text, or a binary
 * publish frame for bytes) and is sent on the current transport. A command that cannot be framed or
 * sent fails at once through its own handlers, so a caller always hears back exactly once.
 * @module
 */
import { HeraldError } from './errors.js';
import { encodePublishFrame, isBinary } from './frames.js';

/** @typedef {import('./herald.d.ts').StreamPosition} StreamPosition */
/**
 * @typedef {{ onResult: (result: any) => void, onError: (error: HeraldError) => void, timeout?: number,
 *   binary?: ArrayBuffer | ArrayBufferView }} CommandHandlers `binary`: send as a binary publish frame
 */

export class Commands {
  #requests;
  #transport;
  #timeout;

  /**
   * @param {import('./requests.js').Requests} requests commands in flight
   * @param {() => { send(frame: string | ArrayBuffer | Uint8Array): boolean } | null} transport the current one, if any
   * @param {number} timeout ms a reply may take, unless a command says otherwise
   */
  constructor(requests, transport, timeout) {
    this.#requests = requests;
    this.#transport = transport;
    this.#timeout = timeout;
  }

  /**
   * Sends one command; its reply (or timeout, or the connection's end) settles `handlers`.
   * @param {{ type: string, channel?: string, [field: string]: unknown }} command
   * @param {CommandHandlers} handlers
   */
  call(command, { onResult, onError, timeout = this.#timeout, binary = undefined }) {
    const id = this.#requests.add(command.type, { onResult, onError }, timeout);
    let frame;
    try {
      frame = binary ? encodePublishFrame(id, command.channel, binary) : JSON.stringify({ id, ...command });
    } catch (error) {
      const cause = error instanceof HeraldError ? error : new HeraldError('invalid_argument', String(error), { cause: error });
      this.#requests.fail(id, cause);
      return;
    }
    if (!this.#transport()?.send(frame)) {
      this.#requests.fail(id, new HeraldError('connection_closed', `cannot send ${command.type}: no open connection`));
    }
  }

  /**
   * A `publish`: JSON data as text, bytes as a binary frame.
   * @param {string} channel
   * @param {unknown} data
   * @returns {Promise<StreamPosition>} the publication's position, from the reply
   */
  publish(channel, data) {
    return new Promise((resolve, reject) => {
      const binary = isBinary(data) ? /** @type {ArrayBuffer | ArrayBufferView} */ (data) : undefined;
      this.call(binary ? { type: 'publish', channel } : { type: 'publish', channel, data }, {
        binary,
        onResult: (result) => resolve({ offset: result.offset ?? 0, epoch: result.epoch ?? '' }),
        onError: reject,
      });
    });
  }

  /**
   * @param {{ type: string, [field: string]: unknown }} command
   * @param {(result: any) => T} mapResult
   * @returns {Promise<T>} the mapped result of the reply, or its error
   * @template T
   */
  request(command, mapResult) {
    return new Promise((resolve, reject) => {
      this.call(command, { onResult: (result) => resolve(mapResult(result)), onError: reject });
    });
  }
}
