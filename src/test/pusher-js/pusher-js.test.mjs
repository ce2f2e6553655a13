// pusher-js (the real browser/Node client) and the `pusher` server SDK against a running Herald.
// Run by PusherJsStandaloneTest (and the container ITs) with the server's address in the environment.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import {
  env, server, startAuthEndpoint, client, connected, subscribed, nextEvent, silence, within, eventually, sleep,
} from './harness.mjs';

let auth;
const clients = [];
const open = (user, extra) => { const c = client(auth.url, user, extra); clients.push(c); return c; };

before(async () => { auth = await startAuthEndpoint(); });
after(async () => { clients.forEach((c) => c.disconnect()); await auth.close(); });

test('connects: connection_established with a NNN.NNN socket id', async () => {
  const p = open();
  await connected(p);
  assert.match(p.connection.socket_id, /^\d+\.\d+$/);
});

test('public channel: an event triggered by the server SDK arrives', async () => {
  const p = open();
  const ch = await subscribed(p, 'news');
  const got = nextEvent(ch, 'update');
  await server.trigger('news', 'update', { n: 1 });
  assert.deepEqual((await got).data, { n: 1 });
});

test('socket_id exclusion: the excluded connection gets nothing, the others do', async () => {
  const a = open(); const b = open();
  const chA = await subscribed(a, 'excl'); const chB = await subscribed(b, 'excl');
  const quiet = silence(chA, 'e', 700);
  const got = nextEvent(chB, 'e');
  await server.trigger('excl', 'e', { x: 1 }, { socket_id: a.connection.socket_id });
  await got; await quiet;
});

test('one event to several channels, and a batch', async () => {
  const p = open();
  const c1 = await subscribed(p, 'multi-1'); const c2 = await subscribed(p, 'multi-2');
  const g1 = nextEvent(c1, 'm'); const g2 = nextEvent(c2, 'm');
  await server.trigger(['multi-1', 'multi-2'], 'm', 'hello');
  assert.equal((await g1).data, 'hello'); assert.equal((await g2).data, 'hello');
  const b1 = nextEvent(c1, 'b1'); const b2 = nextEvent(c2, 'b2');
  await server.triggerBatch([{ channel: 'multi-1', name: 'b1', data: '1' }, { channel: 'multi-2', name: 'b2', data: '2' }]);
  assert.equal((await b1).data, 1); assert.equal((await b2).data, 2);
});

