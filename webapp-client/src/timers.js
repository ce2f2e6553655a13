/**
 * Named one-shot timers: starting one by a name replaces the one running under it, so a client never
 * has two deadlines of one kind at once.
 * @module
 */

export class NamedTimers {
  /** @type {Map<string, any>} */
  #running = new Map();

  /**
   * Runs `action` once after `delay` ms, replacing the timer of the same name.
   * @param {string} name
   * @param {number} delay
   * @param {() => void} action
   */
  start(name, delay, action) {
    this.clear(name);
    this.#running.set(name, setTimeout(() => {
      this.#running.delete(name);
      action();
    }, delay));
  }

  /** Stops the timer of that name, if one runs. @param {string} name */
  clear(name) {
    const timer = this.#running.get(name);
    if (timer !== undefined) {
      clearTimeout(timer);
      this.#running.delete(name);
    }
  }

  /** @param {string} name @returns {boolean} whether a timer of that name is waiting */
  running(name) {
    return this.#running.has(name);
  }
}
