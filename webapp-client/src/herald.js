/**
 * Herald browser client: one WebSocket speaking protocol v1 (docs/protocol.md), with an explicit
 * connection state machine `disconnected -> connecting -> connected`, reconnects with full-jitter
 * backoff, dead-connection detection and recovery of missed publications on resubscribe.
 *
 * This module is the connection's state machine and the public API; what it coordinates has its own
 * module: options, subscriptions (subscription-registry.js), work awaiting a connection, commands going
 * out (commands.js, requests.js) and frames coming in (incoming.js), timers, backoff, network, transports.
 *
 * ```js
 * import { Herald } from './lib/herald.js';
 * const herald = new Herald();            // ws(s)://<this page's directory>/ws
 * herald.subscribe('news', { onPublication: (pub) => console.log(pub.data) });
 * herald.connect();
 * ```
 * No runtime dependencies; runs in browsers and in Node (pass `WebSocket` in the options).
 * Public types are declared in herald.d.ts.
 * @module
 */
import { Emitter } from './emitter.js';
import { HeraldError } from './errors.js';
import { backoff } from './backoff.js';
import { CLIENT_CLOSE_REASONS, TOKEN_EXPIRED, shouldReconnect } from './codes.js';
import { toPublication } from './frames.js';
import { Requests } from './requests.js';
import { Commands } from './commands.js';
import { IncomingFrames } from './incoming.js';
import { Subscription } from './subscription.js';
import { SubscriptionRegistry } from './subscription-registry.js';
import { AwaitingConnection } from './awaiting-connection.js';
import { NamedTimers } from './timers.js';
import { State, defaultUrl, sessionStore, withDefaults } from './options.js';
import { TransportChooser, openTransport, usableTransports } from './transports/index.js';
import { defaultNetworkTarget, watchNetwork } from './network.js';

export { HeraldError } from './errors.js';
export { Emitter } from './emitter.js';
export { Subscription, SubscriptionState } from './subscription.js';
export { SUBPROTOCOL } from './transport.js';
export { TRANSPORTS, TransportChooser } from './transports/index.js';
export { backoff } from './backoff.js';
export { State, DEFAULTS, defaultUrl } from './options.js';
export {
  CLOSE_CODES, ERROR_CODES, CLIENT_ERROR_CODES, CLIENT_CLOSE_REASONS, shouldReconnect, closeCodeName,
} from './codes.js';

/** @typedef {import('./herald.d.ts').HeraldOptions} HeraldOptions */
/** @typedef {import('./herald.d.ts').SubscriptionOptions} SubscriptionOptions */
/** @typedef {import('./herald.d.ts').StreamPosition} StreamPosition */
/** @typedef {import('./herald.d.ts').Publication} Publication */
/** @typedef {import('./herald.d.ts').PresenceResult} PresenceResult */
/** @typedef {import('./herald.d.ts').HistoryOptions} HistoryOptions */
/** @typedef {import('./herald.d.ts').HistoryResult} HistoryResult */

/** WebSocket.CLOSED, reported when there is no socket at all. */
const CLOSED = 3;

/**
 * The client. Events (`on(event, listener)`):
 * - `state` {oldState, newState}: every transition of the connection state machine
 * - `connecting` {code, reason}: entered `connecting` (first connect, or after a drop: then `code` is
 *   the close code or a CLIENT_CLOSE_REASONS value)
 * - `connected` {client, user, ping}: the `connect` reply arrived
 * - `disconnected` {code, reason}: entered `disconnected`; no reconnect follows
 * - `error` {type, error}: a problem the client handles itself (refused token, unparsable frame, a
 *   server error without id, e.g. a refused server-side subscription); for logging
 * - `serverSubscribed` {channel, position, previous}, `serverPublication` (a Publication),
 *   `serverJoin` / `serverLeave` {channel, info}: channels the backend subscribed this connection to
 *   on connect (server-subscriptions.js)
 */
