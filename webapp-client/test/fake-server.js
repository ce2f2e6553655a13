/**
 * An in-process fake Herald server for the client's unit tests, in the spirit of centrifuge-js
 * fakeServer.ts: the client under test talks to it through the `WebSocket` option, and tests add
 * scenarios through hooks WITHOUT touching the client:
 *
 *   const server = new FakeServer();
 *   const herald = new Herald('ws://fake/ws', { WebSocket: server.WebSocket });
 *   server.hooks.subscribe = (command, connection) => ({ error: { code: 'permission_denied', message: 'no' } });
 *   server.connection.close(4001, 'slow consumer');
 *
 * It keeps a tiny stream per channel (offset, epoch, history) so recovery can be exercised for real.
 * Every event it delivers goes through setImmediate, like a network read: never synchronously inside
 * the client's call, and unaffected by mock timers (which only replace setTimeout).
 *
 * Also exports the bounded wait helpers the tests use (waitUntil, nextEvent): every wait has a
 * deadline and fails with a message saying what it waited for.
 *
 * Note: `node --test test/` runs every file in this folder, so this module shows up as one (empty)
 * test file in the runner's totals.
 */
import { performance } from 'node:perf_hooks';

/**
 * Each test file runs in its own process, which exits once nothing is left to do. A client bug that
 * keeps reconnecting (or a leaked timer) would keep it alive for ever and stall the whole run, so a
 * test file that imports this module gets a deadline. unref(): the guard itself keeps nothing alive,
 * and being created before any test enables mock timers, it always runs on the real clock.
 */
const FILE_DEADLINE_MS = 120_000;
setTimeout(() => {
  console.error(`test file still running after ${FILE_DEADLINE_MS} ms: a client or timer leaked; failing it`);
  process.exit(1);
}, FILE_DEADLINE_MS).unref();

/** A hook result that makes the server swallow the command (never reply). */
export const NO_REPLY = Symbol('NO_REPLY');

export class FakeServer {
  /** @type {FakeConnection[]} every connection ever opened, oldest first */
  connections = [];
  /** @type {{ connection: FakeConnection, command: object }[]} every command received, in order */
  received = [];
  /**
   * Per command type: `(command, connection) => ({ result } | { error } | NO_REPLY | undefined)`;
   * undefined falls back to the default behaviour. A reply may carry `afterReply(connection)`, run
   * once the reply is on its way (e.g. to close the connection after an error, as the server does).
   */
  hooks = {};
  /** When true, new sockets fail before opening (close 1006), like an unreachable server. */
  refuseConnections = false;
  /** Channels the backend grants every connection on connect (server-side subscriptions), in order. */
  grants = [];
  /** The `ping` interval (seconds) sent in connect results. */
  ping;
  /** @type {Map<string, { epoch: string, offset: number, publications: object[], historySize: number }>} */
  streams = new Map();

  constructor({ ping = 25, epoch = 'epoch-1', historySize = 100 } = {}) {
    this.ping = ping;
    this.epoch = epoch;
    this.historySize = historySize;
    const server = this;
    this.WebSocket = class FakeWebSocket extends FakeSocket {
      constructor(url, protocols) {
        super(url, protocols);
        server.#accept(this);
      }
    };
  }

  /** @returns {FakeConnection | undefined} the newest connection */
  get connection() {
    return this.connections[this.connections.length - 1];
  }

  /** @returns {object[]} commands of one type received so far */
  commands(type) {
    return this.received.filter((r) => r.command.type === type).map((r) => r.command);
  }

  /**
   * Publishes as the server (like the HTTP API): appends to the channel's stream and pushes to every
   * subscribed connection. `data` may be a Uint8Array for a binary publication.
   * @returns {object} the stored publication
   */
  publish(channel, data, info) {
    const stream = this.stream(channel);
    stream.offset += 1;
    const publication = { channel, offset: stream.offset };
    if (data instanceof Uint8Array) {
      publication.bytes = data;
    } else {
      publication.data = data;
    }
    if (info) {
      publication.info = info;
    }
    stream.publications.push(publication);
    if (stream.publications.length > stream.historySize) {
      stream.publications.shift();
    }
    for (const connection of this.connections) {
      if (connection.open && connection.subscriptions.has(channel)) {
        connection.sendPublication(publication);
      }
    }
    return publication;
  }

  /** The channel's stream, created on first use. */
  stream(channel) {
    let stream = this.streams.get(channel);
    if (!stream) {
      stream = { epoch: this.epoch, offset: 0, publications: [], historySize: this.historySize };
      this.streams.set(channel, stream);
    }
    return stream;
  }

  /** Loses a channel's history, as a restarted memory broker would: new epoch, empty history. */
  resetStream(channel, epoch) {
    const stream = this.stream(channel);
    stream.epoch = epoch;
    stream.publications = [];
  }

