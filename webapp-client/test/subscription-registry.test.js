// The subscription registry (src/subscription-registry.js): one subscription per channel, and pushes
// routed to the backend's grant of a channel before the page's own subscription to it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SubscriptionRegistry } from '../src/subscription-registry.js';

function inbound(log, name) {
  return {
    connected: () => log.push(`${name} connected`),
    disconnected: () => log.push(`${name} disconnected`),
    publication: (pub) => log.push(`${name} pub ${pub.offset}`),
    presence: (type, info) => log.push(`${name} ${type} ${info.client}`),
  };
}

test('a second subscription to the same channel is refused with already_subscribed', () => {
  const registry = new SubscriptionRegistry(() => {});
  const first = { channel: 'news' };
  registry.add(first, inbound([], 'first'));
  registry.add(first, inbound([], 'first')); // the same subscription again is fine
  assert.throws(() => registry.add({ channel: 'news' }, inbound([], 'second')),
    (error) => error.code === 'already_subscribed');
  assert.equal(registry.get('news'), first);
});

test('remove drops a subscription only while it still holds its channel', () => {
  const registry = new SubscriptionRegistry(() => {});
  const old = { channel: 'news' };
  registry.add(old, inbound([], 'old'));
  registry.remove(old);
  const current = { channel: 'news' };
  registry.add(current, inbound([], 'current'));
  registry.remove(old);
  assert.deepEqual(registry.all(), [current]);
});

test('publications and presence go to the page subscription of their channel, none elsewhere', () => {
  const log = [];
  const registry = new SubscriptionRegistry(() => log.push('client event'));
  registry.add({ channel: 'a' }, inbound(log, 'a'));
  registry.add({ channel: 'b' }, inbound(log, 'b'));
  registry.publication({ channel: 'b', offset: 7 });
  registry.presence('join', 'a', { client: 'c1' });
  registry.publication({ channel: 'unknown', offset: 1 });
  assert.deepEqual(log, ['b pub 7', 'a join c1']);
});

test('a channel the backend granted takes its pushes as client-level events, before a page subscription', () => {
  const log = [];
  const events = [];
  const registry = new SubscriptionRegistry((event, ctx) => events.push([event, ctx.channel]));
  registry.add({ channel: 'feed' }, inbound(log, 'page'));
  registry.grant({ channel: 'feed', offset: 0, epoch: 'e' });
  registry.publication({ channel: 'feed', offset: 1 });
  registry.presence('leave', 'feed', { client: 'c1' });
  assert.deepEqual(log, []);
  assert.deepEqual(events, [['serverSubscribed', 'feed'], ['serverPublication', 'feed'], ['serverLeave', 'feed']]);
  assert.deepEqual(registry.granted(), ['feed']);
});

test('connection changes reach every page subscription; grants end with the connection', () => {
  const log = [];
  const registry = new SubscriptionRegistry(() => {});
  registry.add({ channel: 'a' }, inbound(log, 'a'));
  registry.add({ channel: 'b' }, inbound(log, 'b'));
  registry.grant({ channel: 'g' });
  registry.connected();
  registry.disconnected();
  assert.deepEqual(log, ['a connected', 'b connected', 'a disconnected', 'b disconnected']);
  assert.deepEqual(registry.granted(), []);
});
