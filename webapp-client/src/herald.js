/**
 * Herald browser client: one WebSocket speaking protocol v1 (docs/protocol.md), with an explicit
 * connection state machine `disconnected -> connecting -> connected`, reconnects with full-jitter
 * backoff, dead-connection detection and recovery of missed publications on resubscribe.
 *
 * Length: over 500 lines, about half of it the JSDoc that the declarations and the docs are checked
 * against; subscriptions, frames, backoff, errors, network and transports are already their own modules.
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
import { encodePublishFrame, isBinary, parsePublicationFrame, parseTextFrame, toPublication } from './frames.js';
import { Requests } from './requests.js';
import { Subscription } from './subscription.js';
import { ServerSubscriptions } from './server-subscriptions.js';
import { TransportChooser, openTransport, usableTransports } from './transports/index.js';
import { defaultNetworkTarget, watchNetwork } from './network.js';

export { HeraldError } from './errors.js';
export { Emitter } from './emitter.js';
export { Subscription, SubscriptionState } from './subscription.js';
export { SUBPROTOCOL } from './transport.js';
export { TRANSPORTS, TransportChooser } from './transports/index.js';
export { backoff } from './backoff.js';
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
/**
 * What the client tells a subscription (from {@link Subscription}, handed over with the port's `add`).
 * @typedef {{ connected(): void, disconnected(): void, publication(publication: Publication): void,
 *   presence(type: 'join' | 'leave', info: import('./herald.d.ts').ClientInfo): void }} SubscriptionInbound
 */

/** Client connection states. */
export const State = Object.freeze({
  DISCONNECTED: 'disconnected',
  CONNECTING: 'connecting',
  CONNECTED: 'connected',
});

/** WebSocket.CLOSED, reported when there is no socket at all. */
const CLOSED = 3;

/** Option defaults, each with its reason. */
export const DEFAULTS = Object.freeze({
  /** Replies normally take milliseconds; 5 s bounds how long a page waits on a lost one. */
  timeout: 5000,
  /** Even the first retry waits a little: a server that just refused us gets a breather. */
  minReconnectDelay: 500,
  /** Caps the backoff so a page comes back within ~20 s of the server's return. */
  maxReconnectDelay: 20000,
  /** The protocol says: silent for `ping` + 10 s means dead. */
  maxServerPingDelay: 10000,
  /** Chat-style pages would rather send late than lose a message typed during a blip. */
  queueWhileDisconnected: true,
  /** Bounds memory if the page keeps publishing through a long outage. */
  maxQueuedPublishes: 100,
});

/**
 * The WebSocket URL for a page: same host, `ws:` or `wss:` by the page's protocol, path = the page's
 * directory + `ws`, so the app works under any context path (e.g. /herald/).
 * @param {{ href: string }} [location] defaults to the page's location
 * @returns {string}
 */
