/**
 * Close codes and error codes of the Herald wire protocol v1 (docs/protocol.md).
 *
 * CLOSE_CODES mirrors io.herald.hub.CloseCode entry for entry. A Java test parses the entries below
 * with a regex, so keep exactly one entry per line in the form
 *   `  4001: { name: 'slow_consumer', reconnect: true },`
 * and change both sides together.
 * @module
 */

/** @typedef {{ name: string, reconnect: boolean }} CloseCodeInfo */

/** @type {Readonly<Record<number, CloseCodeInfo>>} */
export const CLOSE_CODES = Object.freeze({
  1000: { name: 'normal', reconnect: false },
  1001: { name: 'going_away', reconnect: true },
  1002: { name: 'protocol_error', reconnect: true },
  1003: { name: 'unsupported_data', reconnect: false },
  1009: { name: 'message_too_big', reconnect: false },
  1011: { name: 'internal_error', reconnect: true },
  1013: { name: 'try_again_later', reconnect: true },
  4001: { name: 'slow_consumer', reconnect: true },
  4002: { name: 'no_pong', reconnect: true },
  4003: { name: 'connect_timeout', reconnect: true },
  4004: { name: 'token_expired', reconnect: true },
  4005: { name: 'force_reconnect', reconnect: true },
  4006: { name: 'node_full', reconnect: true },
  4007: { name: 'too_many_requests', reconnect: true },
  4008: { name: 'ping_flood', reconnect: true },
  4500: { name: 'bad_request', reconnect: false },
  4501: { name: 'unauthorized', reconnect: false },
  4502: { name: 'forbidden', reconnect: false },
  4503: { name: 'force_disconnect', reconnect: false },
  4504: { name: 'connection_limit', reconnect: false },
  4505: { name: 'unsupported_version', reconnect: false },
});

/** The close code after which the client fetches a fresh token before reconnecting. */
export const TOKEN_EXPIRED = 4004;

/**
 * Whether a client should reconnect (with backoff) after the connection closed with `code`.
 * Unknown codes follow the registry's ranges: 4000-4499 reconnect, 4500-4999 are terminal. Anything
 * else unknown (1005 no status, 1006 abnormal closure, 1012 ...) is a transport failure, so reconnect.
 * @param {number} code
 * @returns {boolean}
 */
export function shouldReconnect(code) {
  const known = CLOSE_CODES[code];
  if (known) {
    return known.reconnect;
  }
  return !(code >= 4500 && code <= 4999);
}

/**
 * The snake_case name of a close code, or undefined when it is not in the registry.
 * @param {number} code
 * @returns {string | undefined}
 */
export function closeCodeName(code) {
  return CLOSE_CODES[code]?.name;
}

/**
 * Stable error codes the server sends in `{"error":{"code","message"}}` (io.herald.hub.ErrorCode).
 * The last three only come from the HTTP API. One per line, like CLOSE_CODES, so tests can parse it.
 */
export const ERROR_CODES = Object.freeze([
  'bad_request',
  'not_connected',
  'already_connected',
  'unknown_channel',
  'permission_denied',
  'not_subscribed',
  'already_subscribed',
  'limit_exceeded',
  'message_too_large',
  'unauthorized',
  'unavailable',
  'internal',
  'not_found',
  'method_not_allowed',
  'unsupported_media_type',
]);

/**
 * Error codes the client itself produces (never sent by a server). They share the HeraldError.code
 * namespace with ERROR_CODES, so names never overlap.
 */
export const CLIENT_ERROR_CODES = Object.freeze({
  /** No reply arrived within the `timeout` option. */
  TIMEOUT: 'timeout',
  /** The connection closed before the reply arrived; the command may or may not have run. */
  CONNECTION_CLOSED: 'connection_closed',
  /** The client is disconnected (and not queueing), so the command was not sent. */
  DISCONNECTED: 'disconnected',
  /** The bounded publish queue is full (`maxQueuedPublishes`). */
  QUEUE_FULL: 'queue_full',
  /** The argument cannot be sent (e.g. a channel name longer than a binary frame allows). */
  INVALID_ARGUMENT: 'invalid_argument',
  /** A binary frame from the server does not follow the protocol layout. */
  BAD_FRAME: 'bad_frame',
});

/**
 * Why the client went to `connecting` or `disconnected` without a server close code. These are
 * reported as `code` in state events; they are below 1000 so they never collide with close codes.
 */
export const CLIENT_CLOSE_REASONS = Object.freeze({
  DISCONNECT_CALLED: 0,
  CONNECT_CALLED: 1,
  TRANSPORT_CLOSED: 2,
  NO_PING: 3,
  CONNECT_TIMEOUT: 4,
  OFFLINE: 5,
  SUBSCRIBE_TIMEOUT: 6,
  TOKEN_FAILED: 7,
});
