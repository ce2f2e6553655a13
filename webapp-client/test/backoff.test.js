import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoff } from '../src/backoff.js';

const MIN = 500;
const MAX = 20000;

test('with no jitter drawn the delay is the minimum', () => {
  for (let attempt = 0; attempt < 40; attempt++) {
    assert.equal(backoff(attempt, MIN, MAX, () => 0), MIN);
  }
});

test('the largest delay doubles per attempt until it reaches the maximum', () => {
  const top = (attempt) => backoff(attempt, MIN, MAX, () => 0.999999999);
  assert.equal(top(0), MIN + MIN);
  assert.equal(top(1), MIN + 2 * MIN);
  assert.equal(top(2), MIN + 4 * MIN);
  assert.equal(top(5), MIN + 32 * MIN);
  assert.equal(top(6), MAX);
});

test('every delay lies within the full-jitter window [min, min + min(max, min * 2^attempt)] capped at max', () => {
  let seed = 42;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let attempt = 0; attempt < 40; attempt++) {
    const upper = Math.min(MAX, MIN + Math.min(MAX, MIN * 2 ** Math.min(attempt, 31)));
    for (let i = 0; i < 200; i++) {
      const delay = backoff(attempt, MIN, MAX, random);
      assert.ok(delay >= MIN && delay <= upper, `attempt ${attempt}: ${delay} not in [${MIN}, ${upper}]`);
      assert.ok(Number.isInteger(delay));
    }
  }
});

test('delays are spread across the window, not clustered at one end (full jitter)', () => {
  const delays = Array.from({ length: 2000 }, () => backoff(3, MIN, MAX));
  const window = MIN * 2 ** 3;
  const lowHalf = delays.filter((d) => d < MIN + window / 2).length;
  assert.ok(lowHalf > 800 && lowHalf < 1200, `${lowHalf} of 2000 in the lower half`);
});

test('huge attempt numbers stay finite and capped', () => {
  assert.equal(backoff(10_000, MIN, MAX, () => 0.999999999), MAX);
  assert.equal(backoff(10_000, MIN, MAX, () => 0.5), MIN + 10000);
  assert.equal(backoff(Number.MAX_SAFE_INTEGER, MIN, MAX, () => 0), MIN);
});

test('a negative attempt counts as the first', () => {
  assert.equal(backoff(-3, MIN, MAX, () => 0.999999999), MIN + MIN);
});
