/**
 * The admin demo: node stats and channels, kept live by the server's `stats` push (each push also
 * triggers a re-fetch of GET api/channels), and a form that publishes through POST api/publish.
 * The API key lives in sessionStorage: it survives reloads of this tab and nothing else.
 */
import { Herald } from '../lib/herald.js';
import { $, el, api, bindConnectionState, storage, formatNumber, formatRate, formatTime } from './ui.js';
import { StatsTracker } from './stats.js';

const KEY_STORAGE = 'herald.admin.apiKey';
const STATS_CHANNEL = 'stats';

let apiKey = storage.get('session', KEY_STORAGE);
const tracker = new StatsTracker();

function init() {
  $('#api-key').value = apiKey ?? '';
  $('#api-key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    apiKey = $('#api-key').value.trim() || null;
    if (apiKey) {
      storage.set('session', KEY_STORAGE, apiKey);
    } else {
      storage.remove('session', KEY_STORAGE);
    }
    refreshAll();
  });
  $('#api-key-clear').addEventListener('click', () => {
    apiKey = null;
    storage.remove('session', KEY_STORAGE);
    $('#api-key').value = '';
    setStatus('#api-status', 'Key forgotten.', 'ok');
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
        renderStats(tracker.add(data));
        refreshChannels();
      }
    },
  });
  herald.connect();
  addEventListener('pagehide', () => herald.disconnect());
  refreshAll();
}

async function refreshAll() {
  await Promise.all([refreshInfo(), refreshChannels()]);
}

async function refreshInfo() {
  try {
    const info = await api('info', { apiKey });
    renderStats({
      ...info,
      nodes: info.node ? [info.node] : [],
      rates: tracker.view().rates,
      time: Date.now(),
    });
    setStatus('#api-status', apiKey ? 'Key saved for this tab.' : '', 'ok');
  } catch (error) {
    reportApiError(error);
  }
}

/** One request at a time: a slow server must not pile up a request per stats push. */
let channelsInFlight = false;
async function refreshChannels() {
  if (channelsInFlight) {
    return;
  }
  channelsInFlight = true;
  try {
    const { channels } = await api('channels', { apiKey });
    renderChannels(channels ?? {});
  } catch (error) {
    reportApiError(error);
  } finally {
    channelsInFlight = false;
  }
}

async function publish() {
  const channel = $('#publish-channel').value.trim();
  let data;
  try {
    data = JSON.parse($('#publish-data').value);
  } catch (error) {
    setStatus('#publish-result', `Data is not valid JSON: ${error.message}`, 'error');
    $('#publish-data').focus();
    return;
  }
  const button = $('#publish-button');
  button.disabled = true;
  try {
    const { offset, epoch } = await api('publish', { method: 'POST', body: { channel, data }, apiKey });
    setStatus('#publish-result', `Published to ${channel}: offset ${offset}${epoch ? `, epoch ${epoch}` : ''}.`, 'ok');
  } catch (error) {
    setStatus('#publish-result', `Not published: ${error.message} (${error.code})`, 'error');
  } finally {
    button.disabled = false;
  }
}

function renderStats(view) {
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
  const hint = error.status === 401 || error.status === 403 ? ' Enter a valid API key above.' : '';
  setStatus('#api-status', `${error.message} (${error.code}).${hint}`, 'error');
}

function setStatus(selector, text, status) {
  const node = $(selector);
  node.textContent = text;
  node.dataset.status = status;
}

init();
