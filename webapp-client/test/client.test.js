import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Herald, HeraldError, DEFAULTS, defaultUrl } from '../src/herald.js';
import { FakeServer, NO_REPLY, nextEvent, settle, waitUntil } from './fake-server.js';
import { FAST, setup, connected, recordStates } from './client-helpers.js';

// ---- connecting and replies ---------------------------------------------------------------------

test('connect sends connect with name and token over the herald.v1 subprotocol', async (t) => {
  const { server, herald } = await connected(t, { name: 'Ann', token: 'tok' });
  assert.deepEqual(server.connection.socket.protocols, ['herald.v1']);
  assert.equal(server.connection.socket.binaryType, 'arraybuffer');
  assert.deepEqual(server.commands('connect'), [{ id: 1, type: 'connect', token: 'tok', name: 'Ann' }]);
  assert.equal(herald.client, 'c1');
  assert.equal(herald.user, '');
});

test('state goes disconnected -> connecting -> connected, and back to disconnected on disconnect()', async (t) => {
  const { herald } = setup(t);
  const states = recordStates(herald);
  assert.equal(herald.state, 'disconnected');
  herald.connect();
  assert.equal(herald.state, 'connecting');
  await nextEvent(herald, 'connected');
  herald.disconnect();
  assert.equal(herald.state, 'disconnected');
  assert.deepEqual(states, ['disconnected->connecting', 'connecting->connected', 'connected->disconnected']);
});

test('connect() and disconnect() are idempotent', async (t) => {
  const { server, herald } = setup(t);
  const states = recordStates(herald);
  herald.connect();
  herald.connect();
  await nextEvent(herald, 'connected');
  herald.connect();
  herald.disconnect();
  herald.disconnect();
  assert.equal(server.connections.length, 1);
  assert.equal(states.length, 3);
});

test('replies are matched to commands by id, also when they arrive out of order', async (t) => {
  const { server, herald } = await connected(t);
  server.hooks.presence = () => NO_REPLY;
  server.hooks.history = () => NO_REPLY;
  const presence = herald.presence('a');
  const history = herald.history('b', { limit: 2 });
  await waitUntil(() => server.commands('history').length === 1, { label: 'history command' });
  const [presenceCommand] = server.commands('presence');
  const [historyCommand] = server.commands('history');
  assert.deepEqual(historyCommand, { id: historyCommand.id, type: 'history', channel: 'b', limit: 2 });
  server.connection.send({ id: historyCommand.id, result: { epoch: 'e', offset: 9, publications: [] } });
  server.connection.send({ id: presenceCommand.id, result: { clients: { c9: { user: 'u', client: 'c9' } } } });
  assert.deepEqual(await history, { epoch: 'e', offset: 9, publications: [] });
  assert.deepEqual(await presence, { clients: { c9: { user: 'u', client: 'c9' } } });
});

test('an error reply rejects with a HeraldError carrying the server code', async (t) => {
  const { server, herald } = await connected(t);
  server.hooks.presence = () => ({ error: { code: 'permission_denied', message: 'presence is off' } });
  await assert.rejects(herald.presence('news'), (error) => {
    assert.ok(error instanceof HeraldError);
    assert.equal(error.code, 'permission_denied');
    assert.equal(error.message, 'presence is off');
    return true;
  });
});

test('a command without reply rejects with code timeout after the timeout option', async (t) => {
  const { server, herald } = await connected(t, { timeout: 50 });
  server.hooks.history = () => NO_REPLY;
  const started = Date.now();
  await assert.rejects(herald.history('news'), { name: 'HeraldError', code: 'timeout' });
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 45 && elapsed < 1000, `rejected after ${elapsed} ms`);
  assert.equal(herald.state, 'connected', 'a slow reply does not break the connection');
});

test('a late reply after a timeout is ignored', async (t) => {
  const { server, herald } = await connected(t, { timeout: 30 });
  server.hooks.ping = () => NO_REPLY;
  await assert.rejects(herald.ping(), { code: 'timeout' });
  const [ping] = server.commands('ping');
  server.connection.send({ id: ping.id, result: {} });
  await settle();
  assert.equal(herald.state, 'connected');
});