export class Herald extends Emitter {
  #url;
  /** @type {HeraldOptions} */
  #options;
  /** @type {'disconnected' | 'connecting' | 'connected'} */
  #state = State.DISCONNECTED;
  /** @type {import('./transports/index.js').AnyTransport | null} */
  #transport = null;
  /** Bumped per connection attempt and per drop, so an attempt still awaiting getToken() knows it is stale. */
  #generation = 0;
  #token;
  #session = null;
  #requests = new Requests();
  /** Commands going out on the current transport. */
  #commands;
  /** The page's subscriptions and the backend's grants; the grants' pushes become client-level events. */
  #subscriptions = new SubscriptionRegistry((event, ctx) => this.emit(event, ctx));
  /** What arrives: replies, pushes for subscriptions, and the server's own pushes for this client. */
  #incoming = new IncomingFrames(this.#requests, this.#subscriptions, {
    error: (type, error) => this.emit('error', { type, error }),
    ping: () => this.#transport?.send('{"type":"pong"}'),
    disconnectNotice: (notice) => {
      this.#announcedClose = notice;
    },
  });
  /** Publishes queued while not connected; requests waiting while connecting. */
  #awaiting;
  /** The `disconnect` push that announced the coming close, if any: its code beats the close event's. */
  #announcedClose = null;
  #reconnectAttempt = 0;
  /** connect: deadline of the current attempt; ping: dead-connection check; reconnect: the backoff sleep. */
  #timers = new NamedTimers();
  #unwatchNetwork = null;
  #port = this.#createPort();
  /** Which transport the next attempt uses; falls back while none has connected (transports/fallback.js). */
  #chooser;
  /** The transport name of the current attempt. */
  #transportName = null;

  /**
   * @param {string | null} [url] the WebSocket URL; default {@link defaultUrl}()
   * @param {HeraldOptions} [options]
   */
  constructor(url, options = {}) {
    super();
    this.#url = url ?? defaultUrl();
    this.#options = withDefaults(options);
    this.#token = options.token;
    this.#awaiting = new AwaitingConnection(this.#options.maxQueuedPublishes);
    this.#commands = new Commands(this.#requests, () => this.#transport, this.#options.timeout);
    this.#chooser = new TransportChooser(usableTransports(this.#options), sessionStore());
  }

  /** @returns {'disconnected' | 'connecting' | 'connected'} */
  get state() {
    return this.#state;
  }

  /** @returns {string} the WebSocket URL */
  get url() {
    return this.#url;
  }

  /** @returns {string | null} the client id the server gave this connection */
  get client() {
    return this.#session?.client ?? null;
  }

  /** @returns {string | null} the user the server authenticated ('' for anonymous) */
  get user() {
    return this.#session?.user ?? null;
  }

  /** @returns {'websocket' | 'http_stream' | 'sse' | null} the transport of the current connection attempt */
  get transport() {
    return this.#transportName;
  }

  /** @returns {number} the underlying socket's readyState; CLOSED (3) when there is none */
  get readyState() {
    return this.#transport ? this.#transport.readyState : CLOSED;
  }

  /** @returns {number} bytes queued in the underlying socket, not yet sent (a backpressure signal) */
  get bufferedAmount() {
    return this.#transport ? this.#transport.bufferedAmount : 0;
  }

  /** @returns {number} publishes waiting for a connection */
  get queuedPublishes() {
    return this.#awaiting.publishes;
  }

  /**
   * Starts connecting; from then on the client reconnects by itself until {@link disconnect} or a
   * terminal close code. Idempotent.
   */
  connect() {
    if (this.#state !== State.DISCONNECTED) {
      return;
    }
    this.#unwatchNetwork = watchNetwork(this.#options.network ?? defaultNetworkTarget(), {
      online: () => this.#onOnline(),
      offline: () => this.#onOffline(),
    });
    this.#reconnectAttempt = 0;
    this.#enterConnecting(CLIENT_CLOSE_REASONS.CONNECT_CALLED, 'connect called');
    this.#openTransport();
  }

  /**
   * Closes the connection and stops reconnecting. Subscriptions are kept (in `subscribing`) and
   * resubscribe on the next {@link connect}; commands in flight and queued publishes are rejected.
   * Idempotent.
   */
  disconnect() {
    if (this.#state !== State.DISCONNECTED) {
      this.#dropConnection(CLIENT_CLOSE_REASONS.DISCONNECT_CALLED, 'disconnect called', false);
    }
  }

  /**
   * Subscribes to a channel: at once if connected, else as soon as the client connects.
   * @param {string} channel
   * @param {SubscriptionOptions} [options]
   * @returns {Subscription}
   * @throws {HeraldError} `already_subscribed` when this client already has a subscription to it
   */
  subscribe(channel, options = {}) {
    return new Subscription(this, channel, options, this.#port).subscribe();
  }

  /**
   * @param {string} channel
   * @returns {Subscription | undefined} the active subscription to `channel`
   */
  getSubscription(channel) {
    return this.#subscriptions.get(channel);
  }

  /** @returns {Subscription[]} every active subscription */
  subscriptions() {
    return this.#subscriptions.all();
  }

  /** @returns {string[]} the channels the backend subscribed the current connection to (server-side) */
  serverSubscriptions() {
    return this.#subscriptions.granted();
  }

  /**
   * Publishes to a channel. A JSON value goes as a text command; an ArrayBuffer or typed array goes as
   * a binary frame and reaches subscribers as bytes. While not connected the publish is queued (bounded,
   * sent on connect) or rejected with `disconnected`, by the `queueWhileDisconnected` option.
   * @param {string} channel
   * @param {unknown} data
   * @returns {Promise<StreamPosition>} the publication's position in the channel's stream
   */
  publish(channel, data) {
    if (data === undefined) {
      return Promise.reject(new HeraldError('invalid_argument', 'publish needs data'));
    }
    if (this.#state === State.CONNECTED) {
      return this.#commands.publish(channel, data);
    }
    if (!this.#options.queueWhileDisconnected) {
      return Promise.reject(new HeraldError('disconnected', `cannot publish while ${this.#state}`));
    }
    return this.#awaiting.queuePublish(channel, data);
  }

  /**
   * Who is subscribed to a channel (namespaces with presence only). While connecting, waits for the
   * connection up to `timeout`; while disconnected, rejects with `disconnected`.
   * @param {string} channel
   * @returns {Promise<PresenceResult>}
   */
  presence(channel) {
    return this.#request({ type: 'presence', channel }, (result) => ({ clients: result.clients ?? {} }));
  }

  /**
   * A channel's recent publications, oldest first (namespaces with history only). Waits for a
   * connection like {@link presence}.
   * @param {string} channel
   * @param {HistoryOptions} [options]
   * @returns {Promise<HistoryResult>}
   */
  history(channel, options = {}) {
    const command = { type: 'history', channel };
    if (options.limit !== undefined) {
      command.limit = options.limit;
    }
    if (options.since) {
      command.since = { offset: options.since.offset, epoch: options.since.epoch };
    }
    return this.#request(command, (result) => ({
      epoch: result.epoch ?? '',
      offset: result.offset ?? 0,
      publications: (result.publications ?? []).map(toPublication),
    }));
  }

  /**
   * Calls a method of the application's backend through the server's rpc proxy (`rpc` command).
   * Waits for a connection like {@link presence}. Rejects with the server's error: `permission_denied`
   * with the backend's message when it refused, `unavailable` when it could not be reached in time,
   * `not_found` when the server has no rpc proxy.
   * @param {string} method
   * @param {unknown} [data] any JSON value
   * @returns {Promise<unknown>} the backend's answer
   */
  rpc(method, data) {
    const command = { type: 'rpc', method };
    if (data !== undefined) {
      command.data = data;
    }
    return this.#request(command, (result) => result.data ?? null);
  }

  /**
   * A round trip to the server (`ping` command).
   * @returns {Promise<number>} the round-trip time in ms
   */
  ping() {
    const started = Date.now();
    return this.#request({ type: 'ping' }, () => Date.now() - started);
  }

  // ---- connection lifecycle ---------------------------------------------------------------------

  async #openTransport() {
    if (this.#state !== State.CONNECTING) {
      return;
    }
    const generation = ++this.#generation;
    // One deadline covers getToken(), the WebSocket handshake and the connect reply.
    this.#timers.start('connect', this.#options.timeout, () => {
      if (this.#transport) {
        this.#chooser.failedBeforeConnect(); // a transport that hangs (e.g. a buffering proxy) counts as failed
      }
      this.#dropConnection(CLIENT_CLOSE_REASONS.CONNECT_TIMEOUT, 'connect timed out', true);
    });
    let token;
    try {
      token = await this.#resolveToken();
    } catch (error) {
      if (generation === this.#generation) {
        this.#tokenFailed(error);
      }
      return;
    }
    if (generation !== this.#generation) {
      return; // disconnect() or a timeout came first
    }
    this.#transport?.close(); // never two sockets at once
    try {
      this.#transportName = this.#chooser.current();
      this.#transport = openTransport(this.#transportName, this.#url, this.#options, {
        onOpen: () => this.#sendConnect(token),
        onMessage: (data) => this.#onMessage(data),
        onClose: (code, reason) => this.#onClose(code, reason),
      });
    } catch (error) {
      // The constructor only throws for what no retry fixes: a bad URL, a blocked port, ws: from an
      // https: page, no WebSocket implementation at all.
      this.emit('error', { type: 'transport', error });
      this.#dropConnection(CLIENT_CLOSE_REASONS.TRANSPORT_CLOSED, `cannot open a WebSocket: ${/** @type {Error} */ (error)?.message ?? error}`, false);
    }
  }

  async #resolveToken() {
    if (!this.#token && typeof this.#options.getToken === 'function') {
      this.#token = await this.#options.getToken();
    }
    return this.#token;
  }

  #tokenFailed(error) {
    this.emit('error', { type: 'token', error });
    // getToken() rejecting with code `unauthorized` means "this user may not connect": stop.
    const terminal = error?.code === 'unauthorized';
    this.#dropConnection(CLIENT_CLOSE_REASONS.TOKEN_FAILED, `getToken failed: ${error?.message ?? error}`, !terminal);
  }

  #sendConnect(token) {
    const command = { type: 'connect' };
    if (token) {
      command.token = token;
    }
    if (this.#options.name) {
      command.name = this.#options.name;
    }
    // No per-command deadline: the attempt's connect timer covers this reply.
    this.#commands.call(command, {
      timeout: 0,
      onResult: (result) => this.#onConnected(result),
      onError: (error) => this.#onConnectRefused(error),
    });
  }

  #onConnected(result) {
    this.#timers.clear('connect');
    this.#chooser.connected();
    this.#session = {
      client: result.client ?? '', user: result.user ?? '', ping: result.ping ?? 0, transport: this.#transportName,
    };
    this.#reconnectAttempt = 0;
    this.#setState(State.CONNECTED);
    if (this.#state !== State.CONNECTED) {
      return; // a state listener called disconnect()
    }
    this.#resetPingTimer();
    // Resubscribe before flushing publishes: publishing in `chat:` rooms may need the subscription.
    this.#subscriptions.connected();
    this.#awaiting.connected((channel, data) => this.#commands.publish(channel, data));
    this.emit('connected', { ...this.#session });
  }

  #onConnectRefused(error) {
    if (error.code === 'connection_closed') {
      return; // the drop is already being handled
    }
    this.emit('error', { type: 'connect', error });
    if (error.code === 'unauthorized') {
      // The server follows with close 4501; stop now so no reconnect loop hammers it.
      this.#dropConnection(4501, error.message, false);
    } else {
      this.#dropConnection(CLIENT_CLOSE_REASONS.TRANSPORT_CLOSED, `connect refused: ${error.code}`, true);
    }
  }

  #onClose(code, reason) {
    if (this.#state !== State.CONNECTED) {
      this.#chooser.failedBeforeConnect(); // handshake refused or cut before connect: try the next transport
    }
    const announced = this.#announcedClose;
    const closeCode = announced?.code ?? code;
    const closeReason = announced?.reason ?? reason;
    const reconnect = typeof announced?.reconnect === 'boolean' ? announced.reconnect : shouldReconnect(closeCode);
    if (closeCode === TOKEN_EXPIRED && typeof this.#options.getToken === 'function') {
      this.#token = undefined; // the next attempt asks getToken() for a fresh one
    }
    this.#dropConnection(closeCode, closeReason, reconnect);
  }

  /**
   * The one way out of a connection: tears down the socket and everything tied to it, then either
   * schedules a reconnect (state `connecting`) or stops (state `disconnected`).
   */
  #dropConnection(code, reason, reconnect) {
    const generation = ++this.#generation;
    this.#transport?.close();
    this.#transport = null;
    this.#timers.clear('connect');
    this.#timers.clear('ping');
    this.#timers.clear('reconnect');
    this.#announcedClose = null;
    this.#session = null;
    this.#requests.failAll(new HeraldError('connection_closed', `connection closed: ${reason || code}`));
    this.#subscriptions.disconnected();
    if (reconnect) {
      this.#enterConnecting(code, reason);
      if (generation !== this.#generation) {
        return; // a listener called disconnect() (and maybe connect()) meanwhile: that wins
      }
      const { minReconnectDelay, maxReconnectDelay } = this.#options;
      const delay = backoff(this.#reconnectAttempt++, minReconnectDelay, maxReconnectDelay);
      this.#timers.start('reconnect', delay, () => this.#openTransport());
    } else {
      this.#enterDisconnected(code, reason);
    }
  }

  #enterConnecting(code, reason) {
    if (this.#setState(State.CONNECTING)) {
      this.emit('connecting', { code, reason });
    }
  }

  #enterDisconnected(code, reason) {
    this.#unwatchNetwork?.();
    this.#unwatchNetwork = null;
    this.#awaiting.failAll(new HeraldError('disconnected', `disconnected: ${reason || code}`));
    if (this.#setState(State.DISCONNECTED)) {
      this.emit('disconnected', { code, reason });
    }
  }

  /** Any message proves the server alive; silence past ping + maxServerPingDelay means it is not. */
  #resetPingTimer() {
    this.#timers.clear('ping');
    const ping = this.#session?.ping;
    if (this.#state === State.CONNECTED && ping > 0) {
      this.#timers.start('ping', ping * 1000 + this.#options.maxServerPingDelay, () =>
        this.#dropConnection(CLIENT_CLOSE_REASONS.NO_PING, 'no ping from server', true));
    }
  }

  #onOnline() {
    // Skip the rest of the backoff: the network is back, and probably the server with it.
    if (this.#state === State.CONNECTING && this.#timers.running('reconnect')) {
      this.#timers.clear('reconnect');
      this.#reconnectAttempt = 0;
      this.#openTransport();
    }
  }

  #onOffline() {
    // A socket over a dead network may take minutes to fail; give up on it now and back off.
    if (this.#state !== State.DISCONNECTED) {
      this.#dropConnection(CLIENT_CLOSE_REASONS.OFFLINE, 'browser went offline', true);
    }
  }

  // ---- incoming ---------------------------------------------------------------------------------

  #onMessage(data) {
    this.#resetPingTimer();
    this.#incoming.receive(data);
  }

  // ---- outgoing ---------------------------------------------------------------------------------

  /** A command that needs a connection: sent now, once connected (bounded by `timeout`), or rejected. */
  #request(command, mapResult) {
    return this.#whenConnected().then(() => this.#commands.request(command, mapResult));
  }

  #whenConnected() {
    if (this.#state === State.CONNECTED) {
      return Promise.resolve();
    }
    if (this.#state === State.DISCONNECTED) {
      return Promise.reject(new HeraldError('disconnected', 'not connected; call connect() first'));
    }
    return this.#awaiting.waitForConnection(this.#options.timeout);
  }

  // ---- state and timers -------------------------------------------------------------------------

  /** The one path for state changes: every transition emits `state` with old and new state. */
  #setState(newState) {
    if (this.#state === newState) {
      return false;
    }
    const oldState = this.#state;
    this.#state = newState;
    this.emit('state', { oldState, newState });
    return true;
  }

  /**
   * The narrow interface between the client and its subscriptions, both ways: subscriptions call
   * these, and hand over their `inbound` side with `add`, so neither reaches into the other's internals.
   */
  #createPort() {
    return Object.freeze({
      isConnected: () => this.#state === State.CONNECTED,
      send: (command, handlers) => this.#commands.call(command, handlers),
      backoff: (attempt) => backoff(attempt, this.#options.minReconnectDelay, this.#options.maxReconnectDelay),
      reconnect: (code, reason) => {
        if (this.#state === State.CONNECTED) {
          this.#dropConnection(code, reason, true);
        }
      },
      add: (subscription, inbound) => this.#subscriptions.add(subscription, inbound),
      remove: (subscription) => this.#subscriptions.remove(subscription),
    });
  }
}

export default Herald;
