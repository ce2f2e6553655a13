/**
 * Turns the server's stats pushes (channel `stats`, one per node per second) into what the dashboard
 * and admin pages show: totals across nodes and per-second rates from counter differences. Pure
 * logic, no DOM: tested in Node.
 *
 * A stats sample: {node, time, connections, subscriptions, channels, messagesIn, publications,
 * deliveries, slowConsumerCloses, heapUsedBytes}; the last five are counters since the node started.
 * @module
 */

/**
 * @typedef {{ node: string, time: number, connections: number, subscriptions: number, channels: number,
 *   messagesIn: number, publications: number, deliveries: number, slowConsumerCloses: number,
 *   heapUsedBytes: number }} StatsSample
 */

/** Counters whose per-second rate is shown. */
export const RATE_FIELDS = Object.freeze(['deliveries', 'publications', 'messagesIn']);

/** A node silent this long (ms of its own clock) no longer counts: it left or died. */
const NODE_STALE_MS = 5000;

/**
 * Per-second rate of a counter between two samples of one node; null when it cannot be told (no
 * time passed, or the counter went backwards because the node restarted).
 * @param {StatsSample} previous
 * @param {StatsSample} next
 * @param {string} field
 * @returns {number | null}
 */
export function rate(previous, next, field) {
  const seconds = (next.time - previous.time) / 1000;
  const delta = next[field] - previous[field];
  if (!(seconds > 0) || !(delta >= 0)) {
    return null;
  }
  return delta / seconds;
}

export class StatsTracker {
  /** @type {Map<string, { sample: StatsSample, rates: Record<string, number | null> }>} */
  #nodes = new Map();

  /**
   * Adds one sample and returns the cluster view after it.
   * @param {StatsSample} sample
   * @returns {{ time: number, nodes: string[], connections: number, subscriptions: number,
   *   channels: number, heapUsedBytes: number, publications: number, deliveries: number,
   *   slowConsumerCloses: number, rates: Record<string, number | null> }}
   */
  add(sample) {
    const previous = this.#nodes.get(sample.node);
    if (previous && sample.time <= previous.sample.time) {
      return this.view(); // a replayed or out-of-order sample adds nothing
    }
    const rates = {};
    for (const field of RATE_FIELDS) {
      rates[field] = previous ? rate(previous.sample, sample, field) : null;
    }
    this.#nodes.set(sample.node, { sample, rates });
    this.#forgetStale(sample.time);
    return this.view();
  }

  /** The current totals over all live nodes. */
  view() {
    const entries = [...this.#nodes.values()];
    const sum = (field) => entries.reduce((total, e) => total + (e.sample[field] ?? 0), 0);
    const rates = {};
    for (const field of RATE_FIELDS) {
      const known = entries.map((e) => e.rates[field]).filter((r) => r !== null);
      rates[field] = known.length ? known.reduce((a, b) => a + b, 0) : null;
    }
    return {
      time: Math.max(0, ...entries.map((e) => e.sample.time)),
      nodes: [...this.#nodes.keys()],
      connections: sum('connections'),
      // the channel count is per node; nodes share channels, so the largest is the best estimate
      channels: Math.max(0, ...entries.map((e) => e.sample.channels ?? 0)),
      subscriptions: sum('subscriptions'),
      heapUsedBytes: sum('heapUsedBytes'),
      publications: sum('publications'),
      deliveries: sum('deliveries'),
      slowConsumerCloses: sum('slowConsumerCloses'),
      rates,
    };
  }

  #forgetStale(now) {
    for (const [node, entry] of this.#nodes) {
      if (now - entry.sample.time > NODE_STALE_MS) {
        this.#nodes.delete(node);
      }
    }
  }
}
