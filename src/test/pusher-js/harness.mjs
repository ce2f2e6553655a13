// Shared pieces of the pusher-js tests: the server under test (from the environment the JUnit driver
// sets), an auth endpoint signed by the real `pusher` server SDK, and bounded waits.
import http from 'node:http';
import PusherServer from 'pusher';
import PusherClient from 'pusher-js';

export const env = {
  host: process.env.HERALD_HOST ?? '127.0.0.1',
  port: Number(process.env.HERALD_PORT),
  path: process.env.HERALD_PATH ?? '',
  apiKey: process.env.HERALD_API_KEY,
  appId: process.env.PUSHER_APP_ID,
  key: process.env.PUSHER_KEY,
  secret: process.env.PUSHER_SECRET,
};

/** The server SDK pointed at Herald. */
export const server = new PusherServer({
  appId: env.appId, key: env.key, secret: env.secret,
  // under a context path (a WAR at /herald) the SDK's requests go to /herald/apps/..., signed as /apps/...
  host: env.host, port: `${env.port}${env.path}`, useTLS: false,
  // end-to-end encryption of private-encrypted- channels: the SDK encrypts, pusher-js decrypts
  encryptionMasterKeyBase64: Buffer.alloc(32, 7).toString('base64'),
});

/**
 * An auth endpoint as a backend would run it: channel auth (users named by the `user` query parameter of
 * the endpoint URL, for presence) and user sign-in, both signed by the SDK.
 */
export async function startAuthEndpoint() {
  const srv = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const url = new URL(req.url, 'http://x');
      const form = new URLSearchParams(body);
      const socketId = form.get('socket_id');
      let answer;
      if (url.pathname === '/user-auth') {
        const watch = url.searchParams.get('watch');
        answer = server.authenticateUser(socketId, {
          id: url.searchParams.get('user') ?? 'anon', ...(watch ? { watchlist: watch.split(',') } : {}),
        });
      } else {
        const channel = form.get('channel_name');
        const user = url.searchParams.get('user');
        if (url.searchParams.get('bad') === '1') {
          answer = { auth: `${env.key}:${'0'.repeat(64)}` };
        } else if (channel.startsWith('presence-')) {
          answer = server.authorizeChannel(socketId, channel, { user_id: user, user_info: { name: user } });
        } else {
          answer = server.authorizeChannel(socketId, channel);
        }
      }
      res.writeHead(200, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${srv.address().port}`, close: () => new Promise((r) => { srv.close(r); srv.closeAllConnections(); }) };
}

/** A pusher-js client configured the way docs/pusher.md tells users to. */
export function client(authUrl, user, extra = {}) {
  const q = user ? `?user=${encodeURIComponent(user)}` : '';
  return new PusherClient(env.key, {
    wsHost: env.host, wsPort: env.port, wsPath: env.path, forceTLS: false, enabledTransports: ['ws'],
    cluster: 'mt1', disableStats: true,
    channelAuthorization: { endpoint: `${authUrl}/auth${q}`, transport: 'ajax' },
    userAuthentication: { endpoint: `${authUrl}/user-auth${q}`, transport: 'ajax' },
    ...extra,
  });
}

/** Resolves when `register(resolve)` calls back, or rejects after `ms`. */
export function within(ms, what, register) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    register((v) => { clearTimeout(timer); resolve(v); });
  });
}

export const connected = (p) => within(5000, 'connected', (done) => {
  if (p.connection.state === 'connected') done();
  else p.connection.bind('connected', () => done());
});

export function subscribed(p, name) {
  const ch = p.subscribe(name);
  return within(5000, `subscription to ${name}`, (done) => ch.bind('pusher:subscription_succeeded', (d) => done(d)))
    .then(() => ch);
}

export function nextEvent(ch, event, ms = 5000) {
  return within(ms, `${event} on ${ch.name}`, (done) => ch.bind(event, (d, meta) => done({ data: d, meta })));
}

/** Asserts that nothing arrives for `ms` (the only unbounded-looking wait: it is the assertion). */
export function silence(ch, event, ms = 500) {
  return new Promise((resolve, reject) => {
    const handler = (d) => reject(new Error(`unexpected ${event} on ${ch.name}: ${JSON.stringify(d)}`));
    ch.bind(event, handler);
    setTimeout(() => { ch.unbind(event, handler); resolve(); }, ms);
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns truthy or `ms` pass. */
export async function eventually(ms, what, check) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try { last = await check(); if (last) return last; } catch (e) { last = e; }
    await sleep(50);
  }
  throw new Error(`timed out after ${ms} ms: ${what} (last: ${last})`);
}
