/**
 * Which transport the next connection attempt uses (docs/protocol.md, "HTTP transports"). A pure state
 * machine, tested on its own:
 * - attempts start with the first transport of the list (or the one remembered for this page session);
 * - an attempt that ends before `connect` completed moves on to the next transport (after the last, back
 *   to the first: a network may heal);
 * - once a transport connected it is remembered, for this client and, through `storage`
 *   (sessionStorage in browsers), for later pages of the same session; drops after that stay on it.
 * @module
 */

export const TRANSPORTS = Object.freeze(['websocket', 'http_stream', 'sse']);
const STORAGE_KEY = 'herald.transport';

export class TransportChooser {
  #list;
  #index = 0;
  #remembered = null;
  #storage;

  /**
   * @param {string[]} list transport names in order of preference, unavailable ones already removed
   * @param {{ getItem(k: string): string | null, setItem(k: string, v: string): void } | null} [storage]
   */
  constructor(list, storage = null) {
    if (list.length === 0) {
      throw new TypeError('no usable transport');
    }
    this.#list = [...list];
    this.#storage = storage;
    const stored = safe(() => storage?.getItem(STORAGE_KEY));
    if (stored && this.#list.includes(stored)) {
      this.#remembered = stored;
      this.#index = this.#list.indexOf(stored);
    }
  }

  /** @returns {string} the transport for the next attempt */
  current() {
    return this.#list[this.#index];
  }

  /** @returns {string | null} the transport that connected, if any did */
  get remembered() {
    return this.#remembered;
  }

  /** The attempt with {@link current} reached `connected`. */
  connected() {
    this.#remembered = this.current();
    safe(() => this.#storage?.setItem(STORAGE_KEY, this.#remembered));
  }

  /** The attempt with {@link current} ended before `connected`: try the next transport. */
  failedBeforeConnect() {
    if (this.#remembered === null) {
      this.#index = (this.#index + 1) % this.#list.length;
    }
  }
}

function safe(fn) {
  try {
    return fn();
  } catch {
    return null; // storage may be disabled (private mode, sandboxed frames)
  }
}
