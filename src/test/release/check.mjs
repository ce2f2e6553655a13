// Imports the installed herald-client package the way an application would and checks what it exports.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Herald, { Herald as Named, HeraldError, defaultUrl, backoff } from 'herald-client';
import { CLOSE_CODES } from 'herald-client/codes';

const expected = process.argv[2];
const pkg = JSON.parse(readFileSync(new URL('./node_modules/herald-client/package.json', import.meta.url)));
assert.equal(pkg.version, expected, 'the packed client has the release version');
assert.equal(Herald, Named, 'default and named export are the same class');
assert.equal(typeof HeraldError, 'function');
assert.equal(defaultUrl({ href: 'https://example.test/app/chat.html' }), 'wss://example.test/app/ws');
assert.ok(backoff(3, 500, 20000, () => 0.5) <= 20000);
assert.ok(Object.keys(CLOSE_CODES).length > 0, 'close codes are exported');
const client = new Herald('ws://127.0.0.1:9/ws', { WebSocket: class { constructor() { throw new Error('not used'); } } });
assert.equal(client.state, 'disconnected');
console.log(`herald-client ${pkg.version} imports in Node ${process.version}`);
