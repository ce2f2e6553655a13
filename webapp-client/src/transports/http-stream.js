/**
 * HTTP-streaming transport: a `fetch` whose response body is read as it arrives, one protocol message
 * per line (application/x-ndjson); commands go out as emulation POSTs (see http-base.js).
 * @module
 */
import { HttpStreamBase, describe, httpBase } from './http-base.js';

export class HttpStreamTransport extends HttpStreamBase {
  #abort = new AbortController();

  /**
   * @param {string} wsUrl the client's WebSocket URL; the stream lives beside it at `/stream`
   * @param {{ fetch?: typeof fetch }} options
   * @param {{ onOpen: () => void, onMessage: (data: string) => void, onClose: (code: number, reason: string) => void }} handlers
   */
  constructor(wsUrl, options, handlers) {
    const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    const base = httpBase(wsUrl);
    super(base, fetchImpl, handlers);
    this.#read(fetchImpl, base);
  }

  async #read(fetchImpl, base) {
    try {
      const response = await fetchImpl(`${base}/stream`, {
        method: 'GET', cache: 'no-store', signal: this.#abort.signal,
      });
      if (!response.ok || !response.body) {
        this.onStreamEnd(undefined, `stream refused: ${response.status}`);
        return;
      }
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let pending = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          break;
        }
        pending += decoder.decode(value, { stream: true });
        let newline;
        while ((newline = pending.indexOf('\n')) >= 0) {
          const line = pending.slice(0, newline);
          pending = pending.slice(newline + 1);
          if (line.trim() !== '') {
            this.onStreamMessage(line);
          }
        }
      }
      this.onStreamEnd();
    } catch (error) {
      this.onStreamEnd(undefined, `stream failed: ${describe(error)}`);
    }
  }

  stop() {
    this.#abort.abort();
  }
}

/** @returns {boolean} whether this environment can read a fetch response as a stream */
export function httpStreamAvailable(options) {
  return typeof (options.fetch ?? globalThis.fetch) === 'function' && typeof globalThis.ReadableStream === 'function';
}
