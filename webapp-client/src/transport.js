/**
 * A thin wrapper over one WebSocket (like centrifuge-js transport_websocket.ts). It owns the socket's
 * handlers and goes silent once closed from our side, so a late event of an abandoned socket can never
 * reach the client that has already moved on to a new one.
 * @module
 */

/** The subprotocol the server offers (docs/protocol.md). */
export const SUBPROTOCOL = 'herald.v1';

const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

export class Transport {
  #ws;
  #silenced = false;

  /**
   * Opens the socket at once.
   * @param {import('./herald.d.ts').WebSocketConstructor} WebSocketImpl the browser's WebSocket or a compatible class
   * @param {string} url
   * @param {{ onOpen: () => void, onMessage: (data: string | ArrayBuffer) => void,
   *           onClose: (code: number, reason: string) => void }} handlers
   * @throws whatever the WebSocket constructor throws (bad URL, blocked port)
   */
  constructor(WebSocketImpl, url, handlers) {
    const ws = new WebSocketImpl(url, [SUBPROTOCOL]);
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => this.#silenced || handlers.onOpen();
    ws.onmessage = (event) => this.#silenced || handlers.onMessage(event.data);
    ws.onerror = () => {}; // a close event always follows and carries the code we act on
    ws.onclose = (event) => {
      if (!this.#silenced) {
        this.#silenced = true;
        handlers.onClose(event.code, event.reason ?? '');
      }
    };
    this.#ws = ws;
  }

  /** @returns {number} the socket's readyState */
  get readyState() {
    return this.#ws.readyState;
  }

  /** @returns {number} bytes accepted by send() but not yet written to the network */
  get bufferedAmount() {
    return this.#ws.bufferedAmount ?? 0;
  }

  /**
   * @param {string | Uint8Array} frame
   * @returns {boolean} false when the socket is not open (nothing was sent)
   */
  send(frame) {
    if (this.#silenced || this.#ws.readyState !== OPEN) {
      return false;
    }
    try {
      this.#ws.send(frame);
      return true;
    } catch {
      return false;
    }
  }

  /** Closes the socket and silences its handlers. Idempotent. */
  close() {
    this.#silenced = true;
    const state = this.#ws.readyState;
    if (state !== CLOSING && state !== CLOSED) {
      try {
        this.#ws.close(1000, 'client closed');
      } catch {
        // already closing
      }
    }
  }
}
