// Type declarations for the Herald browser client (herald.js and the modules it re-exports).
// Wire shapes follow docs/protocol.md (protocol v1).

/** A position in a channel's stream. Channels without history have offset 0 and epoch ''. */
export interface StreamPosition {
  offset: number;
  epoch: string;
}

/** Who a connection is, as the server reports it in presence, join/leave and publication info. */
export interface ClientInfo {
  user: string;
  client: string;
  name?: string;
  /** Connection info the application's backend attached through the connect proxy (any JSON). */
  connInfo?: unknown;
}

/** A publication as handed to pages. */
export interface Publication {
  channel: string;
  /** Position in the channel's stream; 0 in namespaces without history. */
  offset: number;
  /** The JSON value published, or the bytes of a binary publication. */
  data: unknown | Uint8Array;
  /** Absent for publications made through the HTTP API. */
  info?: ClientInfo;
}

export interface PresenceResult {
  /** Keyed by client id. */
  clients: Record<string, ClientInfo>;
}

export interface HistoryOptions {
  /** Most publications to return (server default 100). */
  limit?: number;
  /** Only publications after this position. */
  since?: StreamPosition;
}

export interface HistoryResult extends StreamPosition {
  /** Oldest first. */
  publications: Publication[];
}

export type ClientState = 'disconnected' | 'connecting' | 'connected';
export type SubscriptionStateName = 'unsubscribed' | 'subscribing' | 'subscribed';

/**
 * A handler the client assigns to a socket, with the fields of the event it reads. Compared
 * bivariantly (method syntax), so the browser's WebSocket, whose handlers take DOM events, fits.
 */
type SocketHandler<E> = { handle(event: E): void }['handle'];

/** The minimal WebSocket surface the client needs (the browser's WebSocket, or a Node/test one). */
export interface WebSocketLike {
  readonly readyState: number;
  readonly bufferedAmount?: number;
  binaryType: string;
  onopen: SocketHandler<unknown> | null;
  onmessage: SocketHandler<{ data: string | ArrayBuffer }> | null;
  onerror: SocketHandler<unknown> | null;
  onclose: SocketHandler<{ code: number; reason?: string }> | null;
  send(data: string | ArrayBufferLike | ArrayBufferView): void;
  close(code?: number, reason?: string): void;
}

export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** `websocket` (/ws), `http_stream` (/stream, newline-delimited JSON) or `sse` (/sse, Server-Sent Events). */
export type TransportName = 'websocket' | 'http_stream' | 'sse';

export interface HeraldOptions {
  /** Connection token sent in `connect`. */
  token?: string;
  /** Called for a token when there is none, and after the server closed with 4004 token_expired.
   *  Reject with an error whose `code` is 'unauthorized' to stop reconnecting. */
  getToken?: () => Promise<string>;
  /** Display name sent in `connect`; shown in presence and join/leave info. */
  name?: string;
  /** ms to wait for a reply (and for connecting) before rejecting with `timeout`. Default 5000. */
  timeout?: number;
  /** Smallest reconnect delay in ms. Default 500. */
  minReconnectDelay?: number;
  /** Largest reconnect delay in ms. Default 20000. */
  maxReconnectDelay?: number;
  /** ms of silence beyond the server's ping interval after which the connection counts as dead. Default 10000. */
  maxServerPingDelay?: number;
  /** Queue publishes made while not connected (true, default) or reject them with `disconnected`. */
  queueWhileDisconnected?: boolean;
  /** Bound of that queue; beyond it publishes reject with `queue_full`. Default 100. */
  maxQueuedPublishes?: number;
  /** WebSocket implementation; default globalThis.WebSocket. */
  WebSocket?: WebSocketConstructor;
  /** Transports to try, in order: while none has reached `connected`, an attempt that fails (handshake
   *  refused, cut, or timed out before `connect` completed) moves on to the next; the first one that
   *  connects is kept for the page session (sessionStorage). Default: all three in a browser,
   *  `['websocket']` elsewhere. Unavailable ones (no fetch streaming, no EventSource) are skipped. */
  transports?: TransportName[];
  /** fetch implementation for the HTTP transports (stream and emulation POSTs); default globalThis.fetch. */
  fetch?: typeof fetch;
  /** EventSource implementation for `sse`; default globalThis.EventSource. */
  EventSource?: new (url: string) => { onmessage: ((e: { data: string }) => void) | null;
    onerror: ((e: unknown) => void) | null; close(): void };
  /** Where `online`/`offline` events come from; default `window` when there is one. */
  network?: EventTarget | null;
}

