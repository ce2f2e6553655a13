import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Herald } from '../src/herald.js';
import { FakeServer, NO_REPLY, encodeBinaryPublication, nextEvent, settle, waitUntil } from './fake-server.js';

const FAST = { minReconnectDelay: 5, maxReconnectDelay: 20, timeout: 2000 };

function setup(t, options = {}, serverOptions = {}) {
  const server = new FakeServer(serverOptions);
  const herald = new Herald('ws://fake.test/ws', { WebSocket: server.WebSocket, ...FAST, ...options });
  t.after(() => herald.disconnect());
  return { server, herald };
}

/** A connected client with one subscription that has reached `subscribed`, collecting publications. */
async function subscribed(t, channel = 'news', options = {}) {
  const context = setup(t, options);
  const received = [];
  const subscription = context.herald.subscribe(channel, { onPublication: (p) => received.push(p) });
  context.herald.connect();
  await nextEvent(subscription, 'subscribed');
  return { ...context, subscription, received };
}

/** Drops the connection and waits for the subscription's next `subscribed` event. */
async function reconnect(server, subscription, drop = () => server.connection.fail()) {
  const event = nextEvent(subscription, 'subscribed');
  drop();
  return event;
}

test('a subscription goes unsubscribed -> subscribing -> subscribed, and reports its position', async (t) => {
  const { server, herald } = setup(t);
  server.publish('news', 'old'); // offset 1 before we subscribe
  const states = [];
  const subscription = herald.subscribe('news', {
    onStateChange: ({ oldState, newState, channel }) => states.push(`${channel}:${oldState}->${newState}`),
  });
  assert.equal(subscription.state, 'subscribing', 'waits for the connection');
  assert.equal(subscription.position, null);
  herald.connect();
  const event = await nextEvent(subscription, 'subscribed');
  assert.deepEqual(event, {
    channel: 'news', recovering: false, recovered: false, publications: [], position: { offset: 1, epoch: 'epoch-1' },
  });
  assert.deepEqual(subscription.position, { offset: 1, epoch: 'epoch-1' });
  assert.deepEqual(states, ['news:unsubscribed->subscribing', 'news:subscribing->subscribed']);
  assert.deepEqual(server.commands('subscribe'), [{ id: 2, type: 'subscribe', channel: 'news' }]);
});

test('subscribing while connected sends subscribe at once', async (t) => {
  const { server, herald } = setup(t);
  herald.connect();
  await nextEvent(herald, 'connected');
  const subscription = herald.subscribe('news');
  await nextEvent(subscription, 'subscribed');
  assert.equal(server.commands('subscribe').length, 1);
  assert.equal(herald.getSubscription('news'), subscription);
  assert.deepEqual(herald.subscriptions(), [subscription]);
});

test('subscribing twice to one channel throws already_subscribed', async (t) => {
  const { herald } = setup(t);
  herald.subscribe('news');
  assert.throws(() => herald.subscribe('news'), { name: 'HeraldError', code: 'already_subscribed' });
});

test('live publications reach onPublication with data and info', async (t) => {
  const { server, received } = await subscribed(t, 'chat:a');
  server.publish('chat:a', { text: 'hi' }, { user: 'u1', client: 'c9', name: 'Ann' });
  await waitUntil(() => received.length === 1, { label: 'publication' });
  assert.deepEqual(received[0], {
    channel: 'chat:a', offset: 1, data: { text: 'hi' }, info: { user: 'u1', client: 'c9', name: 'Ann' },
  });
});

test('a binary publication arrives as a Uint8Array', async (t) => {
  const { server, received, subscription } = await subscribed(t, 'files');
  server.publish('files', new Uint8Array([1, 2, 250]));
  await waitUntil(() => received.length === 1, { label: 'binary publication' });
  assert.ok(received[0].data instanceof Uint8Array);
  assert.deepEqual([...received[0].data], [1, 2, 250]);
  assert.deepEqual(subscription.position, { offset: 1, epoch: 'epoch-1' });
});

