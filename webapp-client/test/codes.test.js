import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  CLOSE_CODES, ERROR_CODES, CLIENT_ERROR_CODES, CLIENT_CLOSE_REASONS, shouldReconnect, closeCodeName,
} from '../src/codes.js';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const protocolDoc = readFileSync(here('../../docs/protocol.md'), 'utf8');
const codesSource = readFileSync(here('../src/codes.js'), 'utf8');

/** Rows `| 4001 | slow_consumer | yes | ... |` of the close-code table in docs/protocol.md. */
function documentedCloseCodes() {
  const rows = [...protocolDoc.matchAll(/^\| (\d{4}) \| ([a-z_]+) \| (yes|no) \|/gm)];
  return rows.map(([, code, name, reconnect]) => [Number(code), name, reconnect === 'yes']);
}

test('close-code registry matches the table in docs/protocol.md entry for entry', () => {
  const documented = documentedCloseCodes();
  assert.ok(documented.length >= 19, `parsed ${documented.length} rows from docs/protocol.md`);
  const registry = Object.entries(CLOSE_CODES).map(([code, info]) => [Number(code), info.name, info.reconnect]);
  assert.deepEqual(registry, documented);
});

test('every registry entry is on its own line in the format the Java test parses', () => {
  const lines = [...codesSource.matchAll(/^ {2}(\d{4}): \{ name: '([a-z_]+)', reconnect: (true|false) \},$/gm)];
  assert.equal(lines.length, Object.keys(CLOSE_CODES).length);
  for (const [, code, name, reconnect] of lines) {
    assert.deepEqual(CLOSE_CODES[code], { name, reconnect: reconnect === 'true' });
  }
});

test('registry entries are frozen', () => {
  assert.ok(Object.isFrozen(CLOSE_CODES));
  assert.throws(() => {
    'use strict';
    CLOSE_CODES[4001] = { name: 'x', reconnect: false };
  }, TypeError);
});

test('shouldReconnect follows the registry for known codes', () => {
  for (const [code, info] of Object.entries(CLOSE_CODES)) {
    assert.equal(shouldReconnect(Number(code)), info.reconnect, `code ${code}`);
  }
  assert.equal(shouldReconnect(4001), true);
  assert.equal(shouldReconnect(4004), true);
  assert.equal(shouldReconnect(4501), false);
  assert.equal(shouldReconnect(1000), false);
});

test('shouldReconnect treats unknown 4000-4499 as reconnect, 4500-4999 as terminal, others as reconnect', () => {
  assert.equal(shouldReconnect(4000), true);
  assert.equal(shouldReconnect(4499), true);
  assert.equal(shouldReconnect(4500 + 99), false);
  assert.equal(shouldReconnect(4999), false);
  assert.equal(shouldReconnect(1005), true, 'no status code');
  assert.equal(shouldReconnect(1006), true, 'abnormal closure');
  assert.equal(shouldReconnect(1012), true, 'service restart');
  assert.equal(shouldReconnect(3000), true);
  assert.equal(shouldReconnect(5000), true);
});

test('closeCodeName names registered codes only', () => {
  assert.equal(closeCodeName(4001), 'slow_consumer');
  assert.equal(closeCodeName(4505), 'unsupported_version');
  assert.equal(closeCodeName(4999), undefined);
});

test('error codes include every code of the protocol error table', () => {
  const section = protocolDoc.slice(protocolDoc.indexOf('## Error codes'), protocolDoc.indexOf('## Close codes'));
  const documented = [...section.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1]);
  assert.ok(documented.length >= 12, `parsed ${documented.length} error codes`);
  for (const code of documented) {
    assert.ok(ERROR_CODES.includes(code), `ERROR_CODES lacks ${code}`);
  }
});

test('client error codes never collide with server error codes', () => {
  for (const code of Object.values(CLIENT_ERROR_CODES)) {
    assert.ok(!ERROR_CODES.includes(code), `${code} is also a server code`);
  }
});

test('client close reasons stay below the WebSocket close-code range', () => {
  for (const code of Object.values(CLIENT_CLOSE_REASONS)) {
    assert.ok(code >= 0 && code < 1000, `${code}`);
  }
});
