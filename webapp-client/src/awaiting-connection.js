/**
 * Work that waits for a connection: publishes queued while the client is not connected (bounded, by
 * the `queueWhileDisconnected` and `maxQueuedPublishes` options), and requests (presence, history,
 * rpc, ping) waiting, each for at most its timeout, while the client connects. On connect the
 * publishes go out in the order they were made; when the client gives up, all of it is rejected.
 * @module
 */
import { HeraldError } from './errors.js';

/** @typedef {import('./herald.d.ts').StreamPosition} StreamPosition */

export class AwaitingConnection {
  /** @type {{ channel: string, data: unknown, resolve: (position: StreamPosition) => void, reject: (error: Error) => void }[]} */
  #publishes = [];
  /** @type {Set<{ resolve: () => void, reject: (error: Error) => void }>} */
  #waiters = new Set();
  #maxPublishes;

  /** @param {number} maxPublishes how many publishes may wait at once */
  constructor(maxPublishes) {
    this.#maxPublishes = maxPublishes;
  }

  /** @returns {number} publishes waiting for a connection */
  get publishes() {
    return this.#publishes.length;
  }

  /**
   * Queues a publish until {@link connected}.
   * @param {string} channel
   * @param {unknown} data
   * @returns {Promise<StreamPosition>} settled by the publish's reply once sent; rejected with
   *   `queue_full` at once when `maxPublishes` already wait
   */
  queuePublish(channel, data) {
    if (this.#publishes.length >= this.#maxPublishes) {
      return Promise.reject(new HeraldError('queue_full',
        `${this.#publishes.length} publishes already wait for a connection`));
    }
    return new Promise((resolve, reject) => this.#publishes.push({ channel, data, resolve, reject }));
  }

  /**
   * @param {number} timeout ms
   * @returns {Promise<void>} resolved on {@link connected}; rejected with `timeout` after `timeout` ms,
   *   or with the error of {@link failAll}
   */
  waitForConnection(timeout) {
    return new Promise((resolve, reject) => {
      let timer;
      const settle = (fn, value) => {
        this.#waiters.delete(waiter);
        clearTimeout(timer);
        fn(value);
      };
      const waiter = { resolve: () => settle(resolve), reject: (error) => settle(reject, error) };
      timer = setTimeout(() => waiter.reject(new HeraldError('timeout', `not connected within ${timeout} ms`)), timeout);
      this.#waiters.add(waiter);
    });
  }

  /**
   * The client connected: sends every queued publish through `publishNow`, then lets the waiting
   * requests go.
   * @param {(channel: string, data: unknown) => Promise<StreamPosition>} publishNow
   */
  connected(publishNow) {
    for (const queued of this.#publishes.splice(0)) {
      publishNow(queued.channel, queued.data).then(queued.resolve, queued.reject);
    }
    for (const waiter of [...this.#waiters]) {
      waiter.resolve();
    }
  }

  /** The client stopped: every queued publish and waiting request is rejected with `error`. @param {Error} error */
  failAll(error) {
    for (const queued of this.#publishes.splice(0)) {
      queued.reject(error);
    }
    for (const waiter of [...this.#waiters]) {
      waiter.reject(error);
    }
  }
}