test('publications of other channels and of unsubscribed channels are not delivered', async (t) => {
  const { server, received } = await subscribed(t, 'news');
  server.connection.send({ type: 'pub', channel: 'other', offset: 1, data: 'x' });
  server.connection.sendBinary(encodeBinaryPublication('other', 1, new Uint8Array([1])));
  server.publish('news', 'mine');
  await waitUntil(() => received.length === 1, { label: 'own publication' });
  await settle();
  assert.deepEqual(received.map((p) => p.data), ['mine']);
});

test('a publication with an offset already seen is dropped as a duplicate', async (t) => {
  const { server, received, subscription } = await subscribed(t, 'news');
  server.publish('news', 'one');
  server.publish('news', 'two');
  await waitUntil(() => received.length === 2, { label: 'two publications' });
  server.connection.send({ type: 'pub', channel: 'news', offset: 1, data: 'one again' });
  server.connection.send({ type: 'pub', channel: 'news', offset: 2, data: 'two again' });
  server.connection.sendBinary(encodeBinaryPublication('news', 2, new Uint8Array([2])));
  server.publish('news', 'three');
  await waitUntil(() => received.length === 3, { label: 'third publication' });
  await settle();
  assert.deepEqual(received.map((p) => p.data), ['one', 'two', 'three']);
  assert.deepEqual(subscription.position, { offset: 3, epoch: 'epoch-1' });
});

test('publications without a stream (offset 0) are never dropped as duplicates', async (t) => {
  const { server, received } = await subscribed(t, 'live');
  server.streams.get('live').epoch = '';
  server.connection.send({ type: 'pub', channel: 'live', data: 'a' });
  server.connection.send({ type: 'pub', channel: 'live', data: 'b' });
  await waitUntil(() => received.length === 2, { label: 'two stream-less publications' });
});

test('a subscribe reply and the publications after it in the same frame are handled in order', async (t) => {
  const { server, herald } = setup(t);
  server.hooks.subscribe = () => NO_REPLY;
  const received = [];
  const subscription = herald.subscribe('news', { onPublication: (p) => received.push(p.data) });
  herald.connect();
  await waitUntil(() => server.commands('subscribe').length === 1, { label: 'subscribe' });
  const { id } = server.commands('subscribe')[0];
  server.connection.send([
    JSON.stringify({ id, result: { epoch: 'e', offset: 4 } }),
    JSON.stringify({ type: 'pub', channel: 'news', offset: 5, data: 'five' }),
    JSON.stringify({ type: 'pub', channel: 'news', offset: 6, data: 'six' }),
  ].join('\n'));
  await waitUntil(() => received.length === 2, { label: 'batched publications' });
  assert.deepEqual(received, ['five', 'six']);
  assert.deepEqual(subscription.position, { offset: 6, epoch: 'e' });
});

// ---- reconnect and recovery ---------------------------------------------------------------------

test('after a reconnect every subscription resubscribes with since = its last position', async (t) => {
  const { server, herald } = setup(t);
  const news = herald.subscribe('news');
  const chat = herald.subscribe('chat:a');
  herald.connect();
  await Promise.all([nextEvent(news, 'subscribed'), nextEvent(chat, 'subscribed')]);
  server.publish('news', 1);
  server.publish('news', 2);
  await waitUntil(() => news.position.offset === 2, { label: 'position 2' });
  const states = [];
  news.on('state', ({ oldState, newState }) => states.push(`${oldState}->${newState}`));
  await Promise.all([reconnect(server, news), nextEvent(chat, 'subscribed')]);
  const resubscribes = server.commands('subscribe').slice(2);
  assert.deepEqual(resubscribes.map((c) => [c.channel, c.since]).sort(), [
    ['chat:a', { offset: 0, epoch: 'epoch-1' }],
    ['news', { offset: 2, epoch: 'epoch-1' }],
  ]);
  assert.deepEqual(states, ['subscribed->subscribing', 'subscribing->subscribed']);
});

