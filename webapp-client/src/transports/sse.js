/**
 * Server-Sent Events transport: an EventSource on `/sse`, each event one protocol message; commands go
 * out as emulation POSTs (see http-base.js). EventSource would reconnect on its own; the client's own
 * reconnect (with recovery through `since`) must stay in charge, so any error ends this transport.
 * @module
 */
import { HttpStreamBase, httpBase } from './http-base.js';

export class SseTransport extends HttpStreamBase {
  #source;

  /**
   * @param {string} wsUrl the client's WebSocket URL; the stream lives beside it at `/sse`
   * @param {{ fetch?: typeof fetch, EventSource?: typeof EventSource }} options
   * @param {{ onOpen: () => void, onMessage: (data: string) => void, onClose: (code: number, reason: string) => void }} handlers
   */
  constructor(wsUrl, options, handlers) {
    const base = httpBase(wsUrl);
    super(base, options.fetch ?? globalThis.fetch.bind(globalThis), handlers);
    const EventSourceImpl = options.EventSource ?? globalThis.EventSource;
    this.#source = new EventSourceImpl(`${base}/sse`);
    this.#source.onmessage = (event) => this.onStreamMessage(event.data);
    this.#source.onerror = () => this.onStreamEnd(undefined, 'event stream ended');
  }

  stop() {
    this.#source?.close();
  }
}

/** @returns {boolean} whether this environment has EventSource */
export function sseAvailable(options) {
  return typeof (options.EventSource ?? globalThis.EventSource) === 'function'
    && typeof (options.fetch ?? globalThis.fetch) === 'function';
}