test('pending commands reject with connection_closed when the connection drops', async (t) => {
  const { server, herald } = await connected(t);
  server.hooks.history = () => NO_REPLY;
  const history = herald.history('news');
  await waitUntil(() => server.commands('history').length === 1, { label: 'history command' });
  server.connection.close(1011, 'boom');
  await assert.rejects(history, { code: 'connection_closed' });
});

test('presence and history wait for a connection while connecting and reject while disconnected', async (t) => {
  const { herald } = setup(t);
  await assert.rejects(herald.presence('news'), { code: 'disconnected' });
  herald.connect();
  const history = herald.history('news');
  assert.deepEqual(await history, { epoch: 'epoch-1', offset: 0, publications: [] });
});

test('a text frame carrying several newline-separated messages dispatches every one', async (t) => {
  const { server, herald } = await connected(t);
  server.hooks.ping = () => NO_REPLY;
  server.hooks.presence = () => NO_REPLY;
  const ping = herald.ping();
  const presence = herald.presence('x');
  await waitUntil(() => server.commands('presence').length === 1, { label: 'presence command' });
  const [p1] = server.commands('ping');
  const [p2] = server.commands('presence');
  server.connection.send(`{"id":${p1.id},"result":{}}\n{"type":"ping"}\n{"id":${p2.id},"result":{"clients":{}}}`);
  assert.equal(typeof await ping, 'number');
  assert.deepEqual(await presence, { clients: {} });
  await waitUntil(() => server.commands('pong').length === 1, { label: 'pong to the batched ping' });
});

test('an unparsable line is reported as an error event and the connection stays up', async (t) => {
  const { server, herald } = await connected(t);
  const error = nextEvent(herald, 'error');
  server.connection.send('{"type":"ping"}\nnot json');
  assert.equal((await error).error.code, 'bad_frame');
  assert.equal(herald.state, 'connected');
});

test('readyState and bufferedAmount expose the underlying socket', async (t) => {
  const { server, herald } = setup(t);
  assert.equal(herald.readyState, 3);
  assert.equal(herald.bufferedAmount, 0);
  herald.connect();
  await nextEvent(herald, 'connected');
  assert.equal(herald.readyState, 1);
  server.connection.socket.bufferedAmount = 1234;
  assert.equal(herald.bufferedAmount, 1234);
  herald.disconnect();
  assert.equal(herald.readyState, 3);
});

test('the default URL is the page directory + ws, with ws: or wss: by page protocol', () => {
  assert.equal(defaultUrl({ href: 'http://example.com/herald/chat.html?room=a#x' }), 'ws://example.com/herald/ws');
  assert.equal(defaultUrl({ href: 'https://example.com:8443/chat.html' }), 'wss://example.com:8443/ws');
  assert.equal(defaultUrl({ href: 'http://localhost:8080/' }), 'ws://localhost:8080/ws');
});

test('defaults match the documented values', () => {
  assert.deepEqual({ ...DEFAULTS }, {
    timeout: 5000,
    minReconnectDelay: 500,
    maxReconnectDelay: 20000,
    maxServerPingDelay: 10000,
    queueWhileDisconnected: true,
    maxQueuedPublishes: 100,
  });
});

// ---- ping, pong and dead connections ------------------------------------------------------------

test('a server ping is answered with a pong without id', async (t) => {
  const { server } = await connected(t);
  server.connection.send({ type: 'ping' });
  await waitUntil(() => server.commands('pong').length === 1, { label: 'pong' });
  assert.deepEqual(server.commands('pong')[0], { type: 'pong' });
});

test('a connection silent for ping + maxServerPingDelay is closed and replaced', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  // defaults: ping 25 s from the server + maxServerPingDelay 10 s = dead after 35 s of silence
  const { server, herald } = await connected(t, { timeout: 5000 });
  const states = recordStates(herald);
  t.mock.timers.tick(34_999);
  await settle();
  assert.deepEqual(states, []);
  const connecting = nextEvent(herald, 'connecting');
  t.mock.timers.tick(1);
  assert.equal((await connecting).code, 3, 'CLIENT_CLOSE_REASONS.NO_PING');
  assert.ok(server.connections[0].socket.closedByClient, 'the dead socket was closed');
  t.mock.timers.tick(FAST.maxReconnectDelay);
  await nextEvent(herald, 'connected');
  assert.equal(server.connections.length, 2);
});

