import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Herald, HeraldError, DEFAULTS, defaultUrl } from '../src/herald.js';
import { FakeServer, NO_REPLY, nextEvent, settle, waitUntil } from './fake-server.js';
import { FAST, setup, connected, recordStates } from './client-helpers.js';

// ---- publishing ---------------------------------------------------------------------------------

test('publish sends JSON data and resolves with the stream position', async (t) => {
  const { server, herald } = await connected(t);
  assert.deepEqual(await herald.publish('chat:a', { text: 'hi' }), { offset: 1, epoch: 'epoch-1' });
  assert.deepEqual(await herald.publish('chat:a', 'again'), { offset: 2, epoch: 'epoch-1' });
  const [first] = server.commands('publish');
  assert.deepEqual(first, { id: first.id, type: 'publish', channel: 'chat:a', data: { text: 'hi' } });
});

test('publishing bytes sends a binary frame that the server answers with a JSON reply', async (t) => {
  const { server, herald } = await connected(t);
  const position = await herald.publish('files', new Uint8Array([1, 2, 3]));
  assert.deepEqual(position, { offset: 1, epoch: 'epoch-1' });
  const [command] = server.commands('publish');
  assert.equal(command.channel, 'files');
  assert.deepEqual([...command.binary], [1, 2, 3]);
  await herald.publish('files', new Uint8Array([4]).buffer);
  assert.deepEqual([...server.commands('publish')[1].binary], [4]);
});

test('a binary publish to a channel name too long for the frame rejects with invalid_argument', async (t) => {
  const { herald } = await connected(t);
  await assert.rejects(herald.publish('x'.repeat(300), new Uint8Array(1)), { code: 'invalid_argument' });
  await assert.rejects(herald.publish('x', undefined), { code: 'invalid_argument' });
});

test('publishes while disconnected are queued and flushed in order on connect', async (t) => {
  const { server, herald } = setup(t);
  const first = herald.publish('chat:a', 1);
  const second = herald.publish('chat:a', 2);
  assert.equal(herald.queuedPublishes, 2);
  herald.connect();
  assert.deepEqual(await first, { offset: 1, epoch: 'epoch-1' });
  assert.deepEqual(await second, { offset: 2, epoch: 'epoch-1' });
  assert.deepEqual(server.commands('publish').map((c) => c.data), [1, 2]);
  assert.equal(herald.queuedPublishes, 0);
});

test('publishes during a reconnect are queued and sent after the resubscribe', async (t) => {
  const { server, herald } = await connected(t);
  herald.subscribe('chat:a');
  await waitUntil(() => server.commands('subscribe').length === 1, { label: 'subscribe' });
  server.connection.fail();
  await nextEvent(herald, 'connecting');
  const queued = herald.publish('chat:a', 'while away');
  await queued;
  const types = server.received.filter((r) => r.connection === server.connection).map((r) => r.command.type);
  assert.deepEqual(types, ['connect', 'subscribe', 'publish']);
});

test('the publish queue is bounded by maxQueuedPublishes', async (t) => {
  const { herald } = setup(t, { maxQueuedPublishes: 2 });
  const kept = [herald.publish('a', 1), herald.publish('a', 2)];
  await assert.rejects(herald.publish('a', 3), { code: 'queue_full' });
  herald.disconnect(); // nothing to do: still disconnected, queue waits for connect
  herald.connect();
  await Promise.all(kept);
});

test('with queueWhileDisconnected false, publishes while not connected reject at once', async (t) => {
  const { server, herald } = setup(t, { queueWhileDisconnected: false });
  await assert.rejects(herald.publish('a', 1), { code: 'disconnected' });
  herald.connect();
  await assert.rejects(herald.publish('a', 2), { code: 'disconnected' }, 'still connecting');
  await nextEvent(herald, 'connected');
  await herald.publish('a', 3);
  assert.deepEqual(server.commands('publish').map((c) => c.data), [3]);
});

