/**
 * One channel subscription and its state machine `unsubscribed -> subscribing -> subscribed`.
 *
 * A subscription outlives connections: when the connection drops it goes back to `subscribing` and,
 * once the client is connected again, resubscribes with `since` = the last position it saw, so the
 * server can send what was missed (recovery). It also drops publications it has already delivered,
 * so a page sees every publication of a stream at most once and in order.
 * @module
 */
import { Emitter } from './emitter.js';
import { CLIENT_CLOSE_REASONS } from './codes.js';
import { toPublication } from './frames.js';

/** @typedef {import('./herald.js').Publication} Publication */
/** @typedef {import('./herald.js').StreamPosition} StreamPosition */

/** Subscription states, as strings so they read well in logs and pages. */
export const SubscriptionState = Object.freeze({
  UNSUBSCRIBED: 'unsubscribed',
  SUBSCRIBING: 'subscribing',
  SUBSCRIBED: 'subscribed',
});

/** Errors after which a subscribe is worth retrying on the same connection (with backoff). */
const TEMPORARY_ERRORS = new Set(['unavailable', 'internal']);

/** Handler options and the event each one is attached to. */
const HANDLERS = Object.freeze({
  onPublication: 'publication',
  onJoin: 'join',
  onLeave: 'leave',
  onStateChange: 'state',
  onSubscribed: 'subscribed',
  onUnsubscribed: 'unsubscribed',
  onError: 'error',
});

/**
 * Created by {@link Herald#subscribe}; not constructed by pages.
 *
 * Events: `state` {oldState, newState, channel}, `subscribed` {channel, recovering, recovered,
 * publications, position}, `publication` Publication, `join` / `leave` {channel, info},
 * `unsubscribed` {channel, code, reason}, `error` {channel, error}.
 */
