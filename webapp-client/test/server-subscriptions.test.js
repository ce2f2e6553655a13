// Server-side subscriptions: channels the backend grants on connect (connect proxy `channels`), announced
// by `subscribed` pushes and delivered as client-level events (src/server-subscriptions.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Herald } from '../src/herald.js';
import { FakeServer, nextEvent, settle, waitUntil } from './fake-server.js';

const FAST = { minReconnectDelay: 5, maxReconnectDelay: 20, timeout: 2000 };

/** A connected client whose backend grants `grants`; records every server-side event it emits. */
async function connected(t, grants) {
  const server = new FakeServer();
  server.grants = grants;
  const herald = new Herald('ws://fake.test/app/ws', { WebSocket: server.WebSocket, ...FAST });
  t.after(() => herald.disconnect());
  const events = [];
  for (const event of ['serverSubscribed', 'serverPublication', 'serverJoin', 'serverLeave']) {
    herald.on(event, (ctx) => events.push({ event, ...ctx }));
  }
  herald.connect();
  await nextEvent(herald, 'connected');
  await waitUntil(() => events.filter((e) => e.event === 'serverSubscribed').length === grants.length,
    { label: `${grants.length} serverSubscribed events` });
  return { server, herald, events };
}

const ofType = (events, event) => events.filter((e) => e.event === event);

test('each granted channel emits serverSubscribed with its position, in grant order, and is not subscribed by the client', async (t) => {
  const server = new FakeServer();
  server.stream('news').offset = 7;
  server.grants = ['news', 'chat:alice'];
  const herald = new Herald('ws://fake.test/app/ws', { WebSocket: server.WebSocket, ...FAST });
  t.after(() => herald.disconnect());
  const subscribed = [];
  herald.on('serverSubscribed', (ctx) => subscribed.push(ctx));
  assert.deepEqual(herald.serverSubscriptions(), []);
  herald.connect();
  await waitUntil(() => subscribed.length === 2, { label: 'two serverSubscribed events' });
  assert.deepEqual(subscribed, [
    { channel: 'news', position: { offset: 7, epoch: 'epoch-1' }, previous: null },
    { channel: 'chat:alice', position: { offset: 0, epoch: 'epoch-1' }, previous: null },
  ]);
  assert.deepEqual(herald.serverSubscriptions(), ['news', 'chat:alice']);
  assert.deepEqual(herald.subscriptions(), [], 'no Subscription object for a server-side channel');
  assert.deepEqual(server.commands('subscribe'), []);
});

test('publications of granted channels, JSON and binary, arrive as serverPublication with their channel', async (t) => {
  const { server, events } = await connected(t, ['news', 'files']);
  server.publish('news', { title: 'a' }, { user: 'u1', client: 'c9' });
  server.publish('files', new Uint8Array([1, 2, 3]));
  server.publish('elsewhere', 'not granted, not subscribed');
  await waitUntil(() => ofType(events, 'serverPublication').length === 2, { label: 'two serverPublication events' });
  await settle();
  const [news, files, ...rest] = ofType(events, 'serverPublication');
  assert.deepEqual(news, { event: 'serverPublication', channel: 'news', offset: 1, data: { title: 'a' }, info: { user: 'u1', client: 'c9' } });
  assert.equal(files.channel, 'files');
  assert.equal(files.offset, 1);
  assert.deepEqual([...files.data], [1, 2, 3]);
  assert.deepEqual(rest, []);
});

test('a publication at or below the position of the grant is dropped, later ones pass', async (t) => {
  const { server, events } = await connected(t, ['news']);
  server.connection.send({ type: 'pub', channel: 'news', offset: 0, data: 'no stream position: passes' });
  server.connection.send({ type: 'pub', channel: 'news', offset: 1, data: 'first' });
  server.connection.send({ type: 'pub', channel: 'news', offset: 1, data: 'duplicate' });
  server.connection.send({ type: 'pub', channel: 'news', offset: 2, data: 'second' });
  await waitUntil(() => ofType(events, 'serverPublication').length === 3, { label: 'three serverPublication events' });
  await settle();
  assert.deepEqual(ofType(events, 'serverPublication').map((e) => e.data), ['no stream position: passes', 'first', 'second']);
});

