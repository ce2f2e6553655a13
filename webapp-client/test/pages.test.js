// The pure parts of the demo pages (public/js): history merging, stats rates, chart geometry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HistoryMerge } from '../public/js/history-merge.js';
import { StatsTracker, rate } from '../public/js/stats.js';
import { niceMax, linePath, areaPath, segments } from '../public/js/line-chart.js';
import { stateLabel, formatBytes, formatRate } from '../public/js/ui.js';

const pub = (offset) => ({ offset, data: offset });

test('live publications wait for history, then follow it without duplicates, in order', () => {
  const out = [];
  const merge = new HistoryMerge((p) => out.push(p.offset));
  merge.live(pub(6));
  merge.live(pub(5));
  assert.deepEqual(out, []);
  merge.history([pub(3), pub(4), pub(5)]);
  merge.live(pub(7));
  merge.live(pub(7));
  assert.deepEqual(out, [3, 4, 5, 6, 7]);
  assert.ok(merge.loaded);
});

test('after reset the merge waits for history again', () => {
  const out = [];
  const merge = new HistoryMerge((p) => out.push(p.offset));
  merge.history([pub(1)]);
  merge.reset();
  merge.live(pub(1));
  assert.deepEqual(out, [1]);
  merge.history([pub(1)]);
  assert.deepEqual(out, [1, 1], 'a reloaded stream starts over');
});

test('publications without offsets (no stream) all pass', () => {
  const out = [];
  const merge = new HistoryMerge((p) => out.push(p.data));
  merge.history([]);
  merge.live({ offset: 0, data: 'a' });
  merge.live({ offset: 0, data: 'b' });
  assert.deepEqual(out, ['a', 'b']);
});

const sample = (node, time, extra = {}) => ({
  node, time, connections: 1, subscriptions: 2, channels: 3, messagesIn: 0, publications: 0,
  deliveries: 0, slowConsumerCloses: 0, heapUsedBytes: 100, ...extra,
});

test('rates come from counter differences over the time between samples', () => {
  assert.equal(rate(sample('a', 1000, { deliveries: 10 }), sample('a', 3000, { deliveries: 30 }), 'deliveries'), 10);
  assert.equal(rate(sample('a', 1000), sample('a', 1000), 'deliveries'), null, 'no time passed');
  assert.equal(rate(sample('a', 1000, { deliveries: 50 }), sample('a', 2000, { deliveries: 1 }), 'deliveries'), null,
    'a restarted node resets its counters');
});

test('the tracker sums nodes and their rates, and forgets silent nodes', () => {
  const tracker = new StatsTracker();
  tracker.add(sample('a', 1000, { deliveries: 0, connections: 5 }));
  let view = tracker.add(sample('b', 1000, { deliveries: 0, connections: 7 }));
  assert.equal(view.connections, 12);
  assert.equal(view.rates.deliveries, null, 'one sample per node: no rate yet');
  tracker.add(sample('a', 2000, { deliveries: 100, connections: 5 }));
  view = tracker.add(sample('b', 2000, { deliveries: 50, connections: 7 }));
  assert.equal(view.rates.deliveries, 150);
  assert.deepEqual(view.nodes, ['a', 'b']);
  view = tracker.add(sample('a', 9000, { deliveries: 200, connections: 5 }));
  assert.deepEqual(view.nodes, ['a'], 'b said nothing for 7 s');
  assert.equal(view.connections, 5);
});

test('a replayed sample changes nothing', () => {
  const tracker = new StatsTracker();
  tracker.add(sample('a', 1000, { deliveries: 0 }));
  const before = tracker.add(sample('a', 2000, { deliveries: 10 }));
  const after = tracker.add(sample('a', 1500, { deliveries: 5 }));
  assert.deepEqual(after, before);
});

test('chart scales round up to 1, 2 or 5 times a power of ten', () => {
  assert.equal(niceMax(0), 1);
  assert.equal(niceMax(-4), 1);
  assert.equal(niceMax(1), 1);
  assert.equal(niceMax(1.2), 2);
  assert.equal(niceMax(3), 5);
  assert.equal(niceMax(7), 10);
  assert.equal(niceMax(120), 200);
  assert.equal(niceMax(0.03), 0.05);
});

const box = { x: 0, y: 0, width: 100, height: 50, tMin: 0, tMax: 10_000, vMax: 10 };

test('the line maps time left to right and values bottom to top', () => {
  assert.equal(linePath([{ t: 0, v: 0 }, { t: 5000, v: 5 }, { t: 10_000, v: 10 }], box), 'M0.0 50.0 L50.0 25.0 L100.0 0.0');
  assert.equal(linePath([], box), '');
  assert.equal(linePath([{ t: 0, v: 99 }], box), 'M0.0 0.0', 'values above the scale are clamped');
});

test('gaps in a series break the line and the area', () => {
  const points = [{ t: 0, v: 1 }, { t: 1000, v: 1 }, { t: 8000, v: 1 }, { t: 9000, v: 1 }];
  assert.deepEqual(segments(points, 3000).map((s) => s.length), [2, 2]);
  assert.equal(linePath(points, box, 3000).match(/M/g).length, 2);
  assert.equal(areaPath(points, box, 3000).match(/Z/g).length, 2);
  assert.equal(linePath(points, box).match(/M/g).length, 1, 'no gap limit: one line');
});

test('a connecting client that was connected before shows as reconnecting', () => {
  assert.equal(stateLabel('connecting', false), 'connecting');
  assert.equal(stateLabel('connecting', true), 'reconnecting');
  assert.equal(stateLabel('connected', true), 'connected');
  assert.equal(stateLabel('disconnected', true), 'disconnected');
});

test('formatters handle units and missing values', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.match(formatBytes(1536), /^1[.,]5 KiB$/);
  assert.equal(formatBytes(50 * 1024 * 1024), '50 MiB');
  assert.equal(formatBytes(undefined), '–');
  assert.equal(formatRate(null), '–');
});
