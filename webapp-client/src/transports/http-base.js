/**
 * What the HTTP transports share (docs/protocol.md, "HTTP transports"): the stream announces its
 * session id first; commands go out as emulation POSTs naming it, one POST in flight at a time so they
 * reach the server in order (frames queued meanwhile travel together, newline-separated); a binary
 * publish frame travels alone as application/octet-stream.
 * @module
 */

export const CONNECTING = 0;
export const OPEN = 1;
export const CLOSED = 3;

/** The close code reported when a stream ends without a `disconnect` message (like WebSocket's 1006). */
export const ABNORMAL = 1006;

/**
 * The HTTP base URL beside a WebSocket URL: `ws://h/app/ws` -> `http://h/app`.
 * @param {string} wsUrl
 * @returns {string}
 */
export function httpBase(wsUrl) {
  const url = new URL(wsUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : url.protocol === 'ws:' ? 'http:' : url.protocol;
  url.pathname = url.pathname.replace(/\/ws$/, '').replace(/\/$/, '');
  url.search = '';
  url.hash = '';
  return url.href.replace(/\/$/, '');
}

export class HttpStreamBase {
  readyState = CONNECTING;
  #fetch;
  #base;
  #handlers;
  #session = null;
  /** @type {Array<string | Uint8Array>} */
  #outbox = [];
  #posting = false;
  #buffered = 0;
  silenced = false;

  /**
   * @param {string} base the HTTP base URL
   * @param {typeof fetch} fetchImpl
   * @param {{ onOpen: () => void, onMessage: (data: string) => void, onClose: (code: number, reason: string) => void }} handlers
   */
  constructor(base, fetchImpl, handlers) {
    this.#base = base;
    this.#fetch = fetchImpl;
    this.#handlers = handlers;
  }

  get bufferedAmount() {
    return this.#buffered;
  }

  /** One protocol message from the stream; the first one names the session. */
  onStreamMessage(text) {
    if (this.silenced) {
      return;
    }
    if (this.#session === null) {
      try {
        const first = JSON.parse(text);
        if (first.type === 'session' && typeof first.session === 'string') {
          this.#session = first.session;
          this.readyState = OPEN;
          this.#handlers.onOpen();
          return;
        }
      } catch {
        // not the session message: handled below as any other
      }
    }
    this.#handlers.onMessage(text);
  }

  /** The stream ended or broke; reported once. */
  onStreamEnd(code = ABNORMAL, reason = 'stream ended') {
    if (this.silenced) {
      return;
    }
    this.silenced = true;
    this.readyState = CLOSED;
    this.stop();
    this.#handlers.onClose(code, reason);
  }

  /** Stops the stream (subclasses). */
  stop() {}

  send(frame) {
    if (this.silenced || this.readyState !== OPEN) {
      return false;
    }
    this.#outbox.push(frame);
    this.#buffered += frame.length;
    this.#pump();
    return true;
  }

  close() {
    this.silenced = true;
    this.readyState = CLOSED;
    this.#outbox = [];
    this.stop();
  }

  async #pump() {
    if (this.#posting || this.#outbox.length === 0 || this.silenced) {
      return;
    }
    this.#posting = true;
    const binary = this.#outbox[0] instanceof Uint8Array;
    const batch = binary ? [this.#outbox.shift()] : this.#takeText();
    const size = batch.reduce((n, f) => n + f.length, 0);
    try {
      const response = await this.#fetch(`${this.#base}/emulation?session=${encodeURIComponent(this.#session)}`, {
        method: 'POST',
        headers: { 'Content-Type': binary ? 'application/octet-stream' : 'text/plain' },
        body: /** @type {BodyInit} */ (binary ? batch[0] : batch.join('\n')),
      });
      if (!response.ok && response.status !== 204) {
        // 404: the server no longer holds this session; anything else: the commands were refused
        this.onStreamEnd(ABNORMAL, `emulation refused: ${response.status}`);
        return;
      }
    } catch (error) {
      this.onStreamEnd(ABNORMAL, `emulation failed: ${describe(error)}`);
      return;
    } finally {
      this.#buffered -= size;
      this.#posting = false;
    }
    this.#pump();
  }

  #takeText() {
    const batch = [];
    while (this.#outbox.length > 0 && typeof this.#outbox[0] === 'string' && batch.length < 64) {
      batch.push(this.#outbox.shift());
    }
    return batch;
  }
}

/** @param {unknown} error */
export function describe(error) {
  return error instanceof Error ? error.message : String(error);
}