test('join and leave of a granted channel arrive as serverJoin and serverLeave', async (t) => {
  const { server, events } = await connected(t, ['chat:room']);
  const info = { user: 'bob', client: 'c7', name: 'Bob' };
  server.connection.send({ type: 'join', channel: 'chat:room', info });
  server.connection.send({ type: 'leave', channel: 'chat:room', info });
  server.connection.send({ type: 'join', channel: 'chat:other', info });
  await waitUntil(() => ofType(events, 'serverLeave').length === 1, { label: 'serverLeave' });
  await settle();
  assert.deepEqual(events.filter((e) => e.event !== 'serverSubscribed'), [
    { event: 'serverJoin', channel: 'chat:room', info },
    { event: 'serverLeave', channel: 'chat:room', info },
  ]);
});

test('the page\'s own subscriptions keep their publications; granted channels do not reach them', async (t) => {
  const { server, herald, events } = await connected(t, ['news']);
  const own = [];
  const room = herald.subscribe('chat:room', { onPublication: (pub) => own.push(pub.data) });
  await nextEvent(room, 'subscribed');
  server.publish('chat:room', 'mine');
  server.publish('news', 'granted');
  await waitUntil(() => own.length === 1 && ofType(events, 'serverPublication').length === 1, { label: 'both publications' });
  await settle();
  assert.deepEqual(own, ['mine']);
  assert.deepEqual(ofType(events, 'serverPublication').map((e) => e.data), ['granted']);
});

test('a refused grant is an error event without closing; its channel gets no events', async (t) => {
  const { server, herald, events } = await connected(t, []);
  const errors = [];
  herald.on('error', (ctx) => errors.push(ctx));
  const message = 'server-side subscription to nowhere:x failed: unknown namespace';
  server.connection.send({ error: { code: 'unknown_channel', message } });
  server.connection.send({ type: 'pub', channel: 'nowhere:x', offset: 1, data: 'x' });
  await waitUntil(() => errors.length === 1, { label: 'error event' });
  await settle();
  assert.equal(errors[0].type, 'server');
  assert.equal(errors[0].error.code, 'unknown_channel');
  assert.equal(errors[0].error.message, message);
  assert.equal(herald.state, 'connected');
  assert.deepEqual(events, []);
  assert.deepEqual(herald.serverSubscriptions(), []);
});

test('on reconnect the server grants again: no subscribe from the client, previous shows the gap, which history fills', async (t) => {
  const { server, herald, events } = await connected(t, ['news']);
  server.publish('news', 'seen');
  await waitUntil(() => ofType(events, 'serverPublication').length === 1, { label: 'first publication' });
  server.connection.fail();
  await nextEvent(herald, 'connecting');
  assert.deepEqual(herald.serverSubscriptions(), [], 'grants end with their connection');
  server.publish('news', 'missed 1');
  server.publish('news', 'missed 2');
  server.grants = ['news', 'alerts'];
  await nextEvent(herald, 'connected');
  await waitUntil(() => ofType(events, 'serverSubscribed').length === 3, { label: 'grants of the second connection' });
  const [, again, alerts] = ofType(events, 'serverSubscribed');
  assert.deepEqual(again, {
    event: 'serverSubscribed', channel: 'news', position: { offset: 3, epoch: 'epoch-1' }, previous: { offset: 1, epoch: 'epoch-1' },
  });
  assert.deepEqual(alerts.previous, null);
  assert.deepEqual(herald.serverSubscriptions(), ['news', 'alerts']);
  assert.deepEqual(server.commands('subscribe'), [], 'the client never subscribes server-side channels');
  assert.deepEqual(server.commands('connect').map((c) => Object.keys(c).sort()), [['id', 'type'], ['id', 'type']],
    'connect carries no positions: protocol v1 has no recovery for server-side channels');
  await settle();
  assert.deepEqual(ofType(events, 'serverPublication').map((e) => e.data), ['seen'], 'nothing is recovered');
  const { publications } = await herald.history('news', { since: again.previous });
  assert.deepEqual(publications.map((p) => p.data), ['missed 1', 'missed 2']);
  server.publish('news', 'live');
  await waitUntil(() => ofType(events, 'serverPublication').length === 2, { label: 'live publication after reconnect' });
  assert.deepEqual(ofType(events, 'serverPublication')[1].data, 'live');
});
