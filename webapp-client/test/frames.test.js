import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseTextFrame, parsePublicationFrame, encodePublishFrame, toPublication, base64ToBytes, isBinary,
} from '../src/frames.js';
import { HeraldError } from '../src/errors.js';
import { encodeBinaryPublication, decodeBinaryPublish } from './fake-server.js';

test('a text frame with several newline-separated objects yields each object in order', () => {
  const frame = '{"id":1,"result":{}}\n{"type":"pub","channel":"a","offset":1,"data":1}\n{"type":"ping"}';
  assert.deepEqual(parseTextFrame(frame), [
    { id: 1, result: {} },
    { type: 'pub', channel: 'a', offset: 1, data: 1 },
    { type: 'ping' },
  ]);
});

test('empty lines and a trailing newline are ignored', () => {
  assert.deepEqual(parseTextFrame('{"a":1}\n\n{"b":2}\n'), [{ a: 1 }, { b: 2 }]);
});

test('a malformed line is reported and does not hide the lines around it', () => {
  const bad = [];
  const messages = parseTextFrame('{"a":1}\n{oops\n{"b":2}', (line) => bad.push(line));
  assert.deepEqual(messages, [{ a: 1 }, { b: 2 }]);
  assert.deepEqual(bad, ['{oops']);
});

test('a binary publication frame parses into channel, offset and Uint8Array data', () => {
  const payload = new Uint8Array([0, 1, 2, 255]);
  const frame = encodeBinaryPublication('chat:room-1', 42, payload);
  const publication = parsePublicationFrame(frame.buffer);
  assert.equal(publication.channel, 'chat:room-1');
  assert.equal(publication.offset, 42);
  assert.ok(publication.data instanceof Uint8Array);
  assert.deepEqual([...publication.data], [0, 1, 2, 255]);
});

test('binary publication parsing accepts a view into a larger buffer', () => {
  const frame = encodeBinaryPublication('news', 7, new Uint8Array([9]));
  const padded = new Uint8Array(frame.length + 3);
  padded.set(frame, 3);
  const publication = parsePublicationFrame(padded.subarray(3));
  assert.equal(publication.channel, 'news');
  assert.equal(publication.offset, 7);
  assert.deepEqual([...publication.data], [9]);
});

test('a binary publication with empty payload and large offset parses', () => {
  const frame = encodeBinaryPublication('n', 2 ** 40, new Uint8Array(0));
  const publication = parsePublicationFrame(frame);
  assert.equal(publication.offset, 2 ** 40);
  assert.equal(publication.data.length, 0);
});

test('malformed binary frames are rejected with bad_frame', () => {
  const cases = [
    new Uint8Array([]),
    new Uint8Array([0x02, 1, 0x61]),
    new Uint8Array([0x01, 0]),
    new Uint8Array([0x01, 5, 0x61, 0x62]),
    new Uint8Array([0x01, 1, 0x61, 0, 0, 0]),
    new Uint8Array([0x01, 1, 0xff, 0, 0, 0, 0, 0, 0, 0, 1]),
  ];
  for (const frame of cases) {
    assert.throws(() => parsePublicationFrame(frame), (error) => error instanceof HeraldError && error.code === 'bad_frame',
      `frame ${[...frame]}`);
  }
});

test('a binary publish frame follows the 0x02 layout', () => {
  const frame = encodePublishFrame(258, 'chat:é', new Uint8Array([7, 8]));
  assert.equal(frame[0], 0x02);
  assert.deepEqual([...frame.subarray(1, 5)], [0, 0, 1, 2]);
  assert.equal(frame[5], new TextEncoder().encode('chat:é').length);
  assert.deepEqual(decodeBinaryPublish(frame), { type: 'publish', id: 258, channel: 'chat:é', binary: new Uint8Array([7, 8]) });
});

test('a binary publish accepts an ArrayBuffer or any typed array payload', () => {
  const fromBuffer = decodeBinaryPublish(encodePublishFrame(1, 'a', new Uint8Array([1, 2]).buffer));
  assert.deepEqual([...fromBuffer.binary], [1, 2]);
  const fromInt16 = decodeBinaryPublish(encodePublishFrame(1, 'a', new Int16Array([1])));
  assert.equal(fromInt16.binary.length, 2);
});

test('a binary publish refuses channel names that do not fit one length byte', () => {
  assert.throws(() => encodePublishFrame(1, 'x'.repeat(256), new Uint8Array(1)), { code: 'invalid_argument' });
  assert.throws(() => encodePublishFrame(1, '', new Uint8Array(1)), { code: 'invalid_argument' });
  assert.doesNotThrow(() => encodePublishFrame(1, 'x'.repeat(255), new Uint8Array(1)));
});

test('publications from results turn base64 `binary` into bytes and default a missing offset to 0', () => {
  assert.deepEqual(toPublication({ channel: 'a', offset: 3, binary: 'AAEC' }), {
    channel: 'a', offset: 3, data: new Uint8Array([0, 1, 2]),
  });
  assert.deepEqual(toPublication({ channel: 'a', data: { x: 1 }, info: { user: 'u', client: 'c' } }), {
    channel: 'a', offset: 0, data: { x: 1 }, info: { user: 'u', client: 'c' },
  });
  assert.deepEqual([...base64ToBytes('/w==')], [255]);
});

test('only byte containers count as binary publish data', () => {
  assert.ok(isBinary(new ArrayBuffer(1)));
  assert.ok(isBinary(new Uint8Array(1)));
  assert.ok(!isBinary({ length: 1 }));
  assert.ok(!isBinary('bytes'));
  assert.ok(!isBinary([1, 2]));
});