test('server pings keep a quiet connection alive', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { server, herald } = await connected(t, { timeout: 5000 });
  const states = recordStates(herald);
  for (let i = 1; i <= 4; i++) {
    t.mock.timers.tick(30_000); // under the 35 s dead line, four times over
    server.connection.send({ type: 'ping' });
    await waitUntil(() => server.commands('pong').length === i, { label: `pong ${i}` });
  }
  assert.deepEqual(states, []);
  assert.equal(server.connections.length, 1);
});

test('a connect without reply within timeout closes the socket and retries', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { server, herald } = setup(t, { timeout: 5000 });
  server.hooks.connect = () => (server.connections.length === 1 ? NO_REPLY : undefined);
  herald.connect();
  await waitUntil(() => server.commands('connect').length === 1, { label: 'first connect' });
  t.mock.timers.tick(4999);
  await settle();
  assert.equal(server.connections[0].socket.closedByClient, null);
  t.mock.timers.tick(1);
  assert.equal(herald.state, 'connecting', 'still connecting: no new connecting event');
  assert.ok(server.connections[0].socket.closedByClient, 'the attempt was abandoned');
  t.mock.timers.tick(FAST.maxReconnectDelay);
  await nextEvent(herald, 'connected');
  assert.equal(server.connections.length, 2);
});

test('a reconnect close code leads to connecting and a new connection', async (t) => {
  const { server, herald } = await connected(t);
  const states = recordStates(herald);
  const connecting = nextEvent(herald, 'connecting');
  server.connection.disconnect(4001, 'slow consumer', true);
  assert.deepEqual(await connecting, { code: 4001, reason: 'slow consumer' });
  await nextEvent(herald, 'connected');
  assert.equal(server.connections.length, 2);
  assert.deepEqual(states, ['connected->connecting', 'connecting->connected']);
});

test('an abrupt connection loss (1006) reconnects', async (t) => {
  const { server, herald } = await connected(t);
  server.connection.fail();
  assert.equal((await nextEvent(herald, 'connecting')).code, 1006);
  await nextEvent(herald, 'connected');
});

for (const code of [1000, 4500, 4501, 4502, 4503, 4504, 4505, 4777]) {
  test(`terminal close code ${code} stops reconnecting`, async (t) => {
    const { server, herald } = await connected(t);
    server.connection.close(code, 'bye');
    const disconnected = await nextEvent(herald, 'disconnected');
    assert.deepEqual(disconnected, { code, reason: 'bye' });
    assert.equal(herald.state, 'disconnected');
    // Well past maxReconnectDelay (20 ms) nothing has tried to connect again.
    await assert.rejects(waitUntil(() => server.connections.length > 1, { timeout: 150, label: 'a reconnect' }));
    assert.equal(server.connections.length, 1);
  });
}

test('the disconnect push decides the code even if the close event says otherwise', async (t) => {
  const { server, herald } = await connected(t);
  server.connection.send({ type: 'disconnect', code: 4503, reason: 'kicked', reconnect: false });
  server.connection.fail(); // browsers report 1006 when the close frame is lost
  assert.deepEqual(await nextEvent(herald, 'disconnected'), { code: 4503, reason: 'kicked' });
});

test('reconnect delays follow full-jitter backoff between minReconnectDelay and the growing window', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const server = new FakeServer();
  const herald = new Herald('ws://fake.test/ws', {
    WebSocket: server.WebSocket, minReconnectDelay: 1000, maxReconnectDelay: 8000, timeout: 100_000,
  });
  t.after(() => herald.disconnect());
  herald.connect();
  await waitUntil(() => herald.state === 'connected', { label: 'connected' });
  server.refuseConnections = true;
  server.connection.fail();
  await waitUntil(() => herald.state === 'connecting', { label: 'connecting' });
  // attempt 0: delay in [1000, 2000]; attempt 1: [1000, 3000]; attempt 2: [1000, 5000]
  for (const [attempt, upper] of [[0, 2000], [1, 3000], [2, 5000]]) {
    const before = server.connections.length;
    t.mock.timers.tick(999);
    await settle();
    assert.equal(server.connections.length, before, `attempt ${attempt} came before minReconnectDelay`);
    t.mock.timers.tick(upper - 999);
    await waitUntil(() => server.connections.length === before + 1, { label: `attempt ${attempt} by ${upper} ms` });
    await waitUntil(() => server.connection.socket.readyState === 3, { label: 'refused socket closed' });
    await settle();
  }
  server.refuseConnections = false;
  t.mock.timers.tick(9000);
  await waitUntil(() => herald.state === 'connected', { label: 'connected after the outage' });
});

