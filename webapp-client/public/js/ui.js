/**
 * Small helpers shared by the demo pages: DOM building, the connection-state badge, storage that
 * survives browsers that refuse it, the HTTP API wrapper and number formatting. No framework.
 * @module
 */

/**
 * @param {string} selector
 * @param {ParentNode} [root]
 * @returns {any} the first match (pages only ask for elements they contain)
 */
export const $ = (selector, root = document) => root.querySelector(selector);

/**
 * Builds an element. Text goes in as text nodes, never as HTML, so user data cannot inject markup.
 * @param {string} tag
 * @param {Record<string, string | boolean | undefined>} [attributes] `class`, `data-*`, `aria-*`, ...
 * @param {...(Node | string | null | undefined)} children
 * @returns {HTMLElement}
 */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === true) {
      element.setAttribute(name, '');
    } else if (value !== undefined && value !== false) {
      element.setAttribute(name, value);
    }
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      element.append(child);
    }
  }
  return element;
}

/**
 * The label a page shows for a connection state: `connecting` after a first successful connect is
 * shown as `reconnecting`, because that is what the user experiences.
 * @param {string} state the client state
 * @param {boolean} wasConnected whether the client has been connected before
 * @returns {'connecting' | 'reconnecting' | 'connected' | 'disconnected'}
 */
export function stateLabel(state, wasConnected) {
  if (state === 'connecting' && wasConnected) {
    return 'reconnecting';
  }
  return /** @type {'connecting' | 'connected' | 'disconnected'} */ (state);
}

/**
 * Keeps a badge element showing the client's state in its text and `data-state` attribute.
 * @param {import('../lib/herald.js').Herald} herald
 * @param {HTMLElement} element
 * @returns {() => void} stops updating
 */
export function bindConnectionState(herald, element) {
  let wasConnected = herald.state === 'connected';
  const show = (state, detail = '') => {
    const label = stateLabel(state, wasConnected);
    element.dataset.state = label;
    element.textContent = detail ? `${label} (${detail})` : label;
  };
  const onState = ({ newState }) => {
    if (newState === 'connected') {
      wasConnected = true;
    }
    show(newState);
  };
  const onDisconnected = ({ code, reason }) => {
    wasConnected = false;
    show('disconnected', code === 0 ? '' : reason || String(code));
  };
  herald.on('state', onState);
  herald.on('disconnected', onDisconnected);
  show(herald.state);
  return () => {
    herald.off('state', onState);
    herald.off('disconnected', onDisconnected);
  };
}

/**
 * Web storage that never throws: Safari in private mode and locked-down browsers refuse it, and a
 * demo page should then simply not remember things.
 */
export const storage = {
  /** @param {'local' | 'session'} area @param {string} key @returns {string | null} */
  get(area, key) {
    try {
      return globalThis[`${area}Storage`].getItem(key);
    } catch {
      return null;
    }
  },
  /** @param {'local' | 'session'} area @param {string} key @param {string} value */
  set(area, key, value) {
    try {
      globalThis[`${area}Storage`].setItem(key, value);
    } catch {
      // not remembered; nothing else to do
    }
  },
  /** @param {'local' | 'session'} area @param {string} key */
  remove(area, key) {
    try {
      globalThis[`${area}Storage`].removeItem(key);
    } catch {
      // nothing stored
    }
  },
};

/** An HTTP API error: `{"error":{"code","message"}}` plus the status. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/**
 * Calls the HTTP API at `api/<path>`, relative to the page, so it works under any context path.
 * @param {string} path e.g. 'channels'
 * @param {{ method?: string, body?: unknown, apiKey?: string | null, signal?: AbortSignal }} [options]
 * @returns {Promise<any>} the parsed JSON body
 * @throws {ApiError}
 */
export async function api(path, { method = 'GET', body, apiKey, signal } = {}) {
  const headers = { Accept: 'application/json' };
  if (apiKey) {
    headers.Authorization = `Bearer ${apiKey}`;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(`api/${path}`, {
      method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(0, 'network_error', `cannot reach the server: ${error.message}`);
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: reported below
  }
  if (!response.ok) {
    const error = json?.error;
    throw new ApiError(response.status, error?.code ?? `http_${response.status}`,
      error?.message ?? (response.statusText || `HTTP ${response.status}`));
  }
  if (json === null) {
    throw new ApiError(response.status, 'bad_response', 'the server did not answer with JSON');
  }
  return json;
}

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/** @param {number | null | undefined} n @returns {string} */
export function formatNumber(n) {
  return typeof n === 'number' && Number.isFinite(n) ? integer.format(n) : '–';
}

/** @param {number | null | undefined} n @returns {string} with at most one decimal (chart axes) */
export function formatDecimal(n) {
  return typeof n === 'number' && Number.isFinite(n) ? decimal.format(n) : '–';
}

/** @param {number | null | undefined} n per second @returns {string} */
export function formatRate(n) {
  return typeof n === 'number' && Number.isFinite(n) ? `${decimal.format(n)}/s` : '–';
}

/** @param {number | null | undefined} bytes @returns {string} */
export function formatBytes(bytes) {
  if (typeof bytes !== 'number' || !Number.isFinite(bytes)) {
    return '–';
  }
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${decimal.format(value)} ${units[unit]}`;
}

/** @param {number} time epoch ms @returns {string} local wall-clock time */
export function formatTime(time) {
  return new Date(time).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