  #accept(socket) {
    const connection = new FakeConnection(this, socket);
    this.connections.push(connection);
    setImmediate(() => {
      if (this.refuseConnections) {
        connection.fail();
      } else if (socket.readyState === 0) {
        socket.readyState = 1;
        socket.protocol = 'herald.v1';
        socket.onopen?.({});
      }
    });
  }

  /** Called by FakeConnection for every frame the client sends. @internal */
  _receive(connection, frame) {
    const command = typeof frame === 'string' ? JSON.parse(frame) : decodeBinaryPublish(frame);
    this.received.push({ connection, command });
    if (command.type === 'pong') {
      return;
    }
    const hook = this.hooks[command.type];
    let outcome = hook ? hook(command, connection) : undefined;
    if (outcome === undefined) {
      outcome = this.#defaultReply(command, connection);
    }
    if (outcome === NO_REPLY) {
      return;
    }
    const { afterReply, ...reply } = outcome;
    connection.send({ id: command.id, ...reply });
    afterReply?.(connection);
    if (command.type === 'connect' && reply.result) {
      this.grants.forEach((channel) => this.grant(connection, channel));
    }
  }

  /** A server-side subscription, as the server makes one after the connect reply: a `subscribed` push. */
  grant(connection, channel) {
    const stream = this.stream(channel);
    connection.subscriptions.add(channel);
    connection.send({ type: 'subscribed', channel, epoch: stream.epoch, offset: stream.offset });
  }

  #defaultReply(command, connection) {
    switch (command.type) {
      case 'connect':
        connection.info = { user: '', client: `c${this.connections.indexOf(connection) + 1}` };
        if (command.name) {
          connection.info.name = command.name;
        }
        return { result: { client: connection.info.client, user: '', ping: this.ping } };
      case 'subscribe':
        return { result: this.#subscribe(command, connection) };
      case 'unsubscribe':
        connection.subscriptions.delete(command.channel);
        return { result: {} };
      case 'publish': {
        const publication = this.publish(command.channel, command.binary ?? command.data, connection.info);
        const stream = this.stream(command.channel);
        return { result: { epoch: stream.epoch, offset: publication.offset } };
      }
      case 'presence': {
        const clients = {};
        for (const c of this.connections) {
          if (c.open && c.subscriptions.has(command.channel)) {
            clients[c.info.client] = c.info;
          }
        }
        return { result: { clients } };
      }
      case 'history': {
        const stream = this.stream(command.channel);
        const limit = command.limit ?? 100;
        const after = command.since?.epoch === stream.epoch ? stream.publications.filter((p) => p.offset > command.since.offset)
          : stream.publications;
        const publications = after.slice(Math.max(0, after.length - limit));
        return { result: { epoch: stream.epoch, offset: stream.offset, publications: publications.map(toWire) } };
      }
      case 'ping':
        return { result: {} };
      default:
        return { error: { code: 'bad_request', message: `unknown command type '${command.type}'` } };
    }
  }

  #subscribe(command, connection) {
    const stream = this.stream(command.channel);
    connection.subscriptions.add(command.channel);
    const result = { epoch: stream.epoch, offset: stream.offset };
    const since = command.since;
    if (since) {
      const oldest = stream.publications.length ? stream.publications[0].offset : stream.offset + 1;
      const recovered = since.epoch === stream.epoch && since.offset >= oldest - 1 && since.offset <= stream.offset;
      result.recovered = recovered;
      result.publications = recovered
        ? stream.publications.filter((p) => p.offset > since.offset).map(toWire)
        : [];
    }
    return result;
  }
}

/** The server's side of one socket. */
export class FakeConnection {
  subscriptions = new Set();
  info = null;
  closing = false;
  failing = false;

  constructor(server, socket) {
    this.server = server;
    this.socket = socket;
    socket._connection = this;
  }

  /** @returns {boolean} whether the socket is open */
  get open() {
    return this.socket.readyState === 1;
  }

  /** Sends one JSON object (or a raw text frame, e.g. several lines joined by '\n'). */
  send(message) {
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    this.#deliver(() => this.socket.onmessage?.({ data: text }));
  }

  /** Sends a binary frame (copied into a fresh ArrayBuffer, as a browser would deliver it). */
  sendBinary(bytes) {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    this.#deliver(() => this.socket.onmessage?.({ data: buffer }));
  }

  /** Pushes a stored publication: JSON text, or the 0x01 binary layout for bytes. */
  sendPublication(publication) {
    if (publication.bytes) {
      this.sendBinary(encodeBinaryPublication(publication.channel, publication.offset, publication.bytes));
    } else {
      this.send({ type: 'pub', ...toWire(publication) });
    }
  }

  /** Server-initiated close with a close frame. */
  close(code, reason = '') {
    if (this.closing || this.socket.readyState >= 2) {
      return;
    }
    this.closing = true;
    // frames already on their way arrive before the close frame, as on a real socket
    setImmediate(() => {
      if (this.socket.readyState !== 3) {
        this.socket.readyState = 3;
        this.socket.onclose?.({ code, reason, wasClean: true });
      }
    });
  }