test('missed publications are recovered in order through onPublication with recovered true', async (t) => {
  const { server, received, subscription } = await subscribed(t, 'news');
  server.publish('news', 'seen');
  await waitUntil(() => received.length === 1, { label: 'first publication' });
  server.refuseConnections = true;
  server.connection.fail();
  await nextEvent(subscription, 'state', { filter: (e) => e.newState === 'subscribing' });
  server.publish('news', 'missed 1');
  server.publish('news', 'missed 2');
  const order = [];
  subscription.on('subscribed', (e) => order.push(`subscribed recovered=${e.recovered}`));
  subscription.on('publication', (p) => order.push(p.data));
  server.refuseConnections = false;
  const event = await nextEvent(subscription, 'subscribed', { timeout: 2000 });
  assert.equal(event.recovering, true);
  assert.equal(event.recovered, true);
  assert.deepEqual(event.publications.map((p) => [p.offset, p.data]), [[2, 'missed 1'], [3, 'missed 2']]);
  await waitUntil(() => received.length === 3, { label: 'recovered publications' });
  assert.deepEqual(received.map((p) => p.data), ['seen', 'missed 1', 'missed 2']);
  assert.deepEqual(order, ['subscribed recovered=true', 'missed 1', 'missed 2']);
  assert.deepEqual(subscription.position, { offset: 3, epoch: 'epoch-1' });
  server.publish('news', 'live again');
  await waitUntil(() => received.length === 4, { label: 'live after recovery' });
});

test('recovered publications already seen are not delivered twice', async (t) => {
  const { server, received, subscription } = await subscribed(t, 'news');
  server.publish('news', 'a');
  server.publish('news', 'b');
  await waitUntil(() => received.length === 2, { label: 'two publications' });
  // a sloppy server resends everything from offset 1
  server.hooks.subscribe = (command) => ({
    result: {
      epoch: 'epoch-1', offset: 3, recovered: true,
      publications: [
        { channel: 'news', offset: 1, data: 'a' },
        { channel: 'news', offset: 2, data: 'b' },
        { channel: 'news', offset: 3, data: 'c' },
        { channel: 'news', offset: 3, data: 'c' },
      ],
    },
  });
  const event = await reconnect(server, subscription);
  assert.deepEqual(event.publications.map((p) => p.data), ['c']);
  await waitUntil(() => received.length === 3, { label: 'recovered publication' });
  await settle();
  assert.deepEqual(received.map((p) => p.data), ['a', 'b', 'c']);
});

test('a lost history (new epoch) gives recovered false so the page can reload', async (t) => {
  const { server, received, subscription } = await subscribed(t, 'news');
  server.publish('news', 'before');
  await waitUntil(() => received.length === 1, { label: 'publication' });
  server.resetStream('news', 'epoch-2');
  const event = await reconnect(server, subscription);
  assert.equal(event.recovering, true);
  assert.equal(event.recovered, false);
  assert.deepEqual(event.publications, []);
  assert.deepEqual(subscription.position, { offset: 1, epoch: 'epoch-2' });
  assert.deepEqual(server.commands('subscribe')[1].since, { offset: 1, epoch: 'epoch-1' });
});

test('a gap larger than the history gives recovered false', async (t) => {
  const { server, herald } = setup(t, {}, { historySize: 2 });
  const subscription = herald.subscribe('news');
  herald.connect();
  await nextEvent(subscription, 'subscribed');
  server.refuseConnections = true;
  server.connection.fail();
  await nextEvent(subscription, 'state', { filter: (e) => e.newState === 'subscribing' });
  for (let i = 0; i < 5; i++) {
    server.publish('news', i);
  }
  server.refuseConnections = false;
  const event = await nextEvent(subscription, 'subscribed');
  assert.equal(event.recovered, false);
  assert.deepEqual(subscription.position, { offset: 5, epoch: 'epoch-1' });
});

