/**
 * Commands in flight: id allocation, reply matching and per-command deadlines. Replies settle
 * synchronous callbacks rather than promises because a subscribe reply must take effect before the
 * pushes that follow it in the same frame are dispatched.
 * @module
 */
import { HeraldError } from './errors.js';

/**
 * @typedef {{ onResult: (result: object) => void, onError: (error: HeraldError) => void }} ReplyHandlers
 */

export class Requests {
  #nextId = 1;
  /** @type {Map<number, ReplyHandlers & { timer: any }>} */
  #pending = new Map();

  /** @returns {number} commands waiting for a reply */
  get size() {
    return this.#pending.size;
  }

  /**
   * Registers a command about to be sent.
   * @param {string} type command type, for the timeout message
   * @param {ReplyHandlers} handlers
   * @param {number} timeout ms until onError(`timeout`); 0 = no deadline
   * @returns {number} the command id to send
   */
  add(type, handlers, timeout) {
    const id = this.#nextId++;
    const entry = { ...handlers, timer: null };
    if (timeout > 0) {
      entry.timer = setTimeout(() => {
        this.#pending.delete(id);
        handlers.onError(new HeraldError('timeout', `no reply to ${type} within ${timeout} ms`));
      }, timeout);
    }
    this.#pending.set(id, entry);
    return id;
  }

  /**
   * Settles the command a reply answers.
   * @param {{ id: number, result?: object, error?: { code: string, message: string } }} reply
   * @returns {boolean} false when no command waits for this id (it timed out already)
   */
  settle(reply) {
    const entry = this.#take(reply.id);
    if (!entry) {
      return false;
    }
    if (reply.error) {
      entry.onError(HeraldError.fromWire(reply.error));
    } else {
      entry.onResult(reply.result ?? {});
    }
    return true;
  }

  /**
   * Fails one command (e.g. it could not be sent).
   * @param {number} id
   * @param {HeraldError} error
   */
  fail(id, error) {
    this.#take(id)?.onError(error);
  }

  /**
   * Fails every waiting command, e.g. when the connection drops: their replies can no longer come.
   * @param {HeraldError} error
   */
  failAll(error) {
    const entries = [...this.#pending.values()];
    this.#pending.clear();
    for (const entry of entries) {
      clearTimeout(entry.timer);
      entry.onError(error);
    }
  }

  #take(id) {
    const entry = this.#pending.get(id);
    if (entry) {
      this.#pending.delete(id);
      clearTimeout(entry.timer);
    }
    return entry;
  }
}
