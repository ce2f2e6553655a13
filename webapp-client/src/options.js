/**
 * The client's options and states: defaults (each with its reason), the default URL, and the page
 * session's storage the transport fallback remembers its choice in.
 * @module
 */
import { HeraldError } from './errors.js';

/** @typedef {import('./herald.d.ts').HeraldOptions} HeraldOptions */

/** Client connection states. */
export const State = Object.freeze({
  DISCONNECTED: 'disconnected',
  CONNECTING: 'connecting',
  CONNECTED: 'connected',
});

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
 * The options a client runs with: {@link DEFAULTS}, overridden by every option given that is not
 * undefined (so `{ timeout: undefined }` keeps the default).
 * @param {HeraldOptions} options
 * @returns {HeraldOptions}
 */
export function withDefaults(options) {
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  return { ...DEFAULTS, ...given };
}

/** @returns {Storage | null} the page session's storage (remembers the transport that worked), when there is one */
export function sessionStore() {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null; // access denied (sandboxed frame)
  }
}