  /** The `disconnect` push followed by the close, as the real server does. */
  disconnect(code, reason, reconnect) {
    this.send({ type: 'disconnect', code, reason, reconnect });
    this.close(code, reason);
  }

  /** The connection fails without a close frame (network loss): code 1006. */
  fail() {
    if (this.failing || this.socket.readyState === 3) {
      return;
    }
    this.failing = true;
    // frames already on their way are still delivered, as a TCP stream would
    setImmediate(() => {
      this.socket.readyState = 3;
      this.socket.onerror?.({});
      this.socket.onclose?.({ code: 1006, reason: '', wasClean: false });
    });
  }

  #deliver(action) {
    setImmediate(() => {
      if (this.socket.readyState === 1) {
        action();
      }
    });
  }
}

/** What the client sees as `WebSocket`; FakeServer#WebSocket binds it to a server. */
class FakeSocket {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;

  readyState = 0;
  bufferedAmount = 0;
  binaryType = 'blob';
  protocol = '';
  onopen = null;
  onmessage = null;
  onerror = null;
  onclose = null;
  /** @type {{ code?: number, reason?: string } | null} set when the client closed the socket */
  closedByClient = null;

  constructor(url, protocols) {
    this.url = url;
    this.protocols = protocols;
  }

  send(data) {
    if (this.readyState !== 1) {
      throw new Error('InvalidStateError: socket is not open');
    }
    const frame = typeof data === 'string' ? data
      : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice()
        : new Uint8Array(data).slice();
    setImmediate(() => this._connection.server._receive(this._connection, frame));
  }

  close(code, reason) {
    if (this.readyState >= 2) {
      return;
    }
    this.closedByClient = { code, reason };
    this.readyState = 2;
    setImmediate(() => {
      this.readyState = 3;
      this.onclose?.({ code: code ?? 1005, reason: reason ?? '', wasClean: true });
    });
  }
}

/** The 0x01 layout: 0x01 | u8 channel length | channel | u64 offset | payload. */
export function encodeBinaryPublication(channel, offset, payload) {
  const name = new TextEncoder().encode(channel);
  const frame = new Uint8Array(2 + name.length + 8 + payload.length);
  frame[0] = 0x01;
  frame[1] = name.length;
  frame.set(name, 2);
  new DataView(frame.buffer).setBigUint64(2 + name.length, BigInt(offset), false);
  frame.set(payload, 2 + name.length + 8);
  return frame;
}

/** Parses the client's 0x02 layout: 0x02 | u32 id | u8 channel length | channel | payload. */
export function decodeBinaryPublish(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] !== 0x02) {
    throw new Error(`unexpected binary frame type ${bytes[0]}`);
  }
  const id = view.getUint32(1, false);
  const length = bytes[5];
  const channel = new TextDecoder().decode(bytes.subarray(6, 6 + length));
  return { type: 'publish', id, channel, binary: bytes.slice(6 + length) };
}

function toWire(publication) {
  const wire = { channel: publication.channel, offset: publication.offset };
  if (publication.bytes) {
    wire.binary = Buffer.from(publication.bytes).toString('base64');
  } else {
    wire.data = publication.data;
  }
  if (publication.info) {
    wire.info = publication.info;
  }
  return wire;
}

// ---- bounded waits ------------------------------------------------------------------------------

/**
 * Resolves with the first truthy value of `condition()`, re-checked after every macrotask; rejects
 * with `label` once `timeout` ms of real time have passed. Uses setImmediate and a real clock, so it
 * works both with real timers and with mock timers.
 * @template T
 * @param {() => T} condition
 * @param {{ timeout?: number, label?: string }} [options]
 * @returns {Promise<T>}
 */
export function waitUntil(condition, { timeout = 2000, label = 'condition' } = {}) {
  const deadline = performance.now() + timeout;
  return new Promise((resolve, reject) => {
    const check = () => {
      let value;
      try {
        value = condition();
      } catch (error) {
        reject(error);
        return;
      }
      if (value) {
        resolve(value);
      } else if (performance.now() > deadline) {
        reject(new Error(`timed out after ${timeout} ms waiting for ${label}`));
      } else {
        setImmediate(check);
      }
    };
    check();
  });
}

/**
 * The next `event` of `emitter` whose context passes `filter`, within `timeout` ms.
 * @returns {Promise<any>} the event context
 */
export async function nextEvent(emitter, event, { filter = () => true, timeout = 2000 } = {}) {
  let hit = null;
  const listener = (ctx) => {
    if (!hit && filter(ctx)) {
      hit = { ctx };
    }
  };
  emitter.on(event, listener);
  try {
    return (await waitUntil(() => hit, { timeout, label: `event '${event}'` })).ctx;
  } finally {
    emitter.off(event, listener);
  }
}

/** Lets every event the fake server has scheduled so far be delivered (a few macrotask turns). */
export async function settle(turns = 5) {
  for (let i = 0; i < turns; i++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}