test('the backoff starts over after a successful connect', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { server, herald } = await connected(t, { minReconnectDelay: 1000, maxReconnectDelay: 60_000, timeout: 100_000 });
  // Without a reset, the n-th drop would wait up to 1000 + 1000 * 2^n ms; with it, never over 2000.
  for (let i = 0; i < 6; i++) {
    server.connection.fail();
    await nextEvent(herald, 'connecting');
    t.mock.timers.tick(2000);
    await nextEvent(herald, 'connected');
  }
  assert.equal(server.connections.length, 7);
});

test('going offline drops the connection at once and coming online retries without waiting out the backoff', async (t) => {
  const network = new EventTarget();
  const { server, herald } = await connected(t, { network, minReconnectDelay: 60_000, maxReconnectDelay: 60_000 });
  network.dispatchEvent(new Event('offline'));
  assert.equal(herald.state, 'connecting');
  assert.ok(server.connections[0].socket.closedByClient);
  network.dispatchEvent(new Event('online'));
  await nextEvent(herald, 'connected', { timeout: 1000 });
  assert.equal(server.connections.length, 2);
});

test('network listeners are removed on disconnect()', async (t) => {
  const network = new EventTarget();
  const { herald } = await connected(t, { network });
  herald.disconnect();
  network.dispatchEvent(new Event('offline'));
  network.dispatchEvent(new Event('online'));
  assert.equal(herald.state, 'disconnected');
});

// ---- tokens -------------------------------------------------------------------------------------

test('getToken is called when there is no token, and again after close 4004 token_expired', async (t) => {
  let calls = 0;
  const getToken = async () => `token-${++calls}`;
  const { server, herald } = await connected(t, { getToken });
  assert.equal(server.commands('connect')[0].token, 'token-1');
  server.connection.disconnect(4004, 'token expired', true);
  await nextEvent(herald, 'connecting');
  await nextEvent(herald, 'connected');
  assert.equal(server.commands('connect')[1].token, 'token-2');
  server.connection.close(4001, 'slow consumer');
  await nextEvent(herald, 'connected');
  assert.equal(server.commands('connect')[2].token, 'token-2', 'other reconnects keep the token');
  assert.equal(calls, 2);
});

test('a getToken failure is retried with backoff; an unauthorized one stops', async (t) => {
  let calls = 0;
  const getToken = async () => {
    calls++;
    if (calls === 1) {
      throw new Error('network down');
    }
    throw new HeraldError('unauthorized', 'logged out');
  };
  const { server, herald } = setup(t, { getToken });
  const errors = [];
  herald.on('error', (e) => errors.push(e));
  herald.connect();
  const disconnected = await nextEvent(herald, 'disconnected');
  assert.equal(disconnected.code, 7, 'CLIENT_CLOSE_REASONS.TOKEN_FAILED');
  assert.equal(calls, 2);
  assert.deepEqual(errors.map((e) => e.type), ['token', 'token']);
  assert.equal(server.connections.length, 0);
});

test('a refused connect (unauthorized) ends in disconnected with 4501 and no reconnect', async (t) => {
  const { server, herald } = setup(t);
  server.hooks.connect = () => ({
    error: { code: 'unauthorized', message: 'bad token' },
    afterReply: (connection) => connection.disconnect(4501, 'unauthorized', false),
  });
  herald.connect();
  assert.deepEqual(await nextEvent(herald, 'disconnected'), { code: 4501, reason: 'bad token' });
  await assert.rejects(waitUntil(() => server.connections.length > 1, { timeout: 100, label: 'a reconnect' }));
});