test('disconnect() rejects queued publishes', async (t) => {
  const { server, herald } = setup(t);
  server.refuseConnections = true;
  herald.connect();
  const queued = herald.publish('a', 1);
  herald.disconnect();
  await assert.rejects(queued, { code: 'disconnected' });
  assert.equal(herald.queuedPublishes, 0);
});

test('a terminal close rejects queued publishes', async (t) => {
  const { server, herald } = await connected(t);
  server.connection.close(4501, 'unauthorized');
  await nextEvent(herald, 'disconnected');
  // after a terminal close the queue waits for an explicit connect() again
  const queued = herald.publish('a', 1);
  assert.equal(herald.queuedPublishes, 1);
  herald.connect();
  await queued;
});

test('a listener that throws does not break the client; the error is reported', async (t) => {
  const { herald } = setup(t);
  const reported = [];
  const original = globalThis.reportError;
  globalThis.reportError = (error) => reported.push(error);
  t.after(() => {
    globalThis.reportError = original;
  });
  herald.on('state', () => {
    throw new Error('page bug');
  });
  herald.connect();
  await nextEvent(herald, 'connected');
  assert.equal(herald.state, 'connected');
  assert.deepEqual(reported.map((e) => e.message), ['page bug', 'page bug']);
});

test('disconnect() from a connecting listener wins over the scheduled reconnect', async (t) => {
  const { server, herald } = await connected(t);
  herald.on('connecting', () => herald.disconnect());
  server.connection.fail();
  await nextEvent(herald, 'disconnected');
  await assert.rejects(waitUntil(() => server.connections.length > 1, { timeout: 150, label: 'a reconnect' }));
  assert.equal(herald.state, 'disconnected');
});

test('disconnect() and connect() from a connecting listener leave exactly one socket', async (t) => {
  const { server, herald } = await connected(t);
  let restarted = false;
  herald.on('connecting', () => {
    if (!restarted) {
      restarted = true;
      herald.disconnect();
      herald.connect();
    }
  });
  server.connection.fail();
  await nextEvent(herald, 'connected');
  // well past maxReconnectDelay: no second attempt was left scheduled
  await assert.rejects(waitUntil(() => server.connections.length > 2, { timeout: 100, label: 'a third socket' }));
  const open = server.connections.filter((c) => c.socket.readyState < 2);
  assert.equal(open.length, 1);
  assert.equal(server.connections.length, 2);
});

test('a WebSocket that cannot even be constructed (bad URL) stops instead of retrying', async (t) => {
  const herald = new Herald('not a url', {
    ...FAST,
    WebSocket: class {
      constructor(url) {
        throw new SyntaxError(`invalid url ${url}`);
      }
    },
  });
  t.after(() => herald.disconnect());
  const errors = [];
  herald.on('error', (e) => errors.push(e.type));
  herald.connect();
  const disconnected = await nextEvent(herald, 'disconnected');
  assert.equal(disconnected.code, 2, 'CLIENT_CLOSE_REASONS.TRANSPORT_CLOSED');
  assert.match(disconnected.reason, /invalid url/);
  assert.deepEqual(errors, ['transport']);
});

// ---- rpc ------------------------------------------------------------------------------------------

test('rpc sends method and data and resolves with the backend answer', async (t) => {
  const { server, herald } = await connected(t);
  server.hooks.rpc = (command) => ({ result: { data: { echoed: command.data, method: command.method } } });
  assert.deepEqual(await herald.rpc('profile.get', { id: 7 }), { echoed: { id: 7 }, method: 'profile.get' });
  const [rpc] = server.commands('rpc');
  assert.deepEqual(rpc, { id: rpc.id, type: 'rpc', method: 'profile.get', data: { id: 7 } });
});

test('rpc without data sends no data field and rejects with the backend refusal', async (t) => {
  const { server, herald } = await connected(t);
  server.hooks.rpc = () => ({ error: { code: 'permission_denied', message: 'not yours' } });
  await assert.rejects(herald.rpc('secret'), { code: 'permission_denied', message: 'not yours' });
  const [rpc] = server.commands('rpc');
  assert.deepEqual(rpc, { id: rpc.id, type: 'rpc', method: 'secret' });
});