// a burst queues behind the send in flight (always so in a container, whose sends complete later): every
// event must still be its own WebSocket message, since pusher-js drops a frame holding two
test('a burst of events: each arrives, once and in order', async () => {
  const p = open();
  const ch = await subscribed(p, 'burst');
  const seen = [];
  const all = within(5000, 'all 10 burst events', (done) => ch.bind('n', (d) => {
    seen.push(d);
    if (seen.length === 10) done();
  }));
  await server.triggerBatch(Array.from({ length: 10 }, (_, i) => ({ channel: 'burst', name: 'n', data: String(i) })));
  await all;
  assert.deepEqual(seen, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('private channel: subscribes with auth from the SDK-signed endpoint; a bad signature is refused with 401', async () => {
  const p = open();
  const ch = await subscribed(p, 'private-orders');
  const got = nextEvent(ch, 'created');
  await server.trigger('private-orders', 'created', { id: 7 });
  assert.deepEqual((await got).data, { id: 7 });

  const bad = client(`${auth.url}`, undefined, {
    channelAuthorization: { endpoint: `${auth.url}/auth?bad=1`, transport: 'ajax' },
  });
  clients.push(bad);
  const badCh = bad.subscribe('private-orders');
  const err = await within(5000, 'subscription_error', (done) => badCh.bind('pusher:subscription_error', done));
  assert.equal(err.status, 401);
  assert.equal(err.type, 'AuthError');
  // the bystander still gets events
  const again = nextEvent(ch, 'created');
  await server.trigger('private-orders', 'created', { id: 8 });
  assert.deepEqual((await again).data, { id: 8 });
});

test('presence: members with ids/hash/count, one member per user across tabs, added and removed once', async () => {
  const alice1 = open('alice');
  const chA1 = await subscribed(alice1, 'presence-room');
  assert.equal(chA1.members.count, 1);
  assert.equal(chA1.members.me.id, 'alice');

  const bob = open('bob');
  const addedAtAlice = nextEvent(chA1, 'pusher:member_added');
  const chB = await subscribed(bob, 'presence-room');
  assert.equal(chB.members.count, 2);
  assert.deepEqual((await addedAtAlice).data, { id: 'bob', info: { name: 'bob' } });

  // a second tab of alice: bob sees no member_added, counts stay at 2
  const noAdd = silence(chB, 'pusher:member_added', 700);
  const alice2 = open('alice');
  const chA2 = await subscribed(alice2, 'presence-room');
  assert.equal(chA2.members.count, 2);
  await noAdd;
  const users = await server.get({ path: '/channels/presence-room/users' });
  assert.equal(users.status, 200);
  assert.deepEqual((await users.json()).users.map((u) => u.id).sort(), ['alice', 'bob']);
  const info = await (await server.get({ path: '/channels/presence-room', params: { info: 'user_count,subscription_count' } })).json();
  assert.deepEqual(info, { occupied: true, user_count: 2, subscription_count: 3 });

  // one tab of alice leaves: no member_removed; the last one leaves: member_removed
  const noRemove = silence(chB, 'pusher:member_removed', 700);
  alice2.disconnect();
  await noRemove;
  const removed = nextEvent(chB, 'pusher:member_removed');
  alice1.disconnect();
  assert.equal((await removed).data.id, 'alice');
  assert.equal(chB.members.count, 1);
});

test('client events: on private channels to the others, not echoed; refused on public channels; rate limited with 4301', async () => {
  const a = open(); const b = open();
  const chA = await subscribed(a, 'private-chat'); const chB = await subscribed(b, 'private-chat');
  const got = nextEvent(chB, 'client-typing');
  const noEcho = silence(chA, 'client-typing', 700);
  assert.equal(chA.trigger('client-typing', { who: 'a' }), true);
  assert.deepEqual((await got).data, { who: 'a' });
  await noEcho;

  const pub = await subscribed(a, 'lobby');
  const refused = within(5000, 'pusher:error', (done) => a.connection.bind('error', (e) => done(e)));
  pub.trigger('client-hello', {});
  const e = await refused;
  assert.match(e.data.message, /only supported on private and presence channels/);
  a.connection.unbind('error');

  const limited = within(5000, '4301', (done) => a.connection.bind('error', (err) => {
    if (err.data && err.data.code === 4301) done(err);
  }));
  for (let i = 0; i < 15; i++) chA.trigger('client-burst', { i });
  await limited;
  assert.equal(a.connection.state, 'connected');
});

test('cache channels: the last event is replayed on subscribe; an empty one gets pusher:cache_miss', async () => {
  await server.trigger('cache-prices', 'tick', { price: 42 });
  const p = open();
  const ch = p.subscribe('cache-prices');
  const replay = await nextEvent(ch, 'tick');
  assert.deepEqual(replay.data, { price: 42 });
  const empty = p.subscribe('cache-nothing-yet');
  await nextEvent(empty, 'pusher:cache_miss');
});

test('encrypted channels: the server relays what the SDK encrypted, pusher-js decrypts it', async () => {
  const p = open();
  const ch = await subscribed(p, 'private-encrypted-vault');
  const got = nextEvent(ch, 'secret');
  await server.trigger('private-encrypted-vault', 'secret', { code: 1234 });
  assert.deepEqual((await got).data, { code: 1234 });
  const info = await (await server.get({ path: '/channels/private-encrypted-vault', params: { info: 'subscription_count' } })).json();
  assert.deepEqual(info, { occupied: true, subscription_count: 1 });
});

test('sign-in: signin_success, a message to the user, then terminate_connections closes the user', async () => {
  const p = open('carol');
  await connected(p);
  p.signin();
  await within(5000, 'signin', (done) => p.user.signinDonePromise.then(done));
  assert.equal(p.user.user_data.id, 'carol');
  await eventually(5000, 'user channel subscribed', () => p.user.serverToUserChannel?.subscribed);
  const got = within(5000, 'message to user', (done) => p.user.bind('hello', (d) => done(d)));
  await server.sendToUser('carol', 'hello', { hi: true });
  assert.deepEqual(await got, { hi: true });

  const closed = within(5000, 'disconnect', (done) => p.connection.bind('state_change', (s) => {
    if (s.current === 'disconnected' || s.current === 'failed') done(s);
  }));
  const res = await server.terminateUserConnections('carol');
  assert.equal(res.status, 200);
  await closed;
});

test('watchlist: online for watched users already signed in, then online/offline once per user as they come and go', async () => {
  const signedIn = async (p) => {
    await connected(p);
    p.signin();
    await within(5000, 'signin', (done) => p.user.signinDonePromise.then(done));
  };
  const xena = open('xena');
  await signedIn(xena);
  const wanda = open('wanda', { userAuthentication: { endpoint: `${auth.url}/user-auth?user=wanda&watch=xena,yuri`, transport: 'ajax' } });
  const events = [];
  wanda.user.watchlist.bind('online', (e) => events.push(['online', e.user_ids]));
  wanda.user.watchlist.bind('offline', (e) => events.push(['offline', e.user_ids]));
  await signedIn(wanda);
  await eventually(5000, 'xena reported online', () => events.length >= 1);
  const yuri1 = open('yuri'); const yuri2 = open('yuri'); // two tabs, one user
  await signedIn(yuri1); await signedIn(yuri2);
  await signedIn(open('zed')); // not watched
  await eventually(5000, 'yuri reported online', () => events.length >= 2);
  yuri1.disconnect(); // yuri still has a tab: no offline
  xena.disconnect();
  await eventually(5000, 'xena reported offline', () => events.length >= 3);
  yuri2.disconnect();
  await eventually(5000, 'yuri reported offline', () => events.length >= 4);
  assert.deepEqual(events, [['online', ['xena']], ['online', ['yuri']], ['offline', ['xena']], ['offline', ['yuri']]]);
});

test('reconnect: after a server-side close in the 4200 range pusher-js reconnects and resubscribes', async () => {
  const p = open();
  const ch = await subscribed(p, 'after-reconnect');
  const first = p.connection.socket_id;
  const back = within(10000, 'reconnected', (done) => p.connection.bind('connected', () => done()));
  const res = await fetch(`http://${env.host}:${env.port}${env.path}/api/disconnect`, {
    method: 'POST', headers: { Authorization: `Bearer ${env.apiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ client: first, reconnect: true }),
  });
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { disconnected: 1 });
  await back;
  assert.notEqual(p.connection.socket_id, first);
  await eventually(5000, 'resubscribed', () => ch.subscribed);
  const got = nextEvent(ch, 'later');
  await server.trigger('after-reconnect', 'later', 'x');
  assert.equal((await got).data, 'x');
});

test('HTTP API: channels with filter_by_prefix and info, channel info, and Pusher errors', async () => {
  const p = open('dave');
  await subscribed(p, 'presence-listing');
  await subscribed(p, 'listed');
  const all = await (await server.get({ path: '/channels' })).json();
  assert.ok('listed' in all.channels && 'presence-listing' in all.channels);
  const pres = await (await server.get({ path: '/channels', params: { filter_by_prefix: 'presence-', info: 'user_count' } })).json();
  assert.deepEqual(pres.channels['presence-listing'], { user_count: 1 });
  assert.ok(!('listed' in pres.channels));
  const one = await (await server.get({ path: '/channels/listed', params: { info: 'subscription_count' } })).json();
  assert.deepEqual(one, { occupied: true, subscription_count: 1 });
  const vacant = await (await server.get({ path: '/channels/nobody-here' })).json();
  assert.deepEqual(vacant, { occupied: false });

  await assert.rejects(server.get({ path: '/channels/listed', params: { info: 'user_count' } }), (e) => e.status === 400);
  await assert.rejects(server.trigger('big', 'e', 'x'.repeat(10 * 1024 + 1)), (e) => e.status === 413);
  const wrong = new (server.constructor)({ appId: env.appId, key: env.key, secret: 'not-the-secret', host: env.host, port: `${env.port}${env.path}`, useTLS: false });
  await assert.rejects(wrong.trigger('news', 'e', 'x'), (e) => e.status === 401);

  // a stale timestamp, signed right
  const ts = Math.floor(Date.now() / 1000) - 3600;
  const body = JSON.stringify({ name: 'e', channels: ['news'], data: 'x' });
  const md5 = crypto.createHash('md5').update(body).digest('hex');
  const query = `auth_key=${env.key}&auth_timestamp=${ts}&auth_version=1.0&body_md5=${md5}`;
  const path = `/apps/${env.appId}/events`;
  const sig = crypto.createHmac('sha256', env.secret).update(`POST\n${path}\n${query}`).digest('hex');
  const stale = await fetch(`http://${env.host}:${env.port}${env.path}${path}?${query}&auth_signature=${sig}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body,
  });
  assert.equal(stale.status, 401);
  assert.match(await stale.text(), /Timestamp expired/);
  // and the connection that watched all this is still fine
  assert.equal(p.connection.state, 'connected');
});