export function defaultUrl(location = globalThis.location) {
  if (!location) {
    throw new HeraldError('invalid_argument', 'no url given and no page location to derive it from');
  }
  const url = new URL('ws', location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = '';
  url.hash = '';
  return url.href;
}

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
  /**
   * Per channel: the subscription, and what this client tells it (its `inbound` side of the port).
   * @type {Map<string, { subscription: Subscription, inbound: SubscriptionInbound }>}
   */
  #subscriptions = new Map();
  /** Channels the backend granted on connect; their pushes become client-level events. */
  #serverSubscriptions = new ServerSubscriptions((event, ctx) => this.emit(event, ctx));
  /** Publishes waiting for a connection (queueWhileDisconnected). */
  #queue = [];
  /** Requests (presence, history, ping) waiting, bounded, while connecting. */
  #waiters = new Set();
  /** The `disconnect` push that announced the coming close, if any: its code beats the close event's. */
  #announcedClose = null;
  #reconnectAttempt = 0;
  /** connect: deadline of the current attempt; ping: dead-connection check; reconnect: the backoff sleep. */
  #timers = { connect: null, ping: null, reconnect: null };
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
    this.#options = { ...DEFAULTS, ...withoutUndefined(options) };
    this.#token = options.token;
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
    return this.#queue.length;
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
    return this.#subscriptions.get(channel)?.subscription;
  }

  /** @returns {Subscription[]} every active subscription */
  subscriptions() {
    return [...this.#subscriptions.values()].map((entry) => entry.subscription);
  }

  /** @returns {string[]} the channels the backend subscribed the current connection to (server-side) */
  serverSubscriptions() {
    return this.#serverSubscriptions.active();
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
      return this.#publishNow(channel, data);
    }
    if (!this.#options.queueWhileDisconnected) {
      return Promise.reject(new HeraldError('disconnected', `cannot publish while ${this.#state}`));
    }
    if (this.#queue.length >= this.#options.maxQueuedPublishes) {
      return Promise.reject(new HeraldError('queue_full',
        `${this.#queue.length} publishes already wait for a connection`));
    }
    return new Promise((resolve, reject) => this.#queue.push({ channel, data, resolve, reject }));
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
    this.#startTimer('connect', this.#options.timeout, () => {
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
    this.#call(command, {
      timeout: 0,
      onResult: (result) => this.#onConnected(result),
      onError: (error) => this.#onConnectRefused(error),
    });
  }

  #onConnected(result) {
    this.#clearTimer('connect');
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
    for (const { inbound } of this.#subscriptions.values()) {
      inbound.connected();
    }
    for (const queued of this.#queue.splice(0)) {
      this.#publishNow(queued.channel, queued.data).then(queued.resolve, queued.reject);
    }
    for (const waiter of [...this.#waiters]) {
      waiter.resolve();
    }
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
    this.#clearTimer('connect');
    this.#clearTimer('ping');
    this.#clearTimer('reconnect');
    this.#announcedClose = null;
    this.#session = null;
    this.#requests.failAll(new HeraldError('connection_closed', `connection closed: ${reason || code}`));
    for (const { inbound } of this.#subscriptions.values()) {
      inbound.disconnected();
    }
    this.#serverSubscriptions.disconnected();
    if (reconnect) {
      this.#enterConnecting(code, reason);
      if (generation !== this.#generation) {
        return; // a listener called disconnect() (and maybe connect()) meanwhile: that wins
      }
      const { minReconnectDelay, maxReconnectDelay } = this.#options;
      const delay = backoff(this.#reconnectAttempt++, minReconnectDelay, maxReconnectDelay);
      this.#startTimer('reconnect', delay, () => this.#openTransport());
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
    const error = new HeraldError('disconnected', `disconnected: ${reason || code}`);
    for (const queued of this.#queue.splice(0)) {
      queued.reject(error);
    }
    for (const waiter of [...this.#waiters]) {
      waiter.reject(error);
    }
    if (this.#setState(State.DISCONNECTED)) {
      this.emit('disconnected', { code, reason });
    }
  }

  /** Any message proves the server alive; silence past ping + maxServerPingDelay means it is not. */
  #resetPingTimer() {
    this.#clearTimer('ping');
    const ping = this.#session?.ping;
    if (this.#state === State.CONNECTED && ping > 0) {
      this.#startTimer('ping', ping * 1000 + this.#options.maxServerPingDelay, () =>
        this.#dropConnection(CLIENT_CLOSE_REASONS.NO_PING, 'no ping from server', true));
    }
  }

  #onOnline() {
    // Skip the rest of the backoff: the network is back, and probably the server with it.
    if (this.#state === State.CONNECTING && this.#timers.reconnect !== null) {
      this.#clearTimer('reconnect');
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
    if (typeof data !== 'string') {
      this.#onBinary(data);
      return;
    }
    const messages = parseTextFrame(data, (line, cause) => this.emit('error', {
      type: 'parse', error: new HeraldError('bad_frame', `unparsable line: ${line.slice(0, 80)}`, { cause }),
    }));
    for (const message of messages) {
      this.#dispatch(message);
    }
  }

  #onBinary(data) {
    try {
      this.#publication(parsePublicationFrame(data));
    } catch (error) {
      this.emit('error', { type: 'parse', error });
    }
  }

  #dispatch(message) {
    if (typeof message.id === 'number' && message.id > 0) {
      this.#requests.settle(message);
      return;
    }
    if (message.error) {
      this.emit('error', { type: 'server', error: HeraldError.fromWire(message.error) });
      return;
    }
    switch (message.type) {
      case 'pub':
        this.#publication(toPublication(message));
        break;
      case 'join':
      case 'leave':
        if (this.#serverSubscriptions.has(message.channel)) {
          this.#serverSubscriptions.presence(message.type, message.channel, message.info);
        } else {
          this.#subscriptions.get(message.channel)?.inbound.presence(message.type, message.info);
        }
        break;
      case 'subscribed':
        this.#serverSubscriptions.subscribed(message);
        break;
      case 'ping':
        this.#transport?.send('{"type":"pong"}');
        break;
      case 'disconnect':
        this.#announcedClose = { code: message.code, reason: message.reason, reconnect: message.reconnect };
        break;
      default:
        break; // unknown pushes are ignored, so a newer v1 server may add types
    }
  }

  /** A channel the backend granted on connect takes its pushes; else the page's own subscription, if any. */
  #publication(publication) {
    if (this.#serverSubscriptions.has(publication.channel)) {
      this.#serverSubscriptions.publication(publication);
    } else {
      this.#subscriptions.get(publication.channel)?.inbound.publication(publication);
    }
  }

  // ---- outgoing ---------------------------------------------------------------------------------

  /**
   * Sends one command; its reply (or timeout, or the connection's end) settles `handlers`.
   * @param {{ type: string, channel?: string, [field: string]: unknown }} command
   * @param {{ onResult: (result: any) => void, onError: (error: HeraldError) => void, timeout?: number,
   *   binary?: ArrayBuffer | ArrayBufferView }} handlers `binary`: send as a binary publish frame
   */
  #call(command, { onResult, onError, timeout = this.#options.timeout, binary = undefined }) {
    const id = this.#requests.add(command.type, { onResult, onError }, timeout);
    let frame;
    try {
      frame = binary ? encodePublishFrame(id, command.channel, binary) : JSON.stringify({ id, ...command });
    } catch (error) {
      const cause = error instanceof HeraldError ? error : new HeraldError('invalid_argument', String(error), { cause: error });
      this.#requests.fail(id, cause);
      return;
    }
    if (!this.#transport?.send(frame)) {
      this.#requests.fail(id, new HeraldError('connection_closed', `cannot send ${command.type}: no open connection`));
    }
  }

  #publishNow(channel, data) {
    return new Promise((resolve, reject) => {
      const binary = isBinary(data) ? data : undefined;
      this.#call(binary ? { type: 'publish', channel } : { type: 'publish', channel, data }, {
        binary,
        onResult: (result) => resolve({ offset: result.offset ?? 0, epoch: result.epoch ?? '' }),
        onError: reject,
      });
    });
  }

  /** A command that needs a connection: sent now, once connected (bounded by `timeout`), or rejected. */
  #request(command, mapResult) {
    return this.#whenConnected().then(() => new Promise((resolve, reject) => {
      this.#call(command, { onResult: (result) => resolve(mapResult(result)), onError: reject });
    }));
  }

  #whenConnected() {
    if (this.#state === State.CONNECTED) {
      return Promise.resolve();
    }
    if (this.#state === State.DISCONNECTED) {
      return Promise.reject(new HeraldError('disconnected', 'not connected; call connect() first'));
    }
    return new Promise((resolve, reject) => {
      const settle = (fn, value) => {
        this.#waiters.delete(waiter);
        clearTimeout(waiter.timer);
        fn(value);
      };
      const waiter = { resolve: () => settle(resolve), reject: (error) => settle(reject, error) };
      waiter.timer = setTimeout(() => waiter.reject(
        new HeraldError('timeout', `not connected within ${this.#options.timeout} ms`)), this.#options.timeout);
      this.#waiters.add(waiter);
    });
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

  #startTimer(name, delay, action) {
    this.#clearTimer(name);
    this.#timers[name] = setTimeout(() => {
      this.#timers[name] = null;
      action();
    }, delay);
  }

  #clearTimer(name) {
    if (this.#timers[name] !== null) {
      clearTimeout(this.#timers[name]);
      this.#timers[name] = null;
    }
  }

  /**
   * The narrow interface between the client and its subscriptions, both ways: subscriptions call
   * these, and hand over their `inbound` side with `add`, so neither reaches into the other's internals.
   */
  #createPort() {
    return Object.freeze({
      isConnected: () => this.#state === State.CONNECTED,
      send: (command, handlers) => this.#call(command, handlers),
      backoff: (attempt) => backoff(attempt, this.#options.minReconnectDelay, this.#options.maxReconnectDelay),
      reconnect: (code, reason) => {
        if (this.#state === State.CONNECTED) {
          this.#dropConnection(code, reason, true);
        }
      },
      add: (subscription, inbound) => {
        const existing = this.#subscriptions.get(subscription.channel)?.subscription;
        if (existing && existing !== subscription) {
          throw new HeraldError('already_subscribed', `already subscribed to ${subscription.channel}`);
        }
        this.#subscriptions.set(subscription.channel, { subscription, inbound });
      },
      remove: (subscription) => {
        if (this.#subscriptions.get(subscription.channel)?.subscription === subscription) {
          this.#subscriptions.delete(subscription.channel);
        }
      },
    });
  }
}

/** The page session's storage (remembers the transport that worked), when there is one. */
function sessionStore() {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null; // access denied (sandboxed frame)
  }
}

/** Options without undefined values, so `{ timeout: undefined }` keeps the default. */
function withoutUndefined(options) {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

export default Herald;