export interface StateEvent<S extends string> {
  oldState: S;
  newState: S;
}

/** `code` is a close code, or a CLIENT_CLOSE_REASONS value (below 1000) for client-side reasons. */
export interface CloseEvent {
  code: number;
  reason: string;
}

export interface ConnectedEvent {
  client: string;
  user: string;
  /** Server ping interval in seconds. */
  ping: number;
  /** The transport this connection runs over. */
  transport: TransportName;
}

export interface ClientErrorEvent {
  type: 'token' | 'connect' | 'transport' | 'parse' | 'server';
  error: Error;
}

export interface SubscribedEvent {
  channel: string;
  /** Whether the subscribe asked to resume from a position (`since`). */
  recovering: boolean;
  /** true: every missed publication follows in order; false while recovering: reload the page's state. */
  recovered: boolean;
  /** Recovered publications, also delivered through `publication` events right after this event. */
  publications: Publication[];
  position: StreamPosition;
}

/**
 * A server-side subscription: a channel the application's backend subscribed this connection to on
 * connect (the connect proxy's `channels`). Granted again on every connect; never recovered (protocol
 * v1 cannot resume them): compare `previous` with `position`, and fetch a gap with
 * `history(channel, { since: previous })` where the namespace keeps history.
 */
export interface ServerSubscribedEvent {
  channel: string;
  /** Where the channel's stream is now; its publications follow from here. */
  position: StreamPosition;
  /** The last position seen on an earlier connection's grant of this channel; null on the first. */
  previous: StreamPosition | null;
}

export interface UnsubscribedEvent {
  channel: string;
  /** 'unsubscribe_called', or the server error code that ended the subscription. */
  code: string;
  reason: string;
}

export interface PresenceEvent {
  channel: string;
  info: ClientInfo;
}

export interface SubscriptionErrorEvent {
  channel: string;
  error: HeraldError;
}

export interface SubscriptionOptions {
  onPublication?: (publication: Publication) => void;
  onJoin?: (event: PresenceEvent) => void;
  onLeave?: (event: PresenceEvent) => void;
  onStateChange?: (event: StateEvent<SubscriptionStateName> & { channel: string }) => void;
  onSubscribed?: (event: SubscribedEvent) => void;
  onUnsubscribed?: (event: UnsubscribedEvent) => void;
  onError?: (event: SubscriptionErrorEvent) => void;
  /** Resume from this position on the first subscribe (e.g. one stored by the page earlier). */
  since?: StreamPosition;
}

export declare class Emitter<Events extends Record<string, unknown> = Record<string, unknown>> {
  on<K extends keyof Events & string>(event: K, listener: (ctx: Events[K]) => void): this;
  off<K extends keyof Events & string>(event: K, listener?: (ctx: Events[K]) => void): this;
  once<K extends keyof Events & string>(event: K, listener: (ctx: Events[K]) => void): this;
}

export interface HeraldEvents {
  [event: string]: unknown;
  state: StateEvent<ClientState>;
  connecting: CloseEvent;
  connected: ConnectedEvent;
  disconnected: CloseEvent;
  error: ClientErrorEvent;
  serverSubscribed: ServerSubscribedEvent;
  /** A publication of a server-side subscription's channel. */
  serverPublication: Publication;
  serverJoin: PresenceEvent;
  serverLeave: PresenceEvent;
}

export interface SubscriptionEvents {
  [event: string]: unknown;
  state: StateEvent<SubscriptionStateName> & { channel: string };
  subscribed: SubscribedEvent;
  unsubscribed: UnsubscribedEvent;
  publication: Publication;
  join: PresenceEvent;
  leave: PresenceEvent;
  error: SubscriptionErrorEvent;
}

export declare class HeraldError extends Error {
  constructor(code: string, message: string, options?: { cause?: unknown });
  readonly name: 'HeraldError';
  /** A server ERROR_CODES value or a CLIENT_ERROR_CODES value. */
  readonly code: string;
}

