import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Herald, TransportChooser } from '../src/herald.js';
import { httpBase } from '../src/transports/http-base.js';
import { nextEvent, waitUntil } from './fake-server.js';

const FAST = { minReconnectDelay: 5, maxReconnectDelay: 20, timeout: 2000 };

// ---- the state machine on its own ---------------------------------------------------------------

test('the chooser moves to the next transport after each failure before connect, wrapping around', () => {
  const chooser = new TransportChooser(['websocket', 'http_stream', 'sse']);
  assert.equal(chooser.current(), 'websocket');
  chooser.failedBeforeConnect();
  assert.equal(chooser.current(), 'http_stream');
  chooser.failedBeforeConnect();
  assert.equal(chooser.current(), 'sse');
  chooser.failedBeforeConnect();
  assert.equal(chooser.current(), 'websocket');
});

test('a transport that connected is kept through later failures and stored for the page session', () => {
  const stored = new Map();
  const storage = { getItem: (k) => stored.get(k) ?? null, setItem: (k, v) => stored.set(k, v) };
  const chooser = new TransportChooser(['websocket', 'http_stream', 'sse'], storage);
  chooser.failedBeforeConnect();
  chooser.connected();
  assert.equal(chooser.remembered, 'http_stream');
  chooser.failedBeforeConnect();
  assert.equal(chooser.current(), 'http_stream');
  const nextPage = new TransportChooser(['websocket', 'http_stream', 'sse'], storage);
  assert.equal(nextPage.current(), 'http_stream');
});

test('a stored transport this page cannot use is ignored, and a broken storage never throws', () => {
  const storage = { getItem: () => 'sse', setItem: () => { throw new Error('quota'); } };
  const chooser = new TransportChooser(['websocket', 'http_stream'], storage);
  assert.equal(chooser.current(), 'websocket');
  chooser.connected();
  assert.equal(chooser.remembered, 'websocket');
  const denied = new TransportChooser(['websocket'], { getItem: () => { throw new Error('denied'); } });
  assert.equal(denied.current(), 'websocket');
});

test('the HTTP base sits beside the WebSocket URL', () => {
  assert.equal(httpBase('ws://h:8080/herald/ws'), 'http://h:8080/herald');
  assert.equal(httpBase('wss://h/ws'), 'https://h');
});

// ---- the client falling back over a fake server -------------------------------------------------

/** A WebSocket that a proxy refuses: it never opens and closes with 1006. */
class RefusedWebSocket {
  static attempts = 0;
  readyState = 0;

  constructor() {
    RefusedWebSocket.attempts++;
    setImmediate(() => {
      this.readyState = 3;
      this.onclose?.({ code: 1006, reason: '' });
    });
  }

  send() {
    throw new Error('not open');
  }

  close() {}
}

/** A fake Herald behind `fetch`: GET /stream is an ndjson stream, POST /emulation runs commands on it. */
class FakeHttpHerald {
  streams = 0;
  posts = 0;
  #controller = null;
  #encoder = new TextEncoder();
  #offset = 0;

  fetch = async (url, init = {}) => {
    const { pathname, searchParams } = new URL(url);
    if (pathname === '/app/stream') {
      this.streams++;
      const body = new ReadableStream({ start: (controller) => { this.#controller = controller; } });
      init.signal?.addEventListener('abort', () => this.#end());
      setImmediate(() => this.push({ type: 'session', session: `s${this.streams}`, transport: 'http_stream' }));
      return new Response(body, { status: 200, headers: { 'Content-Type': 'application/x-ndjson' } });
    }
    if (pathname === '/app/emulation' && searchParams.get('session') === `s${this.streams}`) {
      this.posts++;
      for (const line of String(init.body).split('\n')) {
        this.#run(JSON.parse(line));
      }
      return new Response(null, { status: 204 });
    }
    return new Response('{"error":{"code":"not_found","message":"no such session"}}', { status: 404 });
  };

  push(message) {
    this.#controller?.enqueue(this.#encoder.encode(`${JSON.stringify(message)}\n`));
  }

  /** Ends the stream as a dropped connection would. */
  drop() {
    this.#end();
  }

  #end() {
    try {
      this.#controller?.close();
    } catch {
      // already closed
    }
    this.#controller = null;
  }

  #run(command) {
    switch (command.type) {
      case 'connect':
        this.push({ id: command.id, result: { client: 'c1', user: '', ping: 25 } });
        break;
      case 'subscribe':
        this.push({ id: command.id, result: { epoch: 'e', offset: this.#offset } });
        break;
      case 'publish':
        this.#offset++;
        this.push({ id: command.id, result: { epoch: 'e', offset: this.#offset } });
        this.push({ type: 'pub', channel: command.channel, offset: this.#offset, data: command.data });
        break;
      default:
        this.push({ id: command.id, result: {} });
    }
  }
}

test('a refused WebSocket falls back to HTTP-streaming; the API and events are the same', async (t) => {
  RefusedWebSocket.attempts = 0;
  const server = new FakeHttpHerald();
  const herald = new Herald('ws://fake.test/app/ws', {
    ...FAST, WebSocket: RefusedWebSocket, fetch: server.fetch, transports: ['websocket', 'http_stream'],
  });
  t.after(() => herald.disconnect());
  herald.connect();
  const connected = await nextEvent(herald, 'connected');
  assert.equal(connected.transport, 'http_stream');
  assert.equal(herald.transport, 'http_stream');
  assert.equal(RefusedWebSocket.attempts, 1);
  const received = [];
  herald.subscribe('chat:room', { onPublication: (p) => received.push(p.data) });
  const position = await herald.publish('chat:room', { text: 'hi' });
  assert.equal(position.offset, 1);
  await waitUntil(() => received.length === 1, { label: 'the publication over the stream' });
  assert.deepEqual(received, [{ text: 'hi' }]);
});

test('after a dropped stream the client reconnects over the remembered transport, not the WebSocket', async (t) => {
  RefusedWebSocket.attempts = 0;
  const server = new FakeHttpHerald();
  const herald = new Herald('ws://fake.test/app/ws', {
    ...FAST, WebSocket: RefusedWebSocket, fetch: server.fetch, transports: ['websocket', 'http_stream'],
  });
  t.after(() => herald.disconnect());
  herald.connect();
  await nextEvent(herald, 'connected');
  server.drop();
  const again = await nextEvent(herald, 'connected');
  assert.equal(again.transport, 'http_stream');
  assert.equal(server.streams, 2);
  assert.equal(RefusedWebSocket.attempts, 1, 'the WebSocket is not tried again once HTTP-streaming worked');
});

test('publishes queued while the stream is down go out once it is back, in order', async (t) => {
  const server = new FakeHttpHerald();
  const herald = new Herald('ws://fake.test/app/ws', {
    ...FAST, WebSocket: RefusedWebSocket, fetch: server.fetch, transports: ['http_stream'],
  });
  t.after(() => herald.disconnect());
  herald.connect();
  await nextEvent(herald, 'connected');
  server.drop();
  await nextEvent(herald, 'connecting');
  const first = herald.publish('chat:room', 1);
  const second = herald.publish('chat:room', 2);
  assert.deepEqual([(await first).offset, (await second).offset], [1, 2]);
});

test('without fetch or EventSource only the WebSocket is used, as before', async () => {
  const herald = new Herald('ws://fake.test/app/ws', { ...FAST, WebSocket: RefusedWebSocket });
  assert.equal(herald.transport, null);
  herald.disconnect();
});
