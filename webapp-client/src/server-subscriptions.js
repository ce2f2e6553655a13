/**
 * Server-side subscriptions: channels the application's backend grants a connection on connect (the
 * connect proxy's `channels`, docs/hooks.md). The server announces each with a `subscribed` push
 * before the channel's publications (docs/protocol.md); the page never subscribed to them, so they
 * have no {@link Subscription}: the client emits client-level events instead, as centrifuge-js does:
 * - `serverSubscribed` {channel, position, previous}
 * - `serverPublication` (a Publication, with its channel)
 * - `serverJoin` / `serverLeave` {channel, info}
 *
 * A grant lives as long as its connection; the server grants again on every connect, so the client
 * never subscribes these channels itself. Protocol v1 has no way to resume them (`connect` carries no
 * positions), so nothing is recovered: `previous` (the last position seen on an earlier connection)
 * lets a page see what it missed and fetch it with `history(channel, { since: previous })`.
 * @module
 */

/** @typedef {import('./herald.d.ts').StreamPosition} StreamPosition */
/** @typedef {import('./herald.d.ts').Publication} Publication */

export class ServerSubscriptions {
  /** @type {(event: string, ctx: unknown) => void} */
  #emit;
  /** Per channel ever granted: its last position, and whether the current connection holds the grant. */
  #channels = new Map();

  /** @param {(event: string, ctx: unknown) => void} emit emits a client-level event */
  constructor(emit) {
    this.#emit = emit;
  }

  /** @returns {string[]} the channels granted on the current connection, in grant order */
  active() {
    return [...this.#channels].filter(([, entry]) => entry.active).map(([channel]) => channel);
  }

  /** @param {string} channel @returns {boolean} whether the current connection holds a grant for it */
  has(channel) {
    return this.#channels.get(channel)?.active === true;
  }

  /** A `subscribed` push. @param {{ channel: string, offset?: number, epoch?: string }} message */
  subscribed(message) {
    const position = { offset: typeof message.offset === 'number' ? message.offset : 0, epoch: message.epoch ?? '' };
    const previous = this.#channels.get(message.channel)?.position ?? null;
    this.#channels.delete(message.channel); // re-inserted: active() keeps this connection's grant order
    this.#channels.set(message.channel, { position: { ...position }, active: true });
    this.#emit('serverSubscribed', { channel: message.channel, position, previous });
  }

  /** A publication of a granted channel; one at or below the last offset seen in the same stream is dropped. */
  publication(/** @type {Publication} */ publication) {
    const entry = this.#channels.get(publication.channel);
    const position = entry.position;
    if (publication.offset > 0 && position.epoch !== '') {
      if (publication.offset <= position.offset) {
        return;
      }
      position.offset = publication.offset;
    }
    this.#emit('serverPublication', publication);
  }

  /** @param {'join' | 'leave'} type @param {string} channel @param {unknown} info */
  presence(type, channel, info) {
    this.#emit(type === 'join' ? 'serverJoin' : 'serverLeave', { channel, info });
  }

  /** The connection ended: its grants with it. Positions are kept for the next grant's `previous`. */
  disconnected() {
    for (const entry of this.#channels.values()) {
      entry.active = false;
    }
  }
}