export declare class Subscription extends Emitter<SubscriptionEvents> {
  readonly channel: string;
  readonly state: SubscriptionStateName;
  /** Last position seen (a copy); null before the first subscribe reply. */
  readonly position: StreamPosition | null;
  subscribe(): this;
  unsubscribe(): Promise<void>;
  publish(data: unknown): Promise<StreamPosition>;
  presence(): Promise<PresenceResult>;
  history(options?: HistoryOptions): Promise<HistoryResult>;
}

export declare class Herald extends Emitter<HeraldEvents> {
  /** @param url WebSocket URL; default derived from the page location (see defaultUrl). */
  constructor(url?: string | null, options?: HeraldOptions);
  readonly state: ClientState;
  readonly url: string;
  readonly client: string | null;
  readonly user: string | null;
  /** The transport of the current connection attempt; null before the first one. */
  readonly transport: TransportName | null;
  readonly readyState: number;
  readonly bufferedAmount: number;
  readonly queuedPublishes: number;
  connect(): void;
  disconnect(): void;
  subscribe(channel: string, options?: SubscriptionOptions): Subscription;
  getSubscription(channel: string): Subscription | undefined;
  subscriptions(): Subscription[];
  /** The channels the backend subscribed the current connection to (server-side); [] while not connected. */
  serverSubscriptions(): string[];
  publish(channel: string, data: unknown | ArrayBuffer | ArrayBufferView): Promise<StreamPosition>;
  presence(channel: string): Promise<PresenceResult>;
  history(channel: string, options?: HistoryOptions): Promise<HistoryResult>;
  /** Calls a method of the application's backend through the server's rpc proxy; resolves with its answer. */
  rpc(method: string, data?: unknown): Promise<unknown>;
  /** Resolves with the round-trip time in ms. */
  ping(): Promise<number>;
}

export default Herald;

export declare function defaultUrl(location?: { href: string }): string;
export declare function backoff(attempt: number, min: number, max: number, random?: () => number): number;

export declare const SUBPROTOCOL: 'herald.v1';
export declare const TRANSPORTS: readonly TransportName[];
/** The fallback state machine (transports/fallback.js). */
export declare class TransportChooser {
  constructor(list: TransportName[], storage?: { getItem(key: string): string | null; setItem(key: string, value: string): void } | null);
  current(): TransportName;
  readonly remembered: TransportName | null;
  connected(): void;
  failedBeforeConnect(): void;
}
export declare const State: Readonly<{ DISCONNECTED: 'disconnected'; CONNECTING: 'connecting'; CONNECTED: 'connected' }>;
export declare const SubscriptionState: Readonly<{
  UNSUBSCRIBED: 'unsubscribed'; SUBSCRIBING: 'subscribing'; SUBSCRIBED: 'subscribed';
}>;
export declare const DEFAULTS: Readonly<Required<Pick<HeraldOptions,
  'timeout' | 'minReconnectDelay' | 'maxReconnectDelay' | 'maxServerPingDelay' |
  'queueWhileDisconnected' | 'maxQueuedPublishes'>>>;

export interface CloseCodeInfo {
  name: string;
  reconnect: boolean;
}
export declare const CLOSE_CODES: Readonly<Record<number, CloseCodeInfo>>;
export declare const ERROR_CODES: readonly string[];
export declare const CLIENT_ERROR_CODES: Readonly<{
  TIMEOUT: 'timeout';
  CONNECTION_CLOSED: 'connection_closed';
  DISCONNECTED: 'disconnected';
  QUEUE_FULL: 'queue_full';
  INVALID_ARGUMENT: 'invalid_argument';
  BAD_FRAME: 'bad_frame';
}>;
export declare const CLIENT_CLOSE_REASONS: Readonly<{
  DISCONNECT_CALLED: 0;
  CONNECT_CALLED: 1;
  TRANSPORT_CLOSED: 2;
  NO_PING: 3;
  CONNECT_TIMEOUT: 4;
  OFFLINE: 5;
  SUBSCRIBE_TIMEOUT: 6;
  TOKEN_FAILED: 7;
}>;
export declare function shouldReconnect(code: number): boolean;
export declare function closeCodeName(code: number): string | undefined;
