/**
 * The transports a client can use, by name, and which of them this environment supports.
 * @module
 */
import { Transport } from '../transport.js';
import { HttpStreamTransport, httpStreamAvailable } from './http-stream.js';
import { SseTransport, sseAvailable } from './sse.js';

export { TransportChooser, TRANSPORTS } from './fallback.js';

/**
 * The transports to try: `options.transports`, or all three in a browser and only `websocket`
 * elsewhere (Node: pass `transports`, `fetch` and `EventSource` to use the others); minus those this
 * environment cannot run.
 * @returns {string[]}
 */
export function usableTransports(options) {
  const wanted = options.transports ?? (typeof window !== 'undefined' ? ['websocket', 'http_stream', 'sse'] : ['websocket']);
  return wanted.filter((name) => (name === 'websocket'
    || (name === 'http_stream' && httpStreamAvailable(options))
    || (name === 'sse' && sseAvailable(options))));
}

/**
 * What every transport offers the client (the WebSocket wrapper's interface).
 * @typedef {Transport | HttpStreamTransport | SseTransport} AnyTransport
 */

/**
 * Opens a transport; all of them have the WebSocket wrapper's interface (readyState, bufferedAmount,
 * send, close) and call the same handlers.
 */
/**
 * @param {string} name
 * @param {string} url
 * @param {object} options
 * @param {{ onOpen: () => void, onMessage: (data: string | ArrayBuffer) => void,
 *           onClose: (code: number, reason: string) => void }} handlers
 * @returns {AnyTransport}
 */
export function openTransport(name, url, options, handlers) {
  switch (name) {
    case 'http_stream':
      return new HttpStreamTransport(url, options, handlers);
    case 'sse':
      return new SseTransport(url, options, handlers);
    default:
      return new Transport(options.WebSocket ?? globalThis.WebSocket, url, handlers);
  }
}