test('the since option starts the first subscribe from a stored position', async (t) => {
  const { server, herald } = setup(t);
  server.publish('news', 1);
  server.publish('news', 2);
  server.publish('news', 3);
  const received = [];
  const subscription = herald.subscribe('news', {
    since: { offset: 1, epoch: 'epoch-1' },
    onPublication: (p) => received.push(p.data),
  });
  herald.connect();
  const event = await nextEvent(subscription, 'subscribed');
  assert.equal(event.recovered, true);
  await waitUntil(() => received.length === 2, { label: 'recovered publications' });
  assert.deepEqual(received, [2, 3]);
});

test('a channel without a stream resubscribes without since', async (t) => {
  const { server, subscription } = await subscribed(t, 'live');
  server.hooks.subscribe = () => ({ result: { epoch: '', offset: 0 } });
  const first = await reconnect(server, subscription);
  assert.equal(first.recovering, true, 'the first reply still came from a stream');
  const second = await reconnect(server, subscription);
  assert.equal(second.recovering, false);
  assert.equal(server.commands('subscribe')[2].since, undefined);
});

// ---- errors and unsubscribe ---------------------------------------------------------------------

test('a refused subscribe ends unsubscribed with the server error code', async (t) => {
  const { server, herald } = setup(t);
  server.hooks.subscribe = () => ({ error: { code: 'unknown_channel', message: 'no namespace nope' } });
  const errors = [];
  const subscription = herald.subscribe('nope:x', { onError: (e) => errors.push(e.error.code) });
  herald.connect();
  const event = await nextEvent(subscription, 'unsubscribed');
  assert.deepEqual(event, { channel: 'nope:x', code: 'unknown_channel', reason: 'no namespace nope' });
  assert.equal(subscription.state, 'unsubscribed');
  assert.deepEqual(errors, ['unknown_channel']);
  assert.equal(herald.getSubscription('nope:x'), undefined);
});

test('a temporarily failing subscribe is retried on the same connection', async (t) => {
  const { server, herald } = setup(t);
  let calls = 0;
  server.hooks.subscribe = () => (++calls === 1 ? { error: { code: 'unavailable', message: 'redis down' } } : undefined);
  const subscription = herald.subscribe('news');
  herald.connect();
  await nextEvent(subscription, 'subscribed');
  assert.equal(calls, 2);
  assert.equal(server.connections.length, 1);
});

test('a subscribe without reply reconnects the client, then subscribes again', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { server, herald } = setup(t, { timeout: 5000 });
  server.hooks.subscribe = () => (server.connections.length === 1 ? NO_REPLY : undefined);
  const subscription = herald.subscribe('news');
  herald.connect();
  await waitUntil(() => server.commands('subscribe').length === 1, { label: 'first subscribe' });
  const connecting = nextEvent(herald, 'connecting');
  t.mock.timers.tick(5000);
  const event = await connecting;
  assert.equal(event.code, 6, 'CLIENT_CLOSE_REASONS.SUBSCRIBE_TIMEOUT');
  assert.match(event.reason, /subscribe to news timed out/);
  t.mock.timers.tick(FAST.maxReconnectDelay);
  await nextEvent(subscription, 'subscribed');
  assert.equal(server.connections.length, 2);
});

test('unsubscribe tells the server, stops delivery and removes the subscription', async (t) => {
  const { server, herald, subscription, received } = await subscribed(t, 'news');
  const unsubscribed = nextEvent(subscription, 'unsubscribed');
  await subscription.unsubscribe();
  assert.deepEqual(await unsubscribed, { channel: 'news', code: 'unsubscribe_called', reason: 'unsubscribe called' });
  assert.deepEqual(server.commands('unsubscribe'), [{ id: server.commands('unsubscribe')[0].id, type: 'unsubscribe', channel: 'news' }]);
  server.connection.send({ type: 'pub', channel: 'news', offset: 9, data: 'late' });
  await settle();
  assert.deepEqual(received, []);
  assert.equal(herald.getSubscription('news'), undefined);
  await subscription.unsubscribe(); // idempotent
  assert.equal(server.commands('unsubscribe').length, 1);
});

