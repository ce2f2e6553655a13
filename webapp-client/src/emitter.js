/**
 * A tiny event emitter. A listener that throws does not stop the others or the client: the error is
 * reported like an uncaught DOM event handler error (globalThis.reportError where there is one, else
 * rethrown from a microtask), so a page bug cannot corrupt the client's state machine half-way through
 * a transition.
 * @module
 */
export class Emitter {
  /** @type {Map<string, Set<Function>>} */
  #listeners = new Map();

  /**
   * Adds a listener.
   * @param {string} event
   * @param {Function} listener
   * @returns {this}
   */
  on(event, listener) {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener);
    return this;
  }

  /**
   * Removes a listener; without a listener, removes every listener of the event.
   * @param {string} event
   * @param {Function} [listener]
   * @returns {this}
   */
  off(event, listener) {
    if (listener === undefined) {
      this.#listeners.delete(event);
    } else {
      this.#listeners.get(event)?.delete(listener);
    }
    return this;
  }

  /**
   * Adds a listener that is removed after its first call.
   * @param {string} event
   * @param {Function} listener
   * @returns {this}
   */
  once(event, listener) {
    const wrapper = (ctx) => {
      this.off(event, wrapper);
      listener(ctx);
    };
    return this.on(event, wrapper);
  }

  /**
   * Calls every listener of `event` with `ctx`.
   * @param {string} event
   * @param {*} [ctx]
   * @returns {boolean} whether any listener was called
   * @internal
   */
  emit(event, ctx) {
    const set = this.#listeners.get(event);
    if (!set || set.size === 0) {
      return false;
    }
    for (const listener of [...set]) {
      try {
        listener(ctx);
      } catch (error) {
        reportListenerError(error);
      }
    }
    return true;
  }
}

/** @param {unknown} error */
function reportListenerError(error) {
  if (typeof globalThis.reportError === 'function') {
    globalThis.reportError(error);
  } else {
    queueMicrotask(() => {
      throw error;
    });
  }
}
