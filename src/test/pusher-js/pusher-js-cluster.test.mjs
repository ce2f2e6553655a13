// pusher-js against two Herald nodes on one Redis (run by PusherClusterTest): what a watchlist sees when the
// watched users sign in and out on the other node, one of them with a tab on each node.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { env, startAuthEndpoint, client, connected, within, eventually } from './harness.mjs';

const portB = Number(process.env.HERALD_PORT_B);
let auth;
const clients = [];
const open = (user, node, extra = {}) => {
  const c = client(auth.url, user, { ...(node === 'B' ? { wsPort: portB } : {}), ...extra });
  clients.push(c);
  return c;
};
const signedIn = async (p) => {
  await connected(p);
  p.signin();
  await within(5000, 'signin', (done) => p.user.signinDonePromise.then(done));
};

before(async () => { auth = await startAuthEndpoint(); });
after(async () => { clients.forEach((c) => c.disconnect()); await auth.close(); });

test('watchlist across nodes: online/offline once per user, whichever node its tabs are on', async () => {
  assert.ok(portB > 0 && portB !== env.port, 'HERALD_PORT_B names the second node');
  const xena = open('xena', 'B');
  await signedIn(xena);
  const wanda = open('wanda', 'A', {
    userAuthentication: { endpoint: `${auth.url}/user-auth?user=wanda&watch=xena,yuri`, transport: 'ajax' },
  });
  const events = [];
  wanda.user.watchlist.bind('online', (e) => events.push(['online', e.user_ids]));
  wanda.user.watchlist.bind('offline', (e) => events.push(['offline', e.user_ids]));
  await signedIn(wanda);
  await eventually(5000, 'xena (signed in on node B) reported online', () => events.length >= 1);
  const yuriOnB = open('yuri', 'B'); const yuriOnA = open('yuri', 'A'); // one user, a tab on each node
  await signedIn(yuriOnB); await signedIn(yuriOnA);
  await signedIn(open('zed', 'B')); // not watched
  await eventually(5000, 'yuri reported online', () => events.length >= 2);
  yuriOnB.disconnect(); // yuri still has the tab on node A: no offline
  xena.disconnect();
  await eventually(5000, 'xena reported offline', () => events.length >= 3);
  yuriOnA.disconnect();
  await eventually(5000, 'yuri reported offline', () => events.length >= 4);
  assert.deepEqual(events, [['online', ['xena']], ['online', ['yuri']], ['offline', ['xena']], ['offline', ['yuri']]]);
});