test('unsubscribe while disconnected needs no server round trip, and the channel can be subscribed again', async (t) => {
  const { server, herald } = setup(t);
  const subscription = herald.subscribe('news');
  await subscription.unsubscribe();
  assert.equal(subscription.state, 'unsubscribed');
  herald.connect();
  await nextEvent(herald, 'connected');
  await settle();
  assert.equal(server.commands('subscribe').length, 0);
  const again = herald.subscribe('news');
  await nextEvent(again, 'subscribed');
  assert.throws(() => subscription.subscribe(), { code: 'already_subscribed' }, 'the new object holds the channel');
  assert.equal(subscription.state, 'unsubscribed');
  assert.equal(herald.getSubscription('news'), again);
});

test('an unsubscribe during the subscribe round trip wins: no events after it', async (t) => {
  const { server, herald } = setup(t);
  herald.connect();
  await nextEvent(herald, 'connected');
  const events = [];
  const subscription = herald.subscribe('news', { onSubscribed: () => events.push('subscribed') });
  await subscription.unsubscribe();
  await settle();
  assert.deepEqual(events, []);
  const types = server.received.map((r) => r.command.type);
  assert.deepEqual(types, ['connect', 'subscribe', 'unsubscribe'], 'the server is told to undo the subscribe');
});

test('subscriptions survive disconnect() and resubscribe on the next connect()', async (t) => {
  const { server, herald, subscription } = await subscribed(t, 'news');
  herald.disconnect();
  assert.equal(subscription.state, 'subscribing');
  herald.connect();
  const event = await nextEvent(subscription, 'subscribed');
  assert.equal(event.recovered, true);
  assert.equal(server.commands('subscribe').length, 2);
});

// ---- presence and join/leave --------------------------------------------------------------------

test('join and leave pushes reach onJoin and onLeave', async (t) => {
  const { server, herald } = setup(t);
  const seen = [];
  const subscription = herald.subscribe('chat:a', {
    onJoin: ({ info }) => seen.push(`join ${info.name}`),
    onLeave: ({ info }) => seen.push(`leave ${info.name}`),
  });
  herald.connect();
  await nextEvent(subscription, 'subscribed');
  server.connection.send({ type: 'join', channel: 'chat:a', info: { user: '', client: 'c7', name: 'Bob' } });
  server.connection.send({ type: 'leave', channel: 'chat:a', info: { user: '', client: 'c7', name: 'Bob' } });
  server.connection.send({ type: 'join', channel: 'chat:other', info: { user: '', client: 'c8', name: 'Eve' } });
  await waitUntil(() => seen.length === 2, { label: 'join and leave' });
  await settle();
  assert.deepEqual(seen, ['join Bob', 'leave Bob']);
});

test('subscription helpers publish, read presence and history of their channel', async (t) => {
  const { subscription, received } = await subscribed(t, 'chat:a', { name: 'Ann' });
  assert.deepEqual(await subscription.publish({ text: 'hi' }), { offset: 1, epoch: 'epoch-1' });
  const presence = await subscription.presence();
  assert.deepEqual(Object.values(presence.clients), [{ user: '', client: 'c1', name: 'Ann' }]);
  const history = await subscription.history({ limit: 10 });
  assert.equal(history.offset, 1);
  assert.deepEqual(history.publications.map((p) => p.data), [{ text: 'hi' }]);
  await waitUntil(() => received.length === 1, { label: 'own publication echoed' });
});

test('history returns binary publications as bytes', async (t) => {
  const { server, herald } = setup(t);
  server.publish('files', new Uint8Array([5, 6]));
  herald.connect();
  const history = await herald.history('files');
  assert.deepEqual([...history.publications[0].data], [5, 6]);
});

test('a subscription offers pages no hooks into the client: what the client tells it goes through the port', async (t) => {
  const { subscription } = await subscribed(t);
  const names = Object.getOwnPropertyNames(Object.getPrototypeOf(subscription));
  assert.deepEqual(names.filter((name) => name.startsWith('_')), []);
});
