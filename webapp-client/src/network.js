/**
 * Browser `online`/`offline` events. A socket over a dead network may take minutes to fail on its
 * own, and a backoff may be sleeping when the network returns; both events let the client act now.
 * @module
 */

/**
 * @param {EventTarget | null | undefined} target usually `window`; nothing happens without one (Node)
 * @param {{ online: () => void, offline: () => void }} handlers
 * @returns {() => void} stops listening
 */
export function watchNetwork(target, handlers) {
  if (!target || typeof target.addEventListener !== 'function') {
    return () => {};
  }
  target.addEventListener('online', handlers.online);
  target.addEventListener('offline', handlers.offline);
  return () => {
    target.removeEventListener('online', handlers.online);
    target.removeEventListener('offline', handlers.offline);
  };
}

/** @returns {EventTarget | null} the page's window, when there is one */
export function defaultNetworkTarget() {
  return typeof window !== 'undefined' ? window : null;
}
