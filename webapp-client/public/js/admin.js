/**
 * The admin demo: node counters and channels, kept live by the server's `stats` push (each push also
 * re-fetches GET api/channels and api/info), and a form that publishes through POST api/publish.
 *
 * Every API call needs the key (docs/http-api.md). The page makes none without one, and stops its
 * automatic refreshes after the server refused the key, so a wrong key costs one 401, not one per
 * second. The key lives in sessionStorage: it survives reloads of this tab and nothing else.
 */
import { Herald } from '../lib/herald.js';
import { $, el, api, bindConnectionState, storage, formatNumber, formatRate, formatTime } from './ui.js';
import { StatsTracker } from './stats.js';

const KEY_STORAGE = 'herald.admin.apiKey';
const STATS_CHANNEL = 'stats';

let apiKey = storage.get('session', KEY_STORAGE);
/** Set when the server answered 401 for the current key; cleared when another key is entered. */
let keyRefused = false;
const tracker = new StatsTracker();

function init() {
  $('#api-key').value = apiKey ?? '';
  $('#api-key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    useKey($('#api-key').value.trim() || null);
  });
  $('#api-key-clear').addEventListener('click', () => {
    useKey(null);
    $('#api-key').value = '';
    $('#api-key').focus();
  });
  $('#publish-form').addEventListener('submit', (event) => {
    event.preventDefault();
    publish();
  });

  const herald = new Herald();
  bindConnectionState(herald, $('#state'));
  herald.subscribe(STATS_CHANNEL, {
    onPublication: ({ data }) => {
      if (data && typeof data.time === 'number') {
        renderCounters(tracker.add(data));
        refresh();
      }
    },
  });
  herald.connect();
  addEventListener('pagehide', () => herald.disconnect());
  useKey(apiKey);
}

function useKey(key) {
  apiKey = key;
  keyRefused = false;
  if (key) {
    storage.set('session', KEY_STORAGE, key);
    setStatus('#api-status', 'Checking the key…', 'info');
    refresh();
  } else {
    storage.remove('session', KEY_STORAGE);
    setStatus('#api-status', 'Enter the API key to see channels and to publish.', 'info');
  }
}

/** One request of each kind at a time: a slow server must not pile up requests, one per push. */
const inFlight = new Set();

function refresh() {
  if (!apiKey || keyRefused) {
    return;
  }
  fetchOnce('channels', ({ channels }) => renderChannels(channels ?? {}));
  fetchOnce('info', renderInfo);
}

async function fetchOnce(path, render) {
  if (inFlight.has(path)) {
    return;
  }
  inFlight.add(path);
  try {
    render(await api(path, { apiKey }));
    setStatus('#api-status', 'Key accepted.', 'ok');
  } catch (error) {
    reportApiError(error);
  } finally {
    inFlight.delete(path);
  }
}

async function publish() {
  const typedKey = $('#api-key').value.trim() || null;
  if (typedKey !== apiKey) {
    useKey(typedKey); // typed a key but went straight to publishing
  }
  const channel = $('#publish-channel').value.trim();
  let data;
  try {
    data = JSON.parse($('#publish-data').value);
  } catch (error) {
    setStatus('#publish-result', `Data is not valid JSON: ${error.message}`, 'error');
    $('#publish-data').focus();
    return;
  }
  if (!apiKey) {
    setStatus('#publish-result', 'Enter the API key first.', 'error');
    $('#api-key').focus();
    return;
  }
  const button = $('#publish-button');
  button.disabled = true;
  try {
    const { offset, epoch } = await api('publish', { method: 'POST', body: { channel, data }, apiKey });
    setStatus('#publish-result', `Published to ${channel}: offset ${offset}${epoch ? `, epoch ${epoch}` : ''}.`, 'ok');
  } catch (error) {
    setStatus('#publish-result', `Not published: ${error.message} (${error.code})`, 'error');
    if (error.status === 401) {
      reportApiError(error);
    }
  } finally {
    button.disabled = false;
  }
}

/** Counters from the stats push (summed over nodes) or, before the first push, from api/info. */
function renderCounters(view) {
  $('#connections').textContent = formatNumber(view.connections);
  $('#subscriptions').textContent = formatNumber(view.subscriptions);
  $('#channels-count').textContent = formatNumber(view.channels);
  $('#publications').textContent = formatNumber(view.publications);
  $('#deliveries').textContent = formatNumber(view.deliveries);
  $('#rate-publications').textContent = formatRate(view.rates?.publications);
  $('#rate-deliveries').textContent = formatRate(view.rates?.deliveries);
  $('#rate-messages-in').textContent = formatRate(view.rates?.messagesIn);
  $('#node').textContent = view.nodes?.join(', ') || '–';
  $('#updated').textContent = formatTime(view.time);
}

function renderInfo(info) {
  $('#version').textContent = info.version ?? '–';
  $('#uptime').textContent = typeof info.uptimeMillis === 'number' ? formatDuration(info.uptimeMillis) : '–';
  $('#broker').textContent = info.brokerReady === false ? 'unreachable' : 'ready';
  $('#errors').textContent = formatNumber(info.errors);
  if (tracker.view().nodes.length === 0) {
    renderCounters({ ...info, nodes: info.node ? [info.node] : [], rates: {}, time: Date.now() });
  }
}

function renderChannels(channels) {
  const rows = Object.entries(channels)
    .sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b))
    .map(([name, count]) => el('tr', { 'data-channel': name, 'data-testid': 'channel-row' },
      el('td', { class: 'mono' }, name),
      el('td', { class: 'number' }, formatNumber(count))));
  $('#channels-body').replaceChildren(...rows);
  $('#channels-empty').hidden = rows.length > 0;
}

function reportApiError(error) {
  if (error.status === 401) {
    keyRefused = true;
    setStatus('#api-status', `The server refused this key: ${error.message}. Enter a valid one.`, 'error');
  } else {
    setStatus('#api-status', `${error.message} (${error.code})`, 'error');
  }
}

function setStatus(selector, text, status) {
  const node = $(selector);
  node.textContent = text;
  node.dataset.status = status;
}

/** @param {number} ms @returns {string} e.g. "3 d 4 h", "5 min", "42 s" */
function formatDuration(ms) {
  const s = Math.floor(ms / 1000);
  if (s < 60) {
    return `${s} s`;
  }
  if (s < 3600) {
    return `${Math.floor(s / 60)} min`;
  }
  if (s < 86400) {
    return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  }
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}

init();
