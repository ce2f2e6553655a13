// Work waiting for a connection (src/awaiting-connection.js): the publish queue's bound and order, the
// requests' deadline, and that giving up settles every waiting promise exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AwaitingConnection } from '../src/awaiting-connection.js';

test('queued publishes go out in the order they were made, each settled by its own reply', async () => {
  const awaiting = new AwaitingConnection(10);
  const a = awaiting.queuePublish('news', 1);
  const b = awaiting.queuePublish('news', 2);
  assert.equal(awaiting.publishes, 2);
  const sent = [];
  awaiting.connected((channel, data) => {
    sent.push(`${channel}:${data}`);
    return Promise.resolve({ offset: data, epoch: 'e' });
  });
  assert.deepEqual(sent, ['news:1', 'news:2']);
  assert.equal(awaiting.publishes, 0);
  assert.deepEqual(await a, { offset: 1, epoch: 'e' });
  assert.deepEqual(await b, { offset: 2, epoch: 'e' });
});

test('a publish past the bound is refused at once with queue_full; the queued ones stay', async () => {
  const awaiting = new AwaitingConnection(2);
  awaiting.queuePublish('a', 1);
  awaiting.queuePublish('a', 2);
  await assert.rejects(awaiting.queuePublish('a', 3), (error) => error.code === 'queue_full');
  assert.equal(awaiting.publishes, 2);
});

test('a publish whose send fails after connect is rejected with that error', async () => {
  const awaiting = new AwaitingConnection(1);
  const p = awaiting.queuePublish('a', 1);
  const refused = Object.assign(new Error('no'), { code: 'permission_denied' });
  awaiting.connected(() => Promise.reject(refused));
  await assert.rejects(p, (error) => error === refused);
});

test('a waiting request goes on when the client connects', async () => {
  const awaiting = new AwaitingConnection(1);
  const waiting = awaiting.waitForConnection(5000);
  awaiting.connected(() => Promise.resolve({ offset: 0, epoch: '' }));
  assert.equal(await waiting, undefined);
});

test('a waiting request is rejected with timeout when no connection comes within its deadline', async () => {
  const awaiting = new AwaitingConnection(1);
  const started = Date.now();
  await assert.rejects(awaiting.waitForConnection(30), (error) => error.code === 'timeout');
  assert.ok(Date.now() - started >= 25, 'not before its deadline');
});

test('failAll rejects every queued publish and waiting request with the given error, once', async () => {
  const awaiting = new AwaitingConnection(5);
  const publish = awaiting.queuePublish('a', 1);
  const waiting = awaiting.waitForConnection(5000);
  const error = Object.assign(new Error('gone'), { code: 'disconnected' });
  awaiting.failAll(error);
  await assert.rejects(publish, (e) => e === error);
  await assert.rejects(waiting, (e) => e === error);
  assert.equal(awaiting.publishes, 0);
  let sent = 0;
  awaiting.connected(() => {
    sent++;
    return Promise.resolve({ offset: 0, epoch: '' });
  });
  assert.equal(sent, 0, 'nothing is left to send after failAll');
});
