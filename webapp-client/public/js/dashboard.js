/**
 * The dashboard demo: subscribes to the `stats` channel the server publishes every second and draws
 * live charts. The charts are seeded from the channel's history, so the page is not empty at first.
 */
import { Herald } from '../lib/herald.js';
import { $, bindConnectionState, formatBytes, formatDecimal, formatNumber, formatRate, formatTime } from './ui.js';
import { HistoryMerge } from './history-merge.js';
import { LineChart } from './line-chart.js';
import { StatsTracker } from './stats.js';

/** The server's stats channel (HubConfig statsChannel). */
const STATS_CHANNEL = 'stats';
/** Two minutes of one-second samples. */
const WINDOW_SECONDS = 120;

const tracker = new StatsTracker();
const charts = {
  connections: new LineChart($('#chart-connections'), { title: 'Connections', format: formatDecimal, seconds: WINDOW_SECONDS }),
  deliveries: new LineChart($('#chart-deliveries'), { title: 'Deliveries per second', format: formatRate, seconds: WINDOW_SECONDS }),
  heap: new LineChart($('#chart-heap'), { title: 'Heap used', format: formatBytes, seconds: WINDOW_SECONDS }),
};
const openedAt = Date.now();
let updates = 0;

const merge = new HistoryMerge((publication) => addSample(publication.data));
const herald = new Herald();
bindConnectionState(herald, $('#state'));
const subscription = herald.subscribe(STATS_CHANNEL, {
  onPublication: (publication) => {
    updates++;
    merge.live(publication);
  },
  onSubscribed: ({ recovering, recovered }) => {
    if (recovering && recovered) {
      return; // the missed samples follow through onPublication
    }
    // first subscribe, or the gap could not be recovered: reseed from history
    merge.reset();
    seedFromHistory();
  },
});
herald.connect();
addEventListener('pagehide', () => herald.disconnect());
setInterval(renderPushPanel, 1000);

async function seedFromHistory() {
  try {
    const { publications } = await subscription.history({ limit: WINDOW_SECONDS });
    merge.history(publications);
  } catch {
    merge.history([]); // no history (or not yet connected): live samples only
  }
}

function addSample(sample) {
  if (!sample || typeof sample !== 'object' || typeof sample.time !== 'number') {
    return;
  }
  const view = tracker.add(sample);
  charts.connections.set(view.time, view.connections);
  charts.deliveries.set(view.time, view.rates.deliveries);
  charts.heap.set(view.time, view.heapUsedBytes);
  scheduleRender(view);
}

/** History replays many samples at once; draw once per frame, not once per sample. */
let pendingView = null;
function scheduleRender(view) {
  if (pendingView === null) {
    requestAnimationFrame(() => {
      render(pendingView);
      pendingView = null;
    });
  }
  pendingView = view;
}

function render(view) {
  $('#connections').textContent = formatNumber(view.connections);
  $('#subscriptions').textContent = formatNumber(view.subscriptions);
  $('#channels').textContent = formatNumber(view.channels);
  $('#deliveries-rate').textContent = formatRate(view.rates.deliveries);
  $('#publications-rate').textContent = formatRate(view.rates.publications);
  $('#heap').textContent = formatBytes(view.heapUsedBytes);
  $('#updated').textContent = formatTime(view.time);
  $('#nodes').textContent = view.nodes.join(', ') || '–';
  $('#nodes-plural').hidden = view.nodes.length < 2;
  for (const chart of Object.values(charts)) {
    chart.render();
  }
  renderPushPanel();
}

function renderPushPanel() {
  $('#updates').textContent = formatNumber(updates);
  $('#polls').textContent = formatNumber(Math.floor((Date.now() - openedAt) / 1000));
}