export class Subscription extends Emitter {
  #client;
  #port;
  #channel;
  /** @type {'unsubscribed' | 'subscribing' | 'subscribed'} */
  #state = SubscriptionState.UNSUBSCRIBED;
  /** @type {StreamPosition | null} last position seen; null before the first subscribe reply */
  #position = null;
  /** @type {StreamPosition | null} where the first subscribe starts (the `since` option) */
  #initialSince;
  /** Bumped on every new attempt and on leaving `subscribing`, so stale replies are ignored. */
  #attempt = 0;
  /** Whether the server may hold this subscription on the current connection (so unsubscribe must tell it). */
  #onServer = false;
  #retryTimer = null;
  #retryCount = 0;
  /** What the client tells this subscription, handed over with {@link #port}.add (the other direction). */
  #inbound = Object.freeze({
    connected: () => this.#onConnected(),
    disconnected: () => this.#onDisconnected(),
    publication: (publication) => this.#onPublication(publication),
    presence: (type, info) => this.#onPresenceEvent(type, info),
  });

  /**
   * @param {import('./herald.js').Herald} client
   * @param {string} channel
   * @param {import('./herald.js').SubscriptionOptions} options
   * @param {object} port the client's internal interface (see Herald#port)
   * @internal
   */
  constructor(client, channel, options, port) {
    super();
    this.#client = client;
    this.#port = port;
    this.#channel = channel;
    this.#initialSince = options.since ? { ...options.since } : null;
    for (const [option, event] of Object.entries(HANDLERS)) {
      if (typeof options[option] === 'function') {
        this.on(event, options[option]);
      }
    }
  }

  /** @returns {string} */
  get channel() {
    return this.#channel;
  }

  /** @returns {'unsubscribed' | 'subscribing' | 'subscribed'} */
  get state() {
    return this.#state;
  }

  /**
   * The last stream position this subscription saw (a copy), or null before it first subscribed.
   * Pages may store it and pass it as `since` later to continue where they left off.
   * @returns {StreamPosition | null}
   */
  get position() {
    return this.#position ? { ...this.#position } : null;
  }

  /**
   * (Re)starts the subscription. Sends `subscribe` now if the client is connected, otherwise when it
   * connects. Idempotent while subscribing or subscribed.
   * @returns {this}
   */
  subscribe() {
    if (this.#state !== SubscriptionState.UNSUBSCRIBED) {
      return this;
    }
    this.#port.add(this, this.#inbound);
    this.#setState(SubscriptionState.SUBSCRIBING);
    if (this.#port.isConnected()) {
      this.#sendSubscribe();
    }
    return this;
  }

  /**
   * Stops the subscription: no more events, and the client forgets it. Resolves once the server
   * acknowledged (or at once when there is nothing to tell it). Never rejects: after a dropped
   * connection the server has already forgotten the subscription.
   * @returns {Promise<void>}
   */
  unsubscribe() {
    if (this.#state === SubscriptionState.UNSUBSCRIBED) {
      return Promise.resolve();
    }
    const tellServer = this.#onServer && this.#port.isConnected();
    this.#leave('unsubscribe_called', 'unsubscribe called');
    if (!tellServer) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.#port.send({ type: 'unsubscribe', channel: this.#channel }, {
        onResult: () => resolve(),
        onError: (error) => {
          if (error.code !== 'not_subscribed' && error.code !== 'connection_closed') {
            this.emit('error', { channel: this.#channel, error });
          }
          resolve();
        },
      });
    });
  }

  /**
   * Publishes to this subscription's channel; see {@link Herald#publish}.
   * @param {unknown} data
   * @returns {Promise<StreamPosition>}
   */
  publish(data) {
    return this.#client.publish(this.#channel, data);
  }

  /**
   * Who is subscribed to this channel; see {@link Herald#presence}.
   * @returns {Promise<import('./herald.js').PresenceResult>}
   */
  presence() {
    return this.#client.presence(this.#channel);
  }

  /**
   * This channel's history; see {@link Herald#history}.
   * @param {import('./herald.js').HistoryOptions} [options]
   * @returns {Promise<import('./herald.js').HistoryResult>}
   */
  history(options) {
    return this.#client.history(this.#channel, options);
  }

  // ---- told by Herald, through #inbound ---------------------------------------------------------

  /** The client is connected: send the (re)subscribe. */
  #onConnected() {
    if (this.#state === SubscriptionState.SUBSCRIBING) {
      this.#retryCount = 0;
      this.#sendSubscribe();
    }
  }

  /** The connection is gone: the server forgot us; come back with `since` when reconnected. */
  #onDisconnected() {
    this.#onServer = false;
    this.#attempt++;
    this.#clearRetry();
    if (this.#state === SubscriptionState.SUBSCRIBED) {
      this.#setState(SubscriptionState.SUBSCRIBING);
    }
  }

  /**
   * A live publication of this channel. Dropped unless subscribed; dropped as a duplicate when its
   * offset is not past the last one seen in the same stream.
   * @param {Publication} publication
   */
  #onPublication(publication) {
    if (this.#state !== SubscriptionState.SUBSCRIBED) {
      return;
    }
    const position = this.#position;
    if (publication.offset > 0 && position && position.epoch !== '') {
      if (publication.offset <= position.offset) {
        return;
      }
      this.#position = { offset: publication.offset, epoch: position.epoch };
    }
    this.emit('publication', publication);
  }

  /**
   * A join or leave push of this channel.
   * @param {'join' | 'leave'} type
   * @param {import('./herald.js').ClientInfo} info
   */
  #onPresenceEvent(type, info) {
    if (this.#state === SubscriptionState.SUBSCRIBED) {
      this.emit(type, { channel: this.#channel, info });
    }
  }

  // ---- internals --------------------------------------------------------------------------------

  #sendSubscribe() {
    const since = this.#recoveryPosition();
    const command = { type: 'subscribe', channel: this.#channel };
    if (since) {
      command.since = since;
    }
    const attempt = ++this.#attempt;
    this.#onServer = true;
    this.#port.send(command, {
      onResult: (result) => attempt === this.#attempt && this.#subscribed(result, since),
      onError: (error) => attempt === this.#attempt && this.#subscribeFailed(error),
    });
  }

  /** Where to resume from: the last position seen, else the `since` option, else nowhere. */
  #recoveryPosition() {
    if (this.#position) {
      // A channel without history has no stream to resume (epoch ''): nothing to recover.
      return this.#position.epoch !== '' ? { ...this.#position } : null;
    }
    return this.#initialSince ? { ...this.#initialSince } : null;
  }

  /**
   * Runs synchronously inside the reply dispatch, so pushes that follow the reply in the same frame
   * already find the subscription subscribed and positioned.
   */
  #subscribed(result, since) {
    const epoch = typeof result.epoch === 'string' ? result.epoch : '';
    const publications = since ? freshPublications(result.publications, since, epoch) : [];
    this.#position = { offset: typeof result.offset === 'number' ? result.offset : 0, epoch };
    this.#retryCount = 0;
    this.#setState(SubscriptionState.SUBSCRIBED);
    this.emit('subscribed', {
      channel: this.#channel,
      recovering: Boolean(since),
      recovered: Boolean(since) && result.recovered === true,
      publications,
      position: { ...this.#position },
    });
    for (const publication of publications) {
      if (this.#state !== SubscriptionState.SUBSCRIBED) {
        break; // a handler unsubscribed
      }
      this.emit('publication', publication);
    }
  }

  #subscribeFailed(error) {
    if (error.code === 'connection_closed') {
      return; // _onDisconnected already moved us back to subscribing
    }
    this.#onServer = false;
    if (error.code === 'timeout') {
      // The reply may still come and the server may hold the subscription: only a fresh connection
      // gets both sides back in step (centrifuge-js does the same).
      this.#port.reconnect(CLIENT_CLOSE_REASONS.SUBSCRIBE_TIMEOUT, `subscribe to ${this.#channel} timed out`);
      return;
    }
    this.emit('error', { channel: this.#channel, error });
    if (TEMPORARY_ERRORS.has(error.code)) {
      const delay = this.#port.backoff(this.#retryCount++);
      this.#retryTimer = setTimeout(() => {
        this.#retryTimer = null;
        if (this.#state === SubscriptionState.SUBSCRIBING && this.#port.isConnected()) {
          this.#sendSubscribe();
        }
      }, delay);
      return;
    }
    this.#leave(error.code, error.message);
  }

  #leave(code, reason) {
    this.#attempt++;
    this.#onServer = false;
    this.#clearRetry();
    this.#port.remove(this);
    this.#setState(SubscriptionState.UNSUBSCRIBED);
    this.emit('unsubscribed', { channel: this.#channel, code, reason });
  }

  #clearRetry() {
    if (this.#retryTimer !== null) {
      clearTimeout(this.#retryTimer);
      this.#retryTimer = null;
    }
  }

  /** The one path for state changes: every transition emits `state` with old and new state. */
  #setState(newState) {
    if (this.#state === newState) {
      return false;
    }
    const oldState = this.#state;
    this.#state = newState;
    this.emit('state', { channel: this.#channel, oldState, newState });
    return true;
  }
}

/**
 * The recovered publications not seen before, in order: in the same stream, offsets up to `since`
 * were already delivered (the server should not resend them, but a duplicate here would show a chat
 * line twice, so the client checks too).
 * @param {any[] | undefined} wirePublications
 * @param {StreamPosition} since
 * @param {string} epoch the stream's epoch now
 * @returns {Publication[]}
 */
function freshPublications(wirePublications, since, epoch) {
  if (!Array.isArray(wirePublications)) {
    return [];
  }
  let last = since.epoch === epoch ? since.offset : 0;
  const fresh = [];
  for (const wire of wirePublications) {
    const publication = toPublication(wire);
    if (publication.offset > 0 && publication.offset <= last) {
      continue;
    }
    last = Math.max(last, publication.offset);
    fresh.push(publication);
  }
  return fresh;
}
