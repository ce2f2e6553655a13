/**
 * Reconnect delay with exponential growth and "full jitter"
 * (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/), as centrifuge-js does:
 * a random delay in [min, min + min(max, min * 2^attempt)], capped at max. The jitter spreads the
 * reconnects of thousands of pages after a server restart instead of letting them arrive in waves;
 * the `min` floor keeps even the first retry from hammering a server that just refused us.
 * @module
 */

/** 2^31 * min already exceeds any sane max; capping the exponent keeps the arithmetic finite. */
const MAX_EXPONENT = 31;

/**
 * @param {number} attempt 0 for the first retry after a failure
 * @param {number} min smallest delay in ms
 * @param {number} max largest delay in ms
 * @param {() => number} [random] source of [0, 1) values (tests pass a fixed one)
 * @returns {number} delay in ms, in [min, max]
 */
export function backoff(attempt, min, max, random = Math.random) {
  const exponent = Math.min(Math.max(attempt, 0), MAX_EXPONENT);
  const window = Math.min(max, min * 2 ** exponent);
  return Math.min(max, min + Math.floor(random() * (window + 1)));
}
