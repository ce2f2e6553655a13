/**
 * What arrives on a connection, sorted: replies settle their command (requests.js), publications and
 * presence events go to the subscription that owns their channel (subscription-registry.js), and the
 * server's own pushes (`ping`, `disconnect`) and unreadable frames go to the client. A text frame may
 * hold several messages, one per line; a binary frame is one publication (docs/protocol.md).
 * @module
 */
import { HeraldError } from './errors.js';
import { parsePublicationFrame, parseTextFrame, toPublication } from './frames.js';

/**
 * What the client does with what is not a subscription's business (a frame that does not parse
 * reports the parser's error, usually a `bad_frame` HeraldError).
 * @typedef {{ error(type: 'parse' | 'server', error: HeraldError): void, ping(): void,
 *   disconnectNotice(notice: { code: number, reason: string, reconnect?: boolean }): void }} ClientPushes
 */

export class IncomingFrames {
  #requests;
  #subscriptions;
  #client;

  /**
   * @param {import('./requests.js').Requests} requests commands in flight
   * @param {import('./subscription-registry.js').SubscriptionRegistry} subscriptions
   * @param {ClientPushes} client
   */
  constructor(requests, subscriptions, client) {
    this.#requests = requests;
    this.#subscriptions = subscriptions;
    this.#client = client;
  }

  /** @param {string | ArrayBuffer | ArrayBufferView} data one frame as the transport received it */
  receive(data) {
    if (typeof data !== 'string') {
      this.#binary(data);
      return;
    }
    const messages = parseTextFrame(data, (line, cause) => this.#client.error('parse',
      new HeraldError('bad_frame', `unparsable line: ${line.slice(0, 80)}`, { cause })));
    for (const message of messages) {
      this.#dispatch(message);
    }
  }

  #binary(data) {
    try {
      this.#subscriptions.publication(parsePublicationFrame(data));
    } catch (error) {
      this.#client.error('parse', /** @type {HeraldError} */ (error));
    }
  }

  #dispatch(message) {
    if (typeof message.id === 'number' && message.id > 0) {
      this.#requests.settle(message);
      return;
    }
    if (message.error) {
      this.#client.error('server', HeraldError.fromWire(message.error));
      return;
    }
    switch (message.type) {
      case 'pub':
        this.#subscriptions.publication(toPublication(message));
        break;
      case 'join':
      case 'leave':
        this.#subscriptions.presence(message.type, message.channel, message.info);
        break;
      case 'subscribed':
        this.#subscriptions.grant(message);
        break;
      case 'ping':
        this.#client.ping();
        break;
      case 'disconnect':
        this.#client.disconnectNotice({ code: message.code, reason: message.reason, reconnect: message.reconnect });
        break;
      default:
        break; // unknown pushes are ignored, so a newer v1 server may add types
    }
  }
}
